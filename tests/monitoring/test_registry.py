"""The monitor asks the other apps through its registry, filled by each app
when it is ready; a rule nobody answers is reported as skipped."""

import pytest

from monitoring import registry
from tests.monitoring.test_rules import check

pytestmark = pytest.mark.django_db


def test_every_installed_app_answers_its_question():
    from cms.publishing.checks import matchers_for_sites, rich_text_prose
    from disclosure.lateness import late_documents_of_sites
    from interaction.metrics import consultation_health_of_sites

    assert registry.provider(registry.CONTENT_MATCHER) is matchers_for_sites
    assert registry.provider(registry.RICH_TEXT_READER) is rich_text_prose
    assert (
        registry.provider(registry.CONSULTATION_HEALTH) is consultation_health_of_sites
    )
    assert registry.provider(registry.LATE_DOCUMENTS) is late_documents_of_sites


def test_unknown_questions_and_second_answers_are_refused():
    with pytest.raises(ValueError, match="unknown"):
        registry.register("weather", len)
    with pytest.raises(ValueError, match="unknown"):
        registry.provider("weather")
    with pytest.raises(ValueError, match="answered already"):
        registry.register(registry.LATE_DOCUMENTS, len)


def test_registering_the_same_function_again_changes_nothing():
    function = registry.provider(registry.LATE_DOCUMENTS)
    registry.register(registry.LATE_DOCUMENTS, function)
    assert registry.provider(registry.LATE_DOCUMENTS) is function


def test_an_unanswered_interaction_question_skips_its_rule(lively):
    assert "interaction_poor" not in [w.code for w in check(lively).warnings]
    with registry.without(registry.CONSULTATION_HEALTH):
        report = check(lively)
    assert "interaction_poor" in [w.code for w in report.warnings]
    assert "interaction_poor" not in [veto.code for veto in report.vetoes]
    assert registry.provider(registry.CONSULTATION_HEALTH) is not None


def test_unanswered_content_and_disclosure_questions_skip_their_checks(lively):
    with registry.without(
        registry.CONTENT_MATCHER, registry.RICH_TEXT_READER, registry.LATE_DOCUMENTS
    ):
        report = check(lively)
    assert report.vetoes == []
