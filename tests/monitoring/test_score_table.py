"""The score table and the rules of the whole (国办秘函〔2019〕19号), on both
sides of each threshold: any veto fails and nothing else is scored; under 60
fails; the bonus counts from 80 up, for portals only, capped at 30; a
department without external services is scored out of 75, scaled by 4/3;
deductions never exceed their item's or their group's points. The table is
data: editing a row changes the score; an inspector's finding counts from the
day it was made until it is resolved."""

from datetime import date
from decimal import Decimal

import pytest

from monitoring import internal
from monitoring.models import ManualFinding, ScoreGroup, ScoreRule
from monitoring.report import Deduction, SiteReport
from monitoring.score_table import DEFAULT_RULES, ScoreTable
from sites.models import SiteProfile
from tests.monitoring.conftest import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def table():
    return ScoreTable.load()


# One item of each group but "services" first, so that losses up to 60 points
# stay under every group's points.
SPREAD = [
    "typo",
    "interpretation_missing",
    "letter_late",
    "search_missing",
    "disclosure_late",
    "column_stale",
    "response_missing",
]


def report_with(table, lost=0.0, *, portal=True, bonus=0, exempt=False, veto=False):
    """A report that lost `lost` points (in items of at most 10, spread over
    the groups) and earned `bonus` bonus items of 5 points."""
    report = SiteReport("site.example", table, portal=portal, services_exempt=exempt)
    codes = iter(SPREAD)
    while lost > 0:
        points = round(min(lost, 10), 1)
        report.deductions.append(Deduction(next(codes), points, "x"))
        lost = round(lost - points, 1)
    for _n in range(bonus):
        report.add_bonus("bonus_multilingual", 1, "x")
    if veto:
        report.veto("homepage_stale", "x")
    return report


def test_every_default_item_is_seeded_by_the_migration():
    codes = set(ScoreRule.objects.values_list("code", flat=True))
    assert codes >= {row[0] for row in DEFAULT_RULES}
    groups = dict(ScoreGroup.objects.values_list("code", "points"))
    for subject in ("website", "new_media"):
        deduction_total = sum(
            ScoreGroup.objects.filter(part="deduction", subject=subject).values_list(
                "points", flat=True
            )
        )
        assert deduction_total == 100
    assert groups["services"] == 25
    assert groups["bonus"] == 30
    vetoes = set(
        ScoreRule.objects.filter(
            group__part="veto", group__subject="website"
        ).values_list("code", flat=True)
    )
    assert vetoes == {
        "unreachable",
        "homepage_stale",
        "columns_stale",
        "columns_empty",
        "serious_error",
        "interaction_poor",
        "service_unusable",
    }
    for group in ("services", "interaction", "release"):
        assert ScoreRule.objects.filter(group__code=group).count() >= 2


def test_the_seeded_table_matches_the_domain_rules():
    """domain.md: four deduction groups (release and interpretation, services
    25, interaction, function design) making 100, a bonus part of 30, vetoes
    worth no points, 1 point per broken homepage link and 0.1 elsewhere."""
    groups = {
        group.code: (group.name, group.part, group.points)
        for group in ScoreGroup.objects.filter(subject=ScoreGroup.Subject.WEBSITE)
    }
    assert groups == {
        "veto": ("单项否决", "veto", None),
        "release": ("发布解读", "deduction", 45),
        "services": ("办事服务", "deduction", 25),
        "interaction": ("互动交流", "deduction", 15),
        "function": ("功能设计", "deduction", 15),
        "bonus": ("加分指标", "bonus", 30),
    }
    rules = {
        rule.code: rule
        for rule in ScoreRule.objects.select_related("group").filter(
            group__subject=ScoreGroup.Subject.WEBSITE
        )
    }
    assert rules["interpretation_missing"].group.code == "release"
    assert rules["response_missing"].group.code == "release"
    assert (rules["broken_link_home"].points, rules["broken_link"].points) == (
        1,
        Decimal("0.1"),
    )
    for rule in rules.values():
        if rule.group.part == "veto":
            assert (rule.points, rule.cap) == (0, None), rule.code
        elif rule.cap is not None:
            # No item is worth more than its group.
            assert rule.cap <= rule.group.points, rule.code
    bonus_items = [r for r in rules.values() if r.group.code == "bonus"]
    assert sum(r.cap for r in bonus_items) == 30


@pytest.mark.parametrize(("lost", "passed"), [(40.0, True), (40.1, False)])
def test_sixty_points_pass_and_less_fails(table, lost, passed):
    result = report_with(table, lost).result
    assert result.passed is passed
    assert result.deduction_score == round(100 - lost, 1)


def test_a_veto_fails_whatever_the_score_and_scores_nothing(table):
    result = report_with(table, 0, bonus=6, veto=True).result
    assert not result.passed
    assert result.score == 0
    assert result.bonus_score == 0
    assert result.deduction_score == 100


@pytest.mark.parametrize(("lost", "bonus"), [(20.0, 5.0), (20.1, 0.0)])
def test_the_bonus_counts_from_eighty_up(table, lost, bonus):
    result = report_with(table, lost, bonus=1).result
    assert result.bonus_score == bonus
    assert result.score == round(100 - lost + bonus, 1)


def test_the_bonus_is_for_portals_only_and_capped_at_thirty(table):
    assert report_with(table, bonus=7).result.score == 130
    assert report_with(table, bonus=7, portal=False).result.score == 100


def test_deductions_never_exceed_the_group_points(table):
    report = SiteReport("site.example", table)
    for code in ("typo", "disclosure_late", "column_stale", "interpretation_missing"):
        report.deduct(code, 100, "x")  # 10 each
    assert report.result.deduction_score == 60
    report.deduct("column_empty", 100, "x")  # 8: 48, over the group's 45
    assert report.result.deduction_score == 55
    report.deduct("response_missing", 1, "x")  # 发布解读 has no points left
    assert report.result.deduction_score == 55
    report.deduct("letter_late", 1, "x")
    assert report.result.deduction_score == 54.5


def test_an_item_never_exceeds_its_cap(table):
    report = SiteReport("site.example", table)
    report.deduct("typo", 20, "x")
    report.deduct("broken_link", 101, "x")
    assert [d.points for d in report.deductions] == [10.0, 10.0]


def test_a_department_without_services_is_scored_out_of_75_times_four_thirds(table):
    report = report_with(table, 15, exempt=True)
    report.deduct("guide_incomplete", 4, "ignored: services are not scored")
    result = report.result
    assert result.deduction_score == 80.0  # (75 - 15) × 4/3
    assert not result.services_scored
    assert report_with(table, 15).result.deduction_score == 85.0


class TestTheTableIsData:
    def test_editing_an_item_changes_the_deduction(self):
        ScoreRule.objects.filter(code="typo").update(points=2, cap=3)
        report = SiteReport("site.example", ScoreTable.load())
        report.deduct("typo", 1, "x")
        report.deduct("typo", 5, "x")
        assert [d.points for d in report.deductions] == [2.0, 3.0]
        assert report.deductions[0].name == "错别字"

    def test_a_removed_item_deducts_nothing(self):
        ScoreRule.objects.filter(code="typo").delete()
        report = SiteReport("site.example", ScoreTable.load())
        report.deduct("typo", 3, "x")
        assert report.deductions == []

    def test_an_empty_table_is_seeded_with_the_defaults(self):
        ScoreRule.objects.all().delete()
        ScoreGroup.objects.all().delete()
        assert set(ScoreTable.load().rules) == {row[0] for row in DEFAULT_RULES}


class TestManualFindings:
    def check(self, profile, as_of=AS_OF):
        profile = SiteProfile.objects.with_site().get(pk=profile.pk)
        return internal.check_sites([profile], as_of)[profile.site.hostname]

    def find(self, profile, code, found_on, resolved_on=None, occurrences=1):
        return ManualFinding.objects.create(
            profile=profile,
            rule=ScoreRule.objects.get(code=code),
            occurrences=occurrences,
            found_on=found_on,
            resolved_on=resolved_on,
            detail="检查发现",
            evidence="http://town.localhost/x/\n截图 2026-06-01",
        )

    def test_a_manual_veto_counts_from_its_day_until_resolved(self, lively):
        self.find(lively, "serious_error", AS_OF, resolved_on=date(2026, 7, 2))
        assert self.check(lively, date(2026, 6, 29)).vetoes == []
        [veto] = self.check(lively, AS_OF).vetoes
        assert veto.code == "serious_error"
        assert veto.manual
        assert veto.evidence == ["http://town.localhost/x/", "截图 2026-06-01"]
        assert not self.check(lively, AS_OF).passed
        assert self.check(lively, date(2026, 7, 1)).vetoes
        assert self.check(lively, date(2026, 7, 2)).vetoes == []

    def test_a_manual_deduction_and_a_bonus(self, lively):
        self.find(lively, "search_poor", AS_OF, occurrences=2)
        self.find(lively, "bonus_accessibility", AS_OF)
        report = self.check(lively)
        [manual] = [d for d in report.deductions if d.manual]
        assert (manual.code, manual.points) == ("search_poor", 4.0)
        assert report.portal
        assert report.result.bonus_score == 5.0

    def test_no_external_services_counts_for_departments_only(self, cluster):
        town = SiteProfile.objects.with_site().get(pk=cluster.town.pk)
        dept = SiteProfile.objects.with_site().get(pk=cluster.dept.pk)
        for profile in (town, dept):
            self.find(profile, "no_external_services", AS_OF)
        town_report = self.check(town)
        dept_report = self.check(dept)
        assert "service_unusable" in [v.code for v in town_report.vetoes]
        assert town_report.result.services_scored
        assert "service_unusable" not in [v.code for v in dept_report.vetoes]
        assert not dept_report.result.services_scored
