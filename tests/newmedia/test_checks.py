"""The new-media indicators of the national checks, on both sides of every
threshold, as the spot check runs them; and the year's figures the annual
reports read (one module: one test cluster)."""

import json
from datetime import date, datetime, time, timedelta
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from monitoring.internal import manual_findings
from monitoring.models import ManualFinding, ScoreRule, SiteResult, SpotCheckRun
from monitoring.new_media import check_accounts
from newmedia.reporting import year_summary

from .factories import account, post, record

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 6, 30)


def at(days_before):
    return timezone.make_aware(
        datetime.combine(AS_OF - timedelta(days=days_before), time(12))
    )


def results(profile, as_of=AS_OF):
    return check_accounts([profile], as_of).get(profile.pk, [])


def only(profile, as_of=AS_OF):
    (result,) = results(profile, as_of)
    return result


def codes(items):
    return [item["code"] for item in items]


def lively(site, **fields):
    """An account that passes every rule: filed, sponsor named, a post a
    week for the last month."""
    made = account(site, **fields)
    for days in (1, 8, 15, 22):
        post(made, at(days))
    return made


@pytest.mark.parametrize(("days", "vetoed"), [(14, False), (15, True)])
def test_silent_past_two_weeks_is_vetoed_from_the_feed(cluster, days, vetoed):
    made = account(cluster.county.site)
    post(made, at(days))
    # A post after the check's date does not count.
    post(made, at(-1))
    result = only(cluster.county)
    assert ("new_media_silent" in codes(result["vetoes"])) is vetoed
    assert result["last_post_on"] == (AS_OF - timedelta(days=days)).isoformat()
    if vetoed:
        assert result["passed"] is False
        assert result["verdict"] == "不合格"
        assert "15 天前" in result["vetoes"][0]["detail"]


@pytest.mark.parametrize(("days", "vetoed"), [(14, False), (15, True)])
def test_silent_past_two_weeks_is_vetoed_from_staff_records(cluster, days, vetoed):
    made = account(cluster.county.site)
    last = AS_OF - timedelta(days=days)
    record(made, last.replace(day=1), last, posts=3)
    result = only(cluster.county)
    assert ("new_media_silent" in codes(result["vetoes"])) is vetoed


@pytest.mark.parametrize(("period", "vetoed"), [(15, False), (14, True)])
def test_the_office_sets_the_silence_limit_in_the_score_table(cluster, period, vetoed):
    ScoreRule.objects.filter(code="new_media_silent").update(period_days=period)
    made = account(cluster.county.site)
    post(made, at(15))
    result = only(cluster.county)
    assert ("new_media_silent" in codes(result["vetoes"])) is vetoed


def test_a_silence_veto_the_office_switched_off_fails_no_account(cluster):
    ScoreRule.objects.filter(code="new_media_silent").update(enabled=False)
    made = account(cluster.county.site)
    post(made, at(40))
    result = only(cluster.county)
    assert "new_media_silent" not in codes(result["vetoes"])


@pytest.mark.parametrize(("days", "warned"), [(10, False), (11, True)])
def test_early_warning_past_ten_days(cluster, days, warned):
    made = account(cluster.county.site)
    post(made, at(days))
    result = only(cluster.county)
    assert result["vetoes"] == []
    assert ("new_media_silent" in codes(result["warnings"])) is warned


@pytest.mark.parametrize(("days_open", "vetoed"), [(14, False), (15, True)])
def test_an_account_that_never_posted_has_two_weeks_from_opening(
    cluster, days_open, vetoed
):
    account(cluster.county.site, opened_on=AS_OF - timedelta(days=days_open))
    result = only(cluster.county)
    assert ("new_media_silent" in codes(result["vetoes"])) is vetoed


def test_only_accounts_running_on_the_day_are_checked(cluster):
    site = cluster.county.site
    account(
        site,
        name="已关停",
        status="closed",
        status_changed_on=AS_OF,
        status_reason="合并",
    )
    account(
        site,
        name="下月关停",
        status="closed",
        status_changed_on=AS_OF + timedelta(days=1),
        status_reason="合并",
    )
    account(site, name="尚未开设", opened_on=AS_OF + timedelta(days=1))
    assert [result["name"] for result in results(cluster.county)] == ["下月关停"]


def test_no_working_interaction_is_vetoed(cluster):
    lively(cluster.county.site, interaction_available=False)
    result = only(cluster.county)
    assert codes(result["vetoes"]) == ["new_media_no_interaction"]
    assert result["passed"] is False


@pytest.mark.parametrize(("posts", "deducted"), [(3, True), (4, False)])
def test_fewer_posts_than_the_threshold_in_thirty_days(cluster, posts, deducted):
    made = account(cluster.county.site)
    for days in range(1, posts + 1):
        post(made, at(days))
    # Thirty-one days back is outside the window.
    post(made, at(31))
    result = only(cluster.county)
    assert ("new_media_low_activity" in codes(result["deductions"])) is deducted


def test_a_staff_period_still_open_on_the_day_neither_counts_nor_hides_posts(
    cluster,
):
    made = account(cluster.county.site)
    for days in (1, 5, 9, 13):
        post(made, at(days))
    record(
        made,
        AS_OF - timedelta(days=20),
        AS_OF + timedelta(days=5),
        posts=30,
        last_post_on=AS_OF + timedelta(days=3),
    )
    result = only(cluster.county)
    assert result["deductions"] == []
    assert result["last_post_on"] == (AS_OF - timedelta(days=1)).isoformat()


def test_threshold_is_read_from_the_score_table(cluster):
    ScoreRule.objects.filter(code="new_media_low_activity").update(threshold=5)
    lively(cluster.county.site)
    assert codes(only(cluster.county)["deductions"]) == ["new_media_low_activity"]


def test_a_new_account_is_not_judged_on_a_month_it_did_not_run(cluster):
    made = account(cluster.county.site, opened_on=AS_OF - timedelta(days=29))
    post(made, at(1))
    assert only(cluster.county)["deductions"] == []


def test_management_deductions_and_the_score(cluster):
    site = cluster.county.site
    lively(site, platform="wechat", name="测试县发布", body="县政府办")
    lively(
        site,
        platform="wechat",
        name="测试县政务",
        body="县政府办",
        filing_state="unfiled",
        filed_on=None,
        sponsor="",
    )
    lively(site, platform="weibo", name="测试县发布", body="县政府办")
    by_name = {result["name"]: result for result in results(cluster.county)}
    second = by_name["测试县政务"]
    assert sorted(codes(second["deductions"])) == [
        "new_media_duplicate",
        "new_media_name_mismatch",
        "new_media_sponsor_missing",
        "new_media_unfiled",
    ]
    assert second["score"] == 100 - 10 - 5 - 10 - 5
    assert second["passed"] is True
    weibo = by_name["测试县发布"]
    assert weibo["platform_label"] in ("微信公众号", "微博")


@pytest.mark.parametrize(("unanswered", "passed"), [(20, True), (21, True)])
def test_unanswered_messages_are_capped(cluster, unanswered, passed):
    made = lively(cluster.county.site)
    record(
        made,
        date(2026, 6, 1),
        date(2026, 6, 29),
        posts=4,
        messages=unanswered + 5,
        replies=5,
    )
    result = only(cluster.county)
    (deduction,) = result["deductions"]
    assert deduction["code"] == "new_media_unanswered"
    assert deduction["points"] == min(unanswered * 0.5, 20)
    assert result["passed"] is passed


def test_sixty_points_pass_and_less_fails(cluster):
    ScoreRule.objects.filter(code="new_media_unanswered").update(points=1, cap=40)
    made = lively(cluster.county.site, filing_state="unfiled", filed_on=None)
    record(made, date(2026, 6, 1), date(2026, 6, 29), posts=4, messages=40)
    # 40 unanswered messages cost the whole interaction group (30), no more;
    # unfiled 10.
    result = only(cluster.county)
    assert result["score"] == 60
    assert result["passed"] is True
    ScoreRule.objects.filter(code="new_media_sponsor_missing").update(points=0.5)
    type(made).objects.filter(pk=made.pk).update(sponsor="")
    result = only(cluster.county)
    assert result["score"] == 59.5
    assert result["passed"] is False


class TestSpotCheck:
    """The accounts in `spotcheck --json`, on the dashboard and in Excel."""

    @pytest.fixture
    def run_output(self, cluster):
        lively(cluster.county.site, name="测试县发布")
        silent = account(cluster.county.site, platform="douyin", name="测试县抖音")
        post(silent, at(15))
        out = StringIO()
        call_command(
            "spotcheck",
            "--site",
            "county.localhost",
            "--site",
            "town.localhost",
            "--as-of",
            AS_OF.isoformat(),
            "--json",
            "-",
            stdout=out,
        )
        return json.loads(out.getvalue())

    def test_json_lists_every_account_and_flags_the_silent_one(self, run_output):
        county, town = run_output
        assert town["new_media"] == []
        by_name = {item["name"]: item for item in county["new_media"]}
        assert set(by_name) == {"测试县发布", "测试县抖音"}
        assert by_name["测试县发布"]["passed"] is True
        silent = by_name["测试县抖音"]
        assert silent["passed"] is False
        assert codes(silent["vetoes"]) == ["new_media_silent"]
        assert silent["vetoes"][0]["name"] == "新媒体内容不更新"
        assert set(silent) == {
            "account",
            "name",
            "platform",
            "platform_label",
            "account_id",
            "body",
            "passed",
            "score",
            "verdict",
            "vetoes",
            "deductions",
            "warnings",
            "last_post_on",
            "admin_url",
        }

    def test_the_text_output_names_the_failing_account(self, cluster):
        made = account(cluster.county.site, name="沉默账号")
        post(made, at(40))
        out = StringIO()
        call_command(
            "spotcheck",
            "--site",
            "county.localhost",
            "--as-of",
            AS_OF.isoformat(),
            stdout=out,
        )
        text = out.getvalue()
        assert "[政务新媒体] 沉默账号（微信公众号）：不合格  新媒体内容不更新" in text
        assert "政务新媒体账号 1 个，不合格 1 个" in text

    def test_dashboard_scorecard_and_excel(self, admin_client, run_output):
        from monitoring.models import SiteResult

        result = SiteResult.objects.get(hostname="county.localhost")
        page = admin_client.get("/admin/monitoring/").content.decode()
        assert "测试县抖音" in page and "新媒体内容不更新" in page
        assert "new_media_silent" not in page
        card = admin_client.get(f"/admin/monitoring/results/{result.pk}/")
        assert "测试县发布" in card.content.decode()
        response = admin_client.get(
            f"/admin/monitoring/runs/{result.run_id}/export.xlsx"
        )
        sheet = load_workbook(BytesIO(response.content))["政务新媒体"]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
        by_name = {row[1]: row for row in rows}
        assert by_name["测试县抖音"][5] == "不合格"
        assert by_name["测试县抖音"][6] == "不计分"
        assert by_name["测试县抖音"][7].startswith("新媒体内容不更新：")
        assert by_name["测试县发布"][5] == "合格"


# --- Manual findings on an account (the serious-error veto) ---


def serious_error(profile, made, found_on=AS_OF - timedelta(days=3), **fields):
    return ManualFinding.objects.create(
        profile=profile,
        rule=ScoreRule.objects.get(code="new_media_serious_error"),
        new_media_account=made,
        found_on=found_on,
        detail="推文将机构名称写错",
        evidence="https://mp.example.cn/s/abc\n截图 2026-06-27",
        **fields,
    )


def test_an_inspectors_serious_error_vetoes_that_account_only(cluster):
    site = cluster.county.site
    faulty = lively(site, name="测试县发布")
    lively(site, platform="weibo", name="测试县发布")
    serious_error(cluster.county, faulty, resolved_on=AS_OF + timedelta(days=1))
    by_platform = {result["platform"]: result for result in results(cluster.county)}
    (veto,) = by_platform["wechat"]["vetoes"]
    assert veto["code"] == "new_media_serious_error"
    assert veto["name"] == "新媒体严重错误"
    assert veto["manual"] is True
    assert "推文将机构名称写错" in veto["detail"]
    assert veto["evidence"] == ["https://mp.example.cn/s/abc", "截图 2026-06-27"]
    assert by_platform["wechat"]["passed"] is False
    assert by_platform["weibo"]["passed"] is True
    # Before it was found and from the day it was rectified it counts nothing,
    # and it never counts against the website itself.
    assert only_passes(cluster.county, AS_OF - timedelta(days=4))
    assert only_passes(cluster.county, AS_OF + timedelta(days=1))
    assert manual_findings([cluster.county], AS_OF) == {}


def only_passes(profile, as_of):
    return all(result["passed"] for result in results(profile, as_of))


def test_the_office_records_a_finding_against_an_account_in_the_admin(
    cluster, admin_client
):
    own = lively(cluster.county.site, name="测试县发布")
    other = lively(cluster.town.site, name="测试镇发布")
    rule = ScoreRule.objects.get(code="new_media_serious_error")
    url = "/admin/monitoring_manual_findings/new/"
    form = {
        "profile": cluster.county.pk,
        "rule": rule.pk,
        "occurrences": 1,
        "found_on": "2026-06-27",
        "detail": "推文将机构名称写错",
        "evidence": "截图",
    }
    for account_pk, error in [
        ("", "政务新媒体指标须选择所核查的账号。"),
        (other.pk, "所选账号不属于该站点。"),
    ]:
        response = admin_client.post(url, {**form, "new_media_account": account_pk})
        assert response.status_code == 200
        assert error in response.content.decode()
    website_rule = ScoreRule.objects.get(code="serious_error")
    response = admin_client.post(
        url, {**form, "rule": website_rule.pk, "new_media_account": own.pk}
    )
    assert "网站指标不能选择政务新媒体账号。" in response.content.decode()
    assert not ManualFinding.objects.exists()
    response = admin_client.post(url, {**form, "new_media_account": own.pk})
    assert response.status_code == 302
    finding = ManualFinding.objects.get()
    assert finding.new_media_account == own
    assert finding.recorded_by.username == "admin"
    listing = admin_client.get("/admin/monitoring_manual_findings/").content.decode()
    assert "测试县发布（微信公众号）" in listing


def test_the_veto_shows_in_spotcheck_json_the_dashboard_and_excel(
    cluster, admin_client
):
    faulty = lively(cluster.county.site, name="测试县发布")
    serious_error(cluster.county, faulty)
    out = StringIO()
    call_command(
        "spotcheck",
        "--site",
        "county.localhost",
        "--as-of",
        AS_OF.isoformat(),
        "--json",
        "-",
        stdout=out,
    )
    (county,) = json.loads(out.getvalue())
    (item,) = county["new_media"]
    assert (item["name"], item["passed"]) == ("测试县发布", False)
    assert codes(item["vetoes"]) == ["new_media_serious_error"]
    result = SiteResult.objects.get(hostname="county.localhost")
    page = admin_client.get("/admin/monitoring/").content.decode()
    assert "测试县发布" in page and "新媒体严重错误" in page
    response = admin_client.get(f"/admin/monitoring/runs/{result.run_id}/export.xlsx")
    sheet = load_workbook(BytesIO(response.content))["政务新媒体"]
    (row,) = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert row[1] == "测试县发布" and row[5] == "不合格"
    assert row[7].startswith("新媒体严重错误：人工核查（2026-06-27）")
    summary = year_summary([cluster.county.site], 2026)[cluster.county.site.pk]
    assert summary["spot_checks"]["findings"] == {"new_media_serious_error": 1}


# --- The year's figures (newmedia.reporting.year_summary) ---


def noon_of(day):
    return timezone.make_aware(
        datetime.combine(day, datetime.min.time().replace(hour=12))
    )


def test_a_site_without_accounts_has_no_new_media(cluster):
    summary = year_summary([cluster.town.site], 2026)[cluster.town.site.pk]
    assert summary["has_new_media"] is False
    assert summary["posts"] == 0 and summary["accounts"] == []
    assert summary["spot_checks"]["accounts_checked"] == 0


def test_counts_staff_records_and_feed_items_once(cluster):
    site = cluster.county.site
    wechat = account(site, platform="wechat", name="东坡发布")
    record(
        wechat,
        date(2026, 1, 1),
        date(2026, 6, 30),
        posts=40,
        original_posts=30,
        followers=1200,
        messages=10,
        replies=9,
    )
    # Inside the staff period: already counted there.
    post(wechat, noon_of(date(2026, 3, 1)))
    # Outside it: counted as one more post.
    post(wechat, noon_of(date(2026, 8, 1)))
    # Another year: not counted.
    post(wechat, noon_of(date(2025, 12, 30)))
    record(wechat, date(2025, 7, 1), date(2025, 12, 31), posts=99, followers=900)
    weibo = account(site, platform="weibo", name="东坡发布", opened_on=date(2026, 3, 1))
    record(weibo, date(2026, 3, 1), date(2026, 12, 31), posts=5, followers=300)
    douyin = account(
        site,
        platform="douyin",
        name="东坡发布",
        opened_on=date(2019, 1, 1),
        status="closed",
        status_changed_on=date(2026, 5, 1),
        status_reason="长期无更新",
        filing_state="change_unfiled",
    )
    account(
        site,
        platform="toutiao",
        name="已关停",
        status="merged",
        status_changed_on=date(2025, 12, 31),
        status_reason="合并",
    )

    summary = year_summary([site], 2026)[site.pk]

    assert summary["has_new_media"] is True
    assert summary["accounts_in_year"] == 3
    assert summary["accounts_total"] == 2
    assert summary["posts"] == 40 + 1 + 5
    assert summary["original_posts"] == 30
    assert summary["followers"] == 1200 + 300
    assert (summary["messages"], summary["replies"]) == (10, 9)
    assert (summary["opened"], summary["merged"], summary["closed"]) == (1, 0, 1)
    assert (summary["filed"], summary["unfiled"]) == (2, 1)
    assert summary["wechat"] == {
        "names": ["东坡发布"],
        "posts": 41,
        "subscribers": 1200,
    }
    assert summary["weibo"] == {"names": ["东坡发布"], "posts": 5, "followers": 300}
    assert summary["other"]["names"] == ["东坡发布（抖音）"]
    assert summary["by_platform"]["douyin"]["accounts"] == 1
    closed = next(row for row in summary["accounts"] if row["id"] == douyin.pk)
    assert closed["status_label"] == "关停"
    assert closed["status_changed_on"] == "2026-05-01"
    # The year before: the 2025 feed item lies within the 2025 staff record.
    before = year_summary([site.pk], 2025)[site.pk]
    assert before["posts"] == 99


def test_spot_check_findings_of_the_year(cluster):
    site = cluster.county.site
    for as_of, passed in (
        (date(2026, 3, 31), False),
        (date(2026, 6, 30), True),
        (date(2025, 12, 31), False),
    ):
        run = SpotCheckRun.objects.create(as_of=as_of, scope="all")
        SiteResult.objects.create(
            run=run,
            profile=cluster.county,
            hostname=site.hostname,
            passed=True,
            score=90,
            new_media=[
                {
                    "account": 7,
                    "passed": passed,
                    "vetoes": [] if passed else [{"code": "new_media_silent"}],
                    "deductions": [{"code": "new_media_unfiled"}],
                }
            ],
        )
    checks = year_summary([site], 2026)[site.pk]["spot_checks"]
    assert checks == {
        "runs": 2,
        "accounts_checked": 2,
        "accounts_failed": 1,
        "accounts_flagged": 1,
        "findings": {"new_media_silent": 1, "new_media_unfiled": 2},
    }


def test_the_office_reads_the_new_media_table_apart(admin_client):
    response = admin_client.get(
        "/admin/monitoring_score_rules/", {"group__subject": "new_media"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "新媒体内容不更新" in page and "首页不更新" not in page
    groups = admin_client.get("/admin/monitoring_score_groups/").content.decode()
    assert "新媒体账号管理" in groups and "政务新媒体" in groups
