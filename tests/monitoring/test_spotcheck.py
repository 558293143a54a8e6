import json
import re
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from monitoring.models import SiteResult, SpotCheckRun
from sites.models import SiteProfile, SiteStatus
from tests.factories import UserFactory
from tests.monitoring.conftest import make_lively

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
