"""The single vetoes' thresholds and an enabled flag are columns of the score
table the cluster office edits (seeded with the national values), here for
the availability veto; the other vetoes are in test_rules.py
(TestVetoThresholdsAreRowsOfTheTable)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from monitoring.models import AvailabilityProbe, ScoreRule
from monitoring.probes import availability_findings
from monitoring.score_table import default_veto_limits
from tests.monitoring.conftest import AS_OF

pytestmark = pytest.mark.django_db


def set_row(code, **values):
    assert ScoreRule.objects.filter(code=code).update(**values) == 1


def test_the_migration_seeds_every_veto_row_with_the_national_thresholds():
    rows = {
        rule.code: rule
        for rule in ScoreRule.objects.filter(group__part="veto", enabled=True)
    }
    assert set(rows) == set(default_veto_limits())
    seeded = {
        code: (
            rule.threshold and float(rule.threshold),
            rule.second_threshold and float(rule.second_threshold),
            rule.period_days,
        )
        for code, rule in rows.items()
    }
    assert seeded == {
        "unreachable": (5.0, 21.0, 7),
        "homepage_stale": (None, None, 14),
        "columns_stale": (5.0, 10.0, None),
        "columns_empty": (5.0, None, None),
        "serious_error": (None, None, None),
        "interaction_poor": (3.0, None, 365),
        "service_unusable": (5.0, 4.0, None),
        "new_media_silent": (None, None, 14),
        "new_media_no_interaction": (None, None, None),
        "new_media_serious_error": (None, None, None),
    }
    assert not any("MONITORING_" in rule.method for rule in rows.values())


def _store_probes(total, failed):
    end = timezone.make_aware(timezone.datetime(2026, 6, 30, 20))
    AvailabilityProbe.objects.bulk_create(
        AvailabilityProbe(
            hostname="site.example",
            url="http://site.example/",
            checked_at=end - timedelta(minutes=60 * n),
            ok=n >= failed,
        )
        for n in range(total)
    )


def _availability():
    return availability_findings({"site.example": "http://site.example/"}, AS_OF)[
        "site.example"
    ]


@pytest.mark.parametrize(("percent", "vetoed"), [("2.7", True), ("2.8", False)])
def test_the_failure_rate_is_the_row_threshold(percent, vetoed):
    _store_probes(147, 4)  # 2.72%
    set_row("unreachable", threshold=percent)
    found, _warnings = _availability()
    assert bool(found) is vetoed


@pytest.mark.parametrize(("per_day", "judged"), [(20, True), (21, False)])
def test_probes_a_day_are_the_second_threshold(per_day, judged):
    _store_probes(140, 0)  # 20 a day over 7 days
    set_row("unreachable", second_threshold=per_day)
    _vetoes, warnings = _availability()
    assert (warnings == []) is judged
