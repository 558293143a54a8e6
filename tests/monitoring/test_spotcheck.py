import json
import re
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.functions import Substr
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from wagtail.models import Page, PageViewRestriction, Site

from cms.pages.models import HomePage
from disclosure.models import IssuingBody
from monitoring.models import SiteResult, SpotCheckRun
from monitoring.spotcheck import Selection, check, checkable_profiles
from sites.models import SiteLevel, SiteProfile, SiteStatus
from sites.scoping import site_pages_q, subtree_q
from tests.disclosure.conftest import add_document
from tests.factories import UserFactory, column
from tests.monitoring.conftest import AS_OF, make_lively

pytestmark = pytest.mark.django_db


def run_json(*args):
    out = StringIO()
    call_command("spotcheck", *args, "--as-of", "2026-06-30", "--json", "-", stdout=out)
    return json.loads(out.getvalue())


def test_json_has_exactly_the_documented_shape_and_every_run_is_stored(cluster):
    make_lively(cluster.town)
    results = run_json("--site", "town.localhost", "--site", "county.localhost")
    assert [r["site"] for r in results] == ["county.localhost", "town.localhost"]
    for result in results:
        assert set(result) == {
            "site",
            "passed",
            "score",
            "vetoes",
            "deductions",
            "warnings",
            "verdict",
            "scored",
            "deduction_score",
            "bonus_score",
            "bonuses",
            "services_scored",
            "new_media",
        }
        for veto in result["vetoes"]:
            assert set(veto) == {"code", "detail", "evidence", "name", "manual"}
        for deduction in result["deductions"]:
            assert set(deduction) == {
                "code",
                "points",
                "detail",
                "evidence",
                "name",
                "manual",
            }
        for warning in result["warnings"]:
            assert set(warning) == {"code", "detail"}
    county, town = results
    assert not county["passed"]
    assert county["verdict"] == "不合格"
    assert county["scored"] is False
    assert county["score"] == 0.0
    assert town["verdict"] == "合格"
    assert town["score"] == town["deduction_score"] + town["bonus_score"]
    assert {"homepage_stale", "columns_empty"} <= {v["code"] for v in county["vetoes"]}
    assert town["vetoes"] == []
    run = SpotCheckRun.objects.get()
    assert run.results.count() == 2
    assert str(run.as_of) == "2026-06-30"


def test_all_skips_closed_sites_and_sample_takes_a_share(cluster):
    SiteProfile.objects.filter(pk=cluster.dept.pk).update(status=SiteStatus.CLOSED)
    assert len(run_json("--all")) == 3
    assert len(run_json("--sample", "50")) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--site", "nowhere.localhost"], "不在平台上"),
        (["--sample", "0"], "1 到 100"),
        (["--all", "--as-of", "2026-13-01"], "格式不正确"),
    ],
)
def test_user_mistakes_get_a_chinese_error_and_store_nothing(cluster, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("spotcheck", *args, stdout=StringIO())
    assert not SpotCheckRun.objects.exists()


class TestDashboard:
    @pytest.fixture
    def run(self, cluster):
        call_command("spotcheck", "--all", "--as-of", "2026-06-30", stdout=StringIO())
        return SpotCheckRun.objects.get()

    def test_inspector_sees_every_site_filtered_and_sorted(self, client, run):
        from django.contrib.auth.models import Group, Permission

        inspectors = Group.objects.create(name="检查员")
        inspectors.permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="inspect_cluster"),
        )
        client.force_login(UserFactory(username="inspector", groups=[inspectors]))
        page = client.get("/admin/monitoring/?sort=-site")
        assert page.status_code == 200
        text = page.content.decode()
        assert text.index("town.localhost") < text.index("city.localhost")
        filtered = client.get("/admin/monitoring/?level=township").content.decode()
        assert "<small>town.localhost</small>" in filtered
        assert "<small>county.localhost</small>" not in filtered
        assert "建议关停上移" in text
        result = run.results.get(hostname="town.localhost")
        card = client.get(f"/admin/monitoring/results/{result.pk}/").content.decode()
        assert "http://town.localhost/" in card

    def test_editor_of_one_site_is_refused(self, client, run, cluster):
        client.force_login(
            UserFactory(username="ed", groups=[cluster.town.editors_group])
        )
        result = SiteResult.objects.filter(hostname="city.localhost").get()
        for url in (
            "/admin/monitoring/",
            f"/admin/monitoring/results/{result.pk}/",
            f"/admin/monitoring/runs/{run.pk}/export.xlsx",
        ):
            # Wagtail turns PermissionDenied into a redirect to the dashboard.
            response = client.get(url)
            assert response.status_code == 302
            assert response.url == "/admin/"
        assert "/admin/monitoring/" not in client.get("/admin/").content.decode()

    def test_excel_export_lists_every_site_and_veto(self, admin_client, run):
        response = admin_client.get(f"/admin/monitoring/runs/{run.pk}/export.xlsx")
        book = load_workbook(BytesIO(response.content))
        hosts = [row[1].value for row in book["汇总"].iter_rows(min_row=2)]
        assert sorted(hosts) == sorted(run.results.values_list("hostname", flat=True))
        findings = {row[2].value for row in book["明细"].iter_rows(min_row=2)}
        assert "空白栏目" in findings
        levels = {row[2].value for row in book["汇总"].iter_rows(min_row=2)}
        assert {"乡镇（街道）", "县级"} <= levels
        # People read names, never the codes stored in the results.
        cells = [
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        stored = {"township", "county", "homepage_stale", "columns_empty"}
        assert not [cell for cell in cells if stored & set(re.split(r"[,、\s]+", cell))]

    def test_dashboard_and_scorecard_show_names_not_codes(self, admin_client, run):
        page = admin_client.get("/admin/monitoring/").content.decode()
        assert "<td>乡镇（街道）</td>" in page
        assert "空白栏目" in page and "首页不更新" in page
        assert "<td>township</td>" not in page and "columns_empty" not in page
        result = run.results.get(hostname="county.localhost")
        card = admin_client.get(f"/admin/monitoring/results/{result.pk}/").content
        assert "<strong>空白栏目</strong>" in card.decode()
        assert "columns_empty" not in card.decode()

    def test_repeated_vetoes_make_a_consolidation_candidate(
        self, admin_client, run, settings
    ):
        settings.MONITORING_CANDIDATE_CONSECUTIVE_FAILURES = 2
        call_command("spotcheck", "--all", "--as-of", "2026-06-30", stdout=StringIO())
        from monitoring.dashboard import consolidation_candidates

        reasons = {c.result.hostname: c.reason for c in consolidation_candidates()}
        assert "连续 2 次" in reasons["town.localhost"]


# On tables of a few rows PostgreSQL reads a whole index (or the table)
# rather than probe it once per site range, as it never would on a large
# cluster: with these priced out, a plan reads rows by index conditions
# (bitmap scans, joins by nested loops) whenever the query allows it.
PRICED_OUT = (
    "enable_seqscan",
    "enable_hashjoin",
    "enable_mergejoin",
    "enable_indexscan",
    "enable_indexonlyscan",
)
FULL_SCAN_NODES = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Index Scan"}


def _plan_nodes(node):
    yield node
    for child in node.get("Plans", ()):
        yield from _plan_nodes(child)


def full_scans_of_pages(sql):
    """The steps of the database's plan for `sql` that read the whole page
    table: on SQLite `SCAN wagtailcore_page` (in table or index order); on
    PostgreSQL, with sequential and plain index scans, hash and merge joins
    priced out so that any usable index condition is taken (PRICED_OUT), a
    sequential scan of the page table or a scan of one of its indexes
    without an index condition."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            aliases = {"wagtailcore_page"}
            aliases.update(re.findall(r'"wagtailcore_page" ([A-Z]\d+)\b', sql))
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            steps = [row[-1] for row in cursor.fetchall()]
            return [
                step
                for step in steps
                if step.startswith("SCAN ") and step.split()[1] in aliases
            ]
        if " WHERE " not in sql:
            # A lookup driven by another table (the view restrictions): with
            # no statistics on tiny tables PostgreSQL may take either side
            # first; the page filters are what this check is about.
            return []
        # Statistics as they stand now: the planner's guess for a table never
        # analysed depends on what earlier tests left in its free space map.
        for table in set(re.findall(r'FROM "(\w+)"|JOIN "(\w+)"', sql)):
            for name in filter(None, table):
                cursor.execute(f'ANALYZE "{name}"')
        # Joins by nested loops, so that a join reads the pages it needs by
        # their key rather than the whole table in key order.
        for setting in PRICED_OUT:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
        for setting in PRICED_OUT:
            cursor.execute(f"SET LOCAL {setting} = on")
    if isinstance(plan, str):
        plan = json.loads(plan)
    return [
        f"{node['Node Type']} {node.get('Index Name', '')}"
        for node in _plan_nodes(plan[0]["Plan"])
        if (
            node.get("Relation Name") == "wagtailcore_page"
            or node.get("Index Name", "").startswith("wagtailcore_page_")
        )
        and node["Node Type"] in FULL_SCAN_NODES
        and "Index Cond" not in node
    ]


def bare_sites(count):
    """`count` sites of a homepage only, side by side in the page tree (rows
    for the plans to choose among, built in a second)."""
    root = Page.get_first_root_node()
    profiles = []
    for n in range(count):
        home = root.add_child(instance=HomePage(title=f"空站{n}", slug=f"bare-{n}"))
        site = Site.objects.create(
            hostname=f"bare{n}.localhost", root_page=home, site_name=home.title
        )
        profiles.append(
            SiteProfile.objects.create(
                site=site,
                name=home.title,
                short_name=home.title,
                level=SiteLevel.TOWNSHIP,
                identity_code=f"59{n:08d}",
            )
        )
    return profiles


# SQLite trades index lookups for a full scan from about 20 separate path
# ranges in one query (a sample of a large cluster).
SEPARATE_RANGES = 26


class TestSiteScoping:
    """A spot check finds each site's pages through the index on the page
    path, so its cost follows the sites checked, not the size of the cluster
    (issue 18: with `path LIKE` SQLite read all 200,000 pages of a 2,000-site
    cluster for every site and rule)."""

    @pytest.fixture
    def checked(self, cluster):
        town = make_lively(cluster.town)
        body = IssuingBody.objects.create(
            site=town.site, name="测试镇人民政府", code="000014349"
        )
        add_document(town, body, "逾期公开", date(2026, 3, 2), date(2026, 6, 1))
        PageViewRestriction.objects.create(
            page=column(cluster.county, "news"),
            restriction_type=PageViewRestriction.LOGIN,
        )
        bare_sites(2 * SEPARATE_RANGES)
        profiles = list(checkable_profiles())
        # Sites whose homepages are not consecutive are found by one path
        # range each (a sample of the cluster).
        by_path = sorted(profiles, key=lambda p: p.site.root_page.path)
        apart = by_path[::2]
        assert len(apart) >= SEPARATE_RANGES
        with CaptureQueriesContext(connection) as queries:
            check(Selection(apart, [], "sample"), AS_OF)
            run = check(Selection(profiles, [], "all"), AS_OF)
        selects = [
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].startswith("SELECT") and "wagtailcore_page" in query["sql"]
        ]
        return run, selects

    def test_no_query_of_a_spot_check_reads_the_whole_page_table(self, checked):
        run, selects = checked
        scans = {sql: full_scans_of_pages(sql) for sql in selects}
        assert {sql: steps for sql, steps in scans.items() if steps} == {}
        # The per-site questions other areas answer were asked: consultation
        # channels, late documents and the annual report, each by path range.
        for table in (
            "interaction_mailboxpage",
            "disclosure_disclosuredocumentpage",
            "disclosure_annualreportpage",
            "annualreports_websitereportpage",
        ):
            assert any(
                f'FROM "{table}"' in sql and '"path" <' in sql for sql in selects
            ), table
        assert any(sql.count('"path" <') >= SEPARATE_RANGES for sql in selects)
        town = run.results.get(hostname="town.localhost")
        assert "disclosure_late" in [d["code"] for d in town.deductions]
        assert town.passed
        others = run.results.exclude(hostname="town.localhost")
        assert not any(
            d["code"] == "disclosure_late" for r in others for d in r.deductions
        )

    def test_the_check_sees_a_query_that_reads_the_whole_page_table(self, cluster):
        """The plan test above can fail: the scoping it replaced is caught."""
        home_paths = [cluster.town.site.root_page.path]
        old_scoping = Page.objects.annotate(home=Substr("path", 1, 8)).filter(
            home__in=home_paths
        )
        with CaptureQueriesContext(connection) as queries:
            list(old_scoping)
        assert full_scans_of_pages(queries.captured_queries[-1]["sql"])

    def test_a_site_holds_the_pages_wagtail_puts_in_it(self, cluster):
        for profile in cluster.all():
            site = profile.site
            assert list(Page.objects.filter(site_pages_q(site)).order_by("path")) == (
                list(Page.objects.in_site(site).order_by("path"))
            )
        county_home = cluster.county.site.root_page
        assert list(
            Page.objects.filter(subtree_q(county_home, inclusive=False))
        ) == list(Page.objects.descendant_of(county_home))
