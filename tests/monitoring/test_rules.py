"""One scenario per veto item, on both sides of its threshold, as of a fixed
date (only content published on or before it counts)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.pages.models import ColumnKind, ColumnPage
from monitoring import internal, spotcheck
from monitoring.models import ScoreRule
from sites.models import SiteProfile
from tests.monitoring.conftest import AS_OF, add_article, add_guide, at, column

pytestmark = pytest.mark.django_db


def check(profile, as_of=AS_OF):
    profile = SiteProfile.objects.with_site().get(pk=profile.pk)
    return internal.check_sites([profile], as_of)[profile.site.hostname]


def codes(report):
    return [veto.code for veto in report.vetoes]


def fill(profile, days, skip=()):
    """An article `days` before AS_OF in every column but services (one
    complete guide there) and `skip`."""
    for page in ColumnPage.objects.child_of(profile.site.root_page):
        if page.slug in skip:
            continue
        if page.slug == "services":
            add_guide(page, "户籍办理", published_at=at(300))
        else:
            add_article(page, f"{page.title}消息", published_at=at(days))


def add_columns(profile, kind, count, days=None):
    created = []
    for n in range(count):
        page = ColumnPage(title=f"{kind}栏目{n}", slug=f"{kind}-{n}", kind=kind)
        profile.site.root_page.add_child(instance=page)
        page.save_revision().publish()
        if days is not None:
            add_article(page, f"{kind}{n}消息", published_at=at(days))
        created.append(page)
    return created


def test_a_lively_site_has_no_veto(lively):
    report = check(lively)
    assert report.vetoes == []
    assert report.passed


class TestHomepageStale:
    def test_fourteen_days_is_still_fresh_with_an_early_warning(self, cluster):
        fill(cluster.town, 14)
        report = check(cluster.town)
        assert "homepage_stale" not in codes(report)
        assert "homepage_stale" in [w.code for w in report.warnings]

    def test_fifteen_days_is_stale_with_the_homepage_as_evidence(self, cluster):
        fill(cluster.town, 15)
        report = check(cluster.town)
        veto = next(v for v in report.vetoes if v.code == "homepage_stale")
        assert veto.evidence == ["http://town.localhost/"]
        assert "15" in veto.detail

    def test_content_published_after_the_check_date_does_not_count(self, cluster):
        fill(cluster.town, 20)
        add_article(column(cluster.town, "news"), "明天的消息", published_at=at(-1))
        assert "homepage_stale" in codes(check(cluster.town))
        assert "homepage_stale" not in codes(
            check(
                cluster.town,
                as_of=AS_OF.replace(day=30) + __import__("datetime").timedelta(days=1),
            )
        )

    def test_navigation_only_homepage_is_judged_by_second_level_pages(self, cluster):
        fill(cluster.town, 40)
        ColumnPage.objects.child_of(cluster.town.site.root_page).update(
            show_in_menus=False
        )
        assert "homepage_stale" in codes(check(cluster.town))
        add_guide(column(cluster.town, "services"), "新事项", published_at=at(3))
        assert "homepage_stale" not in codes(check(cluster.town))


class TestColumnsEmpty:
    def test_four_empty_columns_only_warn(self, cluster):
        fill(cluster.town, 1, skip={"policies", "disclosure", "interaction", "about"})
        report = check(cluster.town)
        assert "columns_empty" not in codes(report)
        assert "columns_empty" in [w.code for w in report.warnings]

    def test_five_empty_columns_veto_with_each_column_as_evidence(self, cluster):
        fill(
            cluster.town,
            1,
            skip={"notices", "policies", "disclosure", "interaction", "about"},
        )
        veto = next(v for v in check(cluster.town).vetoes if v.code == "columns_empty")
        assert len(veto.evidence) == 5
        assert "http://town.localhost/about/" in veto.evidence

    @pytest.mark.parametrize(
        ("intro", "empty"), [("", True), ("<p>本镇简介……</p>", False)]
    )
    def test_a_static_column_is_its_own_content(self, cluster, intro, empty):
        """Five columns without items, one static: its text is its content."""
        fill(
            cluster.town,
            1,
            skip={"notices", "policies", "disclosure", "interaction", "about"},
        )
        about = column(cluster.town, "about")
        about.kind, about.intro = ColumnKind.STATIC, intro
        about.save_revision().publish()
        report = check(cluster.town)
        assert ("columns_empty" in codes(report)) is empty
        if not empty:
            found = next(d for d in report.deductions if d.code == "column_empty")
            assert len(found.evidence) == 4
            assert about.full_url not in found.evidence

    def test_empty_columns_under_the_veto_are_deducted_each(self, cluster):
        fill(cluster.town, 1, skip={"policies", "about"})
        found = next(
            d for d in check(cluster.town).deductions if d.code == "column_empty"
        )
        assert found.points == 2 * float(
            ScoreRule.objects.get(code="column_empty").points
        )
        assert len(found.evidence) == 2


class TestColumnsStale:
    def test_four_stale_columns_pass_and_are_deducted_each(self, cluster):
        fill(cluster.county, 1)
        add_columns(cluster.county, ColumnKind.NEWS, 4, days=15)
        add_columns(cluster.county, ColumnKind.PLANNING, 1, days=14)
        report = check(cluster.county)
        assert "columns_stale" not in codes(report)
        found = next(d for d in report.deductions if d.code == "column_stale")
        assert len(found.evidence) == 4
        assert found.points == 4.0

    def test_five_stale_columns_counted_together_veto(self, cluster):
        fill(cluster.county, 1, skip={"notices"})
        add_article(column(cluster.county, "notices"), "旧通知", published_at=at(184))
        add_columns(cluster.county, ColumnKind.NEWS, 4, days=15)
        veto = next(
            v for v in check(cluster.county).vetoes if v.code == "columns_stale"
        )
        assert "通知公告" in veto.detail
        assert len(veto.evidence) == 5

    def test_notices_are_fresh_for_six_months(self, cluster):
        fill(cluster.county, 1, skip={"notices"})
        add_article(column(cluster.county, "notices"), "通知", published_at=at(183))
        add_columns(cluster.county, ColumnKind.NEWS, 4, days=15)
        assert "columns_stale" not in codes(check(cluster.county))

    def test_ten_long_idle_columns_of_any_kind_veto(self, cluster):
        fill(cluster.county, 1)
        add_columns(cluster.county, ColumnKind.PLANNING, 10, days=731)
        assert "columns_stale" in codes(check(cluster.county))

    def test_nine_long_idle_columns_pass(self, cluster):
        fill(cluster.county, 1)
        add_columns(cluster.county, ColumnKind.PLANNING, 9, days=731)
        assert "columns_stale" not in codes(check(cluster.county))


class TestServiceUnusable:
    def test_no_service_at_all_vetoes(self, cluster):
        fill(cluster.town, 1, skip={"services"})
        assert "service_unusable" in codes(check(cluster.town))

    def test_four_guides_missing_four_elements_pass(self, cluster):
        fill(cluster.town, 1)
        for n in range(4):
            add_guide(column(cluster.town, "services"), f"事项{n}", missing=4)
        assert "service_unusable" not in codes(check(cluster.town))

    def test_five_guides_missing_three_elements_pass(self, cluster):
        fill(cluster.town, 1)
        for n in range(5):
            add_guide(column(cluster.town, "services"), f"事项{n}", missing=3)
        report = check(cluster.town)
        assert "service_unusable" not in codes(report)
        # Short of the veto, each incomplete guide costs its points.
        found = next(d for d in report.deductions if d.code == "guide_incomplete")
        assert (found.points, len(found.evidence)) == (2.5, 5)

    def test_complete_guides_are_not_deducted(self, cluster):
        fill(cluster.town, 1)
        report = check(cluster.town)
        assert "guide_incomplete" not in [d.code for d in report.deductions]

    def test_five_guides_missing_four_elements_veto(self, cluster):
        fill(cluster.town, 1)
        for n in range(5):
            add_guide(column(cluster.town, "services"), f"事项{n}", missing=4)
        veto = next(
            v for v in check(cluster.town).vetoes if v.code == "service_unusable"
        )
        assert len(veto.evidence) == 5


class TestDeductionsAndScore:
    def test_missing_footer_items_are_deducted(self, lively):
        SiteProfile.objects.filter(pk=lively.pk).update(
            icp_number="", public_security_number=""
        )
        deduction = next(
            d for d in check(lively).deductions if d.code == "footer_identity"
        )
        assert deduction.points == 2.0

    def test_links_to_withdrawn_pages_are_deducted_and_capped(self, lively, settings):
        target = add_article(column(lively, "news"), "将撤下", published_at=at(2))
        links = "".join(
            f'<a linktype="page" id="{target.pk}">链接{n}</a>' for n in range(150)
        )
        add_article(
            column(lively, "news"), "引用", published_at=at(2), body=f"<p>{links}</p>"
        )
        target.unpublish()
        deduction = next(
            d for d in check(lively).deductions if d.code == "broken_internal_link"
        )
        assert deduction.points == float(
            ScoreRule.objects.get(code="broken_internal_link").cap
        )

    def test_a_score_under_the_pass_mark_fails_without_a_veto(self, lively, settings):
        settings.MONITORING_PASS_SCORE = 99
        # A footer without its record numbers costs points but vetoes nothing.
        lively.icp_number = lively.public_security_number = ""
        lively.save()
        report = check(lively)
        assert report.vetoes == []
        assert report.score < 99
        assert not report.passed

    def test_rules_of_areas_not_installed_are_reported_as_skipped(self, lively):
        warnings = [w.code for w in check(lively).warnings]
        try:
            import interaction.metrics  # noqa: F401
        except ImportError:
            assert "interaction_poor" in warnings


def test_a_site_check_costs_the_same_queries_whatever_its_size(
    cluster, django_assert_max_num_queries
):
    fill(cluster.town, 1)
    fill(cluster.county, 1)
    for n in range(40):
        add_article(column(cluster.county, "news"), f"新闻{n}", published_at=at(n % 20))
        add_guide(column(cluster.county, "services"), f"事项{n}", missing=n % 6)
    # Warm the per-process caches (content-check dictionary, Site lookups).
    internal.check_sites(list(SiteProfile.objects.with_site()), AS_OF)
    counts = []
    for profile in (cluster.town, cluster.county):
        profile = SiteProfile.objects.with_site().get(pk=profile.pk)
        with CaptureQueriesContext(connection) as queries:
            internal.check_sites([profile], AS_OF)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    profile = SiteProfile.objects.with_site().get(pk=cluster.county.pk)
    # One query per page type with text fields (content checks and links),
    # plus a few per site from the other areas (dictionary version, mailboxes,
    # letters, disclosure documents, the annual website report's page).
    with django_assert_max_num_queries(32):
        internal.check_sites([profile], AS_OF)


def set_row(code, **values):
    assert ScoreRule.objects.filter(code=code).update(**values) == 1


def vetoes(profile):
    return codes(check(profile))


class TestVetoThresholdsAreRowsOfTheTable:
    """The single vetoes' thresholds and an enabled flag are columns of the
    score table the cluster office edits: disabling a veto lets a site that
    failed only on it pass (in the stored run the dashboard, JSON and Excel
    read), and moving a threshold moves the verdict on both sides of it."""

    def test_disabling_a_veto_makes_a_site_that_failed_only_on_it_pass(self, lively):
        add_columns(lively, ColumnKind.OTHER, 5)
        selection = spotcheck.Selection([lively], [], "sites")
        failed = spotcheck.check(selection, AS_OF).results.get()
        assert failed.veto_codes == ["columns_empty"]
        assert failed.verdict == "不合格"

        set_row("columns_empty", enabled=False)
        passed = spotcheck.check(selection, AS_OF).results.get()
        result = passed.as_json()
        assert result["vetoes"] == []
        assert result["verdict"] == "合格"
        assert result["scored"] is True
        # The empty columns are still deducted, each, as under the veto.
        [empty] = [d for d in result["deductions"] if d["code"] == "column_empty"]
        assert len(empty["evidence"]) == 5

    def test_a_veto_row_left_empty_falls_back_to_the_national_value(self, lively):
        add_columns(lively, ColumnKind.OTHER, 5)
        set_row("columns_empty", threshold=None)
        assert "columns_empty" in vetoes(lively)

    def test_a_disabled_deduction_item_is_not_deducted(self, lively):
        add_columns(lively, ColumnKind.OTHER, 2)
        assert "column_empty" in [d.code for d in check(lively).deductions]
        set_row("column_empty", enabled=False)
        assert "column_empty" not in [d.code for d in check(lively).deductions]

    def test_homepage_days_are_the_period_of_the_row(self, cluster):
        fill(cluster.town, 15)  # nothing newer than 15 days
        set_row("homepage_stale", period_days=15)
        assert "homepage_stale" not in vetoes(cluster.town)
        set_row("homepage_stale", period_days=14)
        assert "homepage_stale" in vetoes(cluster.town)

    def test_column_vetoes_fire_at_the_row_thresholds(self, lively):
        """Both sides of each column threshold, on one site: 3 empty columns,
        3 news columns 15 days old, 3 planning columns idle for two years."""
        add_columns(lively, ColumnKind.OTHER, 3)
        add_columns(lively, ColumnKind.NEWS, 3, days=15)
        add_columns(lively, ColumnKind.PLANNING, 3, days=731)
        set_row("columns_empty", threshold=4)
        set_row("columns_stale", threshold=4, second_threshold=4)
        assert vetoes(lively) == []
        set_row("columns_empty", threshold=3)
        assert vetoes(lively) == ["columns_empty"]
        set_row("columns_empty", threshold=4)
        set_row("columns_stale", threshold=3)
        [stale] = check(lively).vetoes
        assert "3 个栏目超过规定期限未更新" in stale.detail
        set_row("columns_stale", threshold=4, second_threshold=3)
        [stale] = check(lively).vetoes
        assert "3 个应更新栏目长期未更新" in stale.detail

    def test_incomplete_guides_veto_at_the_row_thresholds(self, lively):
        services = column(lively, "services")
        add_guide(services, "证明开具", missing=2)
        add_guide(services, "登记备案", missing=2)
        for items, elements, vetoed in [(2, 2, True), (3, 2, False), (2, 3, False)]:
            set_row("service_unusable", threshold=items, second_threshold=elements)
            assert ("service_unusable" in vetoes(lively)) is vetoed
