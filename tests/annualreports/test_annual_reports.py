"""The annual reports on a year of known data (tests/annualreports/conftest.py),
in one module so the data is built once:

* the 政府网站工作年度报表 of a site: every JSON key and value, the Excel file,
  the figures the office enters, bad input;
* the cluster's 政府网站监管年度报表: every key and value, the office's
  figures, the Excel file, cluster administrators only;
* the officer's side: the record edited in the admin (per-site isolation), its
  page drafted, published and served as HTML, printable and Excel; the January
  reminder and the monitoring finding on both sides of 31 January."""

import json
import re
from datetime import date, datetime
from io import BytesIO, StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Site

from annualreports.drafting import draft_page, refresh_website_report
from annualreports.forms import SUPERVISION_FORM, WEBSITE_FORM
from annualreports.models import (
    SupervisionAnnualReport,
    SupervisionReportPage,
    WebsiteAnnualReport,
    WebsiteReportPage,
)
from monitoring import internal
from sites.models import SiteProfile
from tests.factories import UserFactory, column

from .conftest import YEAR

pytestmark = pytest.mark.django_db

# --- The 政府网站工作年度报表 -------------------------------------------------


def run_report(tmp_path, *extra, host="city.localhost"):
    path = tmp_path / "report.json"
    out = StringIO()
    call_command(
        "website_annual_report",
        "--site",
        host,
        "--year",
        str(YEAR),
        "--json",
        str(path),
        *extra,
        stdout=out,
    )
    return json.loads(path.read_text(encoding="utf-8")), out.getvalue()


def test_every_key_and_value_on_a_known_year(year_of_data, tmp_path):
    data, out = run_report(tmp_path)
    assert data == {
        "year": YEAR,
        "site_name": "测试市人民政府",
        "homepage_url": "http://city.localhost/",
        "sponsor": "测试市人民政府办公室",
        "site_type": "政府门户网站",
        "site_identity_code": "5120000001",
        "icp_number": "蜀ICP备12345678号",
        "public_security_number": "川公网安备 51090302000101号",
        # 3 March and 31 December; not the year before, not the other site.
        "unique_visitors": 100,
        "total_visits": 150,
        "information_release": {
            # 5 live articles of the year, the overview column, 1 document.
            "total": 7,
            "overview_updates": 1,
            "news_updates": 2,
            "disclosure_catalog_updates": 1,
        },
        "special_columns": {"maintained": 1, "opened": 1},
        "interpretation_response": {
            "interpretations_total": 1,
            "interpretation_materials": 1,  # suggested: the total
            "interpretation_products": 0,
            "media_commentaries": 0,
            "responses_to_public_concerns": 0,
        },
        "online_services": {
            "service_catalog_published": True,
            "registered_users": 0,
            "service_items": 1,
            "fully_online_service_items": 0,
            "cases_total": 0,
            "cases_natural_persons": 0,
            "cases_legal_persons": 0,
        },
        "interaction": {
            "uses_unified_platform": True,
            "letters_received": 3,
            # answered in the year, one of them received the year before
            "letters_completed": 3,
            "average_handling_days": 2.0,
            "letters_answered_publicly": 1,
            "solicitations_held": 1,
            "opinions_received": 2,
            "solicitation_results_published": 1,
            "interviews_held": 1,
            "interview_messages": 0,
            "interview_questions_answered": 0,
            "provides_smart_answers": False,
        },
        "security": {
            "security_assessments": 2,  # the year's two checks
            "issues_found": 3,  # typo, column_stale, the manual finding
            "issues_fixed": 2,  # column_stale gone, the manual one rectified
            "monitoring_mechanism": False,  # no availability probe ran
            "emergency_drills": False,
            "security_officer_named": False,
        },
        "new_media": {
            "has_new_media": True,
            "weibo_name": "测试市微博",
            "weibo_posts": 3,  # its feed items of the year
            "weibo_followers": 0,  # no staff record says
            "wechat_name": "测试市发布",
            "wechat_posts": 120,
            "wechat_subscribers": 5000,
            "other_accounts": "测试市抖音（抖音）：信息发布量0条，关注量0个",
        },
        "innovation": {
            "search_as_service": False,
            "multilingual": False,
            "accessible_browsing": False,
            "personalised_pages": False,
            "other_innovation": "",
        },
        "footer": {
            "unit_head": "",
            "reviewer": "",
            "filled_by": "",
            "contact_phone": "",
            "filled_on": "",
        },
    }
    assert "独立用户访问100个，总访问量150次" in out
    report = WebsiteAnnualReport.objects.get(site__hostname="city.localhost")
    assert report.year == YEAR
    page = WebsiteReportPage.objects.get(year=YEAR)
    assert not page.live  # a draft for the reviewers
    assert page.get_latest_revision_as_object().data["total_visits"] == 150


def test_entered_figures_are_kept_and_replace_suggestions(year_of_data, tmp_path):
    run_report(tmp_path)
    report = WebsiteAnnualReport.objects.get()
    report.entered = {"interpretation_materials": 0, "registered_users": 321}
    report.save()
    data, _out = run_report(tmp_path)
    assert data["interpretation_response"]["interpretation_materials"] == 0
    assert data["online_services"]["registered_users"] == 321
    assert WebsiteAnnualReport.objects.count() == 1


def test_dry_run_stores_nothing(year_of_data, tmp_path):
    data, out = run_report(tmp_path, "--dry-run")
    assert data["total_visits"] == 150
    assert "[dry-run]" in out
    assert not WebsiteAnnualReport.objects.exists()
    assert not WebsiteReportPage.objects.exists()


def test_xlsx_has_the_chinese_labels_and_figures(year_of_data, tmp_path):
    path = tmp_path / "report.xlsx"
    call_command(
        "website_annual_report",
        "--site",
        "city.localhost",
        "--year",
        str(YEAR),
        "--xlsx",
        str(path),
        stdout=StringIO(),
    )
    sheet = load_workbook(path).active
    rows = {
        (row[1], row[2] or ""): row[3]
        for row in sheet.iter_rows(min_row=3, values_only=True)
    }
    assert rows[("独立用户访问总量", "个")] == 100
    assert rows[("网站总访问量", "次")] == 150
    assert rows[("政务动态信息更新量", "条")] == 2
    assert rows[("是否发布服务事项目录", "")] == "是"
    labels = {
        label for _b, label, *_rest in sheet.iter_rows(min_row=3, values_only=True)
    }
    assert {str(f.label) for block in WEBSITE_FORM for f in block.fields} <= labels


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--site", "nowhere.localhost", "--year", "2026"],
            "站点 nowhere.localhost 不存在",
        ),
        (["--site", "city.localhost", "--year", "1999"], "年度 1999 不合理"),
        (
            ["--site", "city.localhost", "--year", "2026", "--xlsx", "a.csv"],
            "应以 .xlsx 结尾",
        ),
    ],
)
def test_bad_input_gets_a_chinese_error(year_of_data, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("website_annual_report", *arguments, stdout=StringIO())
    assert not WebsiteAnnualReport.objects.exists()


# --- The 政府网站监管年度报表 -------------------------------------------------


def run_supervision_report(tmp_path, *extra):
    path = tmp_path / "supervision.json"
    out = StringIO()
    call_command(
        "supervision_annual_report",
        "--year",
        str(YEAR),
        "--json",
        str(path),
        *extra,
        stdout=out,
    )
    return json.loads(path.read_text(encoding="utf-8")), out.getvalue()


def test_supervision_every_key_and_value_on_a_known_year(year_of_data, tmp_path):
    data, out = run_supervision_report(tmp_path)
    assert data == {
        "year": YEAR,
        "organisation": "测试市人民政府办公室、另一市人民政府办公室",
        "sites_total": 2,
        "spot_checks": {
            # 1 February: both checked, the city failed; 1 May: both passed.
            "sites_checked_q1": 2,
            "sites_checked_q2": 2,
            "sites_checked_q3": 0,
            "sites_checked_q4": 0,
            "sites_checked_year": 4,
            "sites_failed_q1": 1,
            "sites_failed_q2": 0,
            "sites_failed_q3": 0,
            "sites_failed_q4": 0,
            "sites_failed_year": 1,
            "accountability_q1": 0,
            "accountability_q2": 0,
            "accountability_q3": 0,
            "accountability_q4": 0,
            "accountability_year": 0,
            "issues_found": 3,  # typo, column_stale, the manual finding
            "issues_rectified": 2,  # column_stale gone in May, the manual one
        },
        "security_checks": {"checks": 0, "issues_found": 0, "issues_fixed": 0},
        "site_changes": {
            "sites_at_start": 1,
            "sites_opened": 1,  # the other site, opened in September
            "sites_consolidated": 0,
            "sites_closed": 0,
            "sites_at_end": 2,
        },
        "error_reports": {
            "received": 0,
            "answered_in_time": 0,
            "answered_late": 0,
            "unanswered": 0,
        },
        "counterfeit_sites": {"found": 0, "handled": 0},
        "training": {"sessions": 0, "participants": 0},
        "new_media": {
            "accounts_total": 2,  # WeChat and Weibo; Douyin closed in June
            "accounts_opened": 1,
            "accounts_merged": 0,
            "accounts_closed": 1,
            "accounts_checked": 0,
            "accounts_failed": 0,
            "posts": 123,
        },
        "checks": [
            {
                "date": f"{YEAR}-02-01",
                "scope": "全部站点",
                "sites_checked": 2,
                "sites_failed": 1,
            },
            {
                "date": f"{YEAR}-05-01",
                "scope": "全部站点",
                "sites_checked": 2,
                "sites_failed": 0,
            },
        ],
        "new_media_accounts": [
            {
                "site": "city.localhost",
                "platform": platform,
                "name": name,
                "account_id": account_id,
                "sponsor": "测试市人民政府办公室",
                "status": status,
                "opened_on": opened_on,
                "status_changed_on": changed_on,
                "filing": "未备案",
                "posts": posts,
                "followers": followers,
            }
            for platform, name, account_id, status, opened_on, changed_on, posts, followers in (
                (
                    "微信公众号",
                    "测试市发布",
                    "csfb",
                    "开设",
                    f"{YEAR - 1}-01-01",
                    None,
                    120,
                    5000,
                ),
                ("微博", "测试市微博", "csweibo", "开设", f"{YEAR}-03-01", None, 3, 0),
                (
                    "抖音",
                    "测试市抖音",
                    "csdy",
                    "关停",
                    f"{YEAR - 1}-01-01",
                    f"{YEAR}-06-01",
                    0,
                    0,
                ),
            )
        ],
    }
    assert "抽查2批次，抽查网站4个次，不合格1个次" in out
    assert SupervisionAnnualReport.objects.get().year == YEAR


def test_the_office_enters_what_the_platform_cannot_know(year_of_data, tmp_path):
    SupervisionAnnualReport.objects.create(
        year=YEAR,
        entered={"accountability_q1": 2, "accountability_year": 2, "sessions": 3},
    )
    data, _out = run_supervision_report(tmp_path)
    assert data["spot_checks"]["accountability_q1"] == 2
    assert data["training"]["sessions"] == 3
    assert data["spot_checks"]["sites_failed_year"] == 1
    assert SupervisionAnnualReport.objects.count() == 1


def test_supervision_xlsx_has_the_chinese_labels_and_the_checks(year_of_data, tmp_path):
    path = tmp_path / "supervision.xlsx"
    call_command(
        "supervision_annual_report",
        "--year",
        str(YEAR),
        "--xlsx",
        str(path),
        "--dry-run",
        stdout=StringIO(),
    )
    assert not SupervisionAnnualReport.objects.exists()
    workbook = load_workbook(path)
    sheet = workbook["报表"]
    values = {row[1]: row[3] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["不合格网站数量（第1季度）"] == 1
    assert values["年末运行账号数量"] == 2
    assert {str(f.label) for block in SUPERVISION_FORM for f in block.fields} <= set(
        values
    )
    checks = list(workbook["抽查批次"].iter_rows(values_only=True))
    assert checks[0] == ("检查基准日", "范围", "抽查网站数量", "不合格网站数量")
    assert checks[1:] == [
        (f"{YEAR}-02-01", "全部站点", 2, 1),
        (f"{YEAR}-05-01", "全部站点", 2, 0),
    ]
    accounts = list(workbook["政务新媒体账号"].iter_rows(values_only=True))
    assert [row[2] for row in accounts[1:]] == [
        "测试市发布",
        "测试市微博",
        "测试市抖音",
    ]


def test_only_cluster_administrators_edit_the_supervisory_report(client, year_of_data):
    city, _other = year_of_data
    report = SupervisionAnnualReport.objects.create(year=YEAR)
    edit = reverse(
        SupervisionAnnualReport.snippet_viewset.get_url_name("edit"), args=[report.pk]
    )
    editor = UserFactory(username="city-editor", groups=[city.editors_group])
    client.force_login(editor)
    response = client.post(edit, {"year": YEAR, "sessions": 9}, HTTP_HOST="localhost")
    assert response.status_code in (302, 403)
    report.refresh_from_db()
    assert report.entered == {}
    admin = UserFactory(username="office", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(edit, HTTP_HOST="localhost").status_code == 200
    response = client.post(
        edit, {"year": YEAR, "sessions": 9, "participants": 120}, HTTP_HOST="localhost"
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.entered["sessions"] == 9
    assert report.as_json()["training"] == {"sessions": 9, "participants": 120}
    # Saving recomputed the platform's figures.
    assert report.as_json()["spot_checks"]["sites_failed_year"] == 1


def test_the_supervisory_report_is_drafted_and_published_on_the_cluster_portal(
    client, year_of_data, tmp_path
):
    data, out = run_supervision_report(tmp_path)
    assert f"已创建页面草稿：{YEAR}年政府网站监管年度报表" in out
    page = SupervisionReportPage.objects.get(year=YEAR)
    assert not page.live
    assert page.get_parent().get_parent().pk == (
        Site.objects.get(hostname="city.localhost").root_page_id
    )
    assert page.data == data
    # Only through review: nothing is public until the portal publishes it.
    assert client.get(page.url, HTTP_HOST="city.localhost").status_code == 404
    page.get_latest_revision().publish()
    page.refresh_from_db()
    response = client.get(page.url, HTTP_HOST="city.localhost")
    html = response.content.decode()
    assert "<caption>抽查批次</caption>" in html
    assert "<td>测试市微博</td>" in html and "不合格网站数量" in html
    index = client.get("/annual-reports/", HTTP_HOST="city.localhost")
    assert page.title in index.content.decode()
    printable = client.get(page.url + "print/", HTTP_HOST="city.localhost")
    assert "<caption>政务新媒体账号</caption>" in printable.content.decode()
    excel = client.get(page.url + "xlsx/", HTTP_HOST="city.localhost")
    workbook = load_workbook(BytesIO(excel.content))
    assert workbook.sheetnames == ["报表", "抽查批次", "政务新媒体账号"]
    assert workbook["报表"]["A1"].value == page.title
    # Saving the record in the admin makes a new draft; the published
    # figures stay until it is reviewed.
    report = SupervisionAnnualReport.objects.get(year=YEAR)
    admin = UserFactory(username="office", is_superuser=True, is_staff=True)
    client.force_login(admin)
    edit = reverse(
        SupervisionAnnualReport.snippet_viewset.get_url_name("edit"), args=[report.pk]
    )
    response = client.post(
        edit, {"year": YEAR, "sessions": 7, "participants": 1}, HTTP_HOST="localhost"
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert page.data["training"]["sessions"] != 7
    assert page.get_latest_revision_as_object().data["training"]["sessions"] == 7


# --- Publication, reminders, the late finding ---------------------------------


def url(name, *args):
    return reverse(WebsiteAnnualReport.snippet_viewset.get_url_name(name), args=args)


@pytest.fixture
def reports(year_of_data):
    city, other = year_of_data
    return [refresh_website_report(profile, YEAR) for profile in (city, other)]


@pytest.fixture
def city_editor(year_of_data):
    city, _other = year_of_data
    return UserFactory(username="city-editor", groups=[city.editors_group])


@pytest.fixture
def other_editor(year_of_data):
    _city, other = year_of_data
    return UserFactory(username="other-editor", groups=[other.editors_group])


def edit_data(report, **entered):
    return {
        "site": report.site_id,
        "year": report.year,
        "interpretation_materials": 1,
        "registered_users": 0,
        "filled_by": "",
        **entered,
    }


def test_the_editor_fills_in_the_figures_and_a_draft_follows(
    client, reports, city_editor
):
    city_report, _other = reports
    client.force_login(city_editor)
    response = client.get(url("edit", city_report.pk), HTTP_HOST="localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert "平台统计数据" in html and "独立用户访问总量" in html
    response = client.post(
        url("edit", city_report.pk),
        edit_data(
            city_report,
            registered_users=4321,
            emergency_drills="on",
            filled_by="李四",
            filled_on="2027-01-10",
        ),
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    city_report.refresh_from_db()
    assert city_report.entered["registered_users"] == 4321
    data = city_report.as_json()
    assert data["online_services"]["registered_users"] == 4321
    assert data["security"]["emergency_drills"] is True
    assert data["footer"]["filled_on"] == "2027-01-10"
    assert data["total_visits"] == 150  # the platform's figure stays
    page = WebsiteReportPage.objects.get(year=YEAR)
    assert not page.live
    draft = page.get_latest_revision_as_object()
    assert draft.data["footer"]["filled_by"] == "李四"


def test_an_editor_sees_and_changes_only_their_sites_report(
    client, reports, other_editor
):
    city_report, other_report = reports
    client.force_login(other_editor)
    listing = client.get(url("list"), HTTP_HOST="localhost")
    assert listing.status_code == 200
    assert list(listing.context["object_list"]) == [other_report]
    assert (
        client.get(url("edit", city_report.pk), HTTP_HOST="localhost").status_code
        == 404
    )
    response = client.post(
        url("edit", city_report.pk),
        edit_data(city_report, registered_users=1),
        HTTP_HOST="localhost",
    )
    assert response.status_code == 404
    # Nor can they move their own report onto the other site.
    response = client.post(
        url("edit", other_report.pk),
        {**edit_data(other_report), "site": city_report.site_id},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 200  # the form again, with the error
    assert "只能选择您负责管理的站点" in response.content.decode()
    city_report.refresh_from_db()
    other_report.refresh_from_db()
    assert city_report.entered == {} and other_report.site_id != city_report.site_id


def publish(report, on):
    page, _created = draft_page(report)
    page.get_latest_revision().publish()
    moment = timezone.make_aware(datetime(on.year, on.month, on.day, 10))
    WebsiteReportPage.objects.filter(pk=page.pk).update(first_published_at=moment)
    return WebsiteReportPage.objects.get(pk=page.pk)


def test_the_published_report_as_html_printable_and_excel(client, reports):
    page = publish(reports[0], date(YEAR + 1, 1, 20))
    response = client.get(page.get_url(), HTTP_HOST="city.localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert "独立用户访问总量（个）" in html and "<td>100</td>" in html
    assert "打印版" in html
    index = client.get("/annual-reports/", HTTP_HOST="city.localhost")
    assert page.title in index.content.decode()
    printable = client.get(page.get_url() + "print/", HTTP_HOST="city.localhost")
    assert printable.status_code == 200 and "<td>150</td>" in printable.content.decode()
    excel = client.get(page.get_url() + "xlsx/", HTTP_HOST="city.localhost")
    assert excel.status_code == 200
    sheet = load_workbook(BytesIO(excel.content)).active
    assert sheet["A1"].value == page.title
    values = {row[1]: row[3] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["网站总访问量"] == 150
    # The other site shows none of it.
    assert (
        client.get("/annual-reports/", HTTP_HOST="other.localhost").status_code == 404
    )


def test_the_latest_published_report_is_linked_from_the_home_page_and_footers(
    client, reports
):
    def links(path, host="city.localhost"):
        html = client.get(path, HTTP_HOST=host).content.decode()
        home_link = re.search(r'<p class="home-report">.*?href="([^"]+)"', html)
        footer = html[html.index('<footer class="site-footer">') :]
        footer_link = re.search(
            r'href="([^"]+)">政府网站工作年度报表（(\d+)年）', footer
        )
        return (
            home_link and home_link[1],
            footer_link and (footer_link[1], int(footer_link[2])),
        )

    city_report, _other = reports
    news = column(city_report.site.profile, "news").get_url()
    # A draft is not linked, and nothing is broken without a report.
    draft_page(city_report)
    assert links("/") == (None, None)
    assert links(news) == (None, None)
    earlier = refresh_website_report(city_report.site.profile, YEAR - 1)
    publish(earlier, date(YEAR, 1, 20))
    latest = publish(city_report, date(YEAR + 1, 1, 20))
    url = f"/annual-reports/{YEAR}/"
    assert latest.get_url().endswith(url)
    assert links("/") == (url, (url, YEAR))
    assert links(news) == (None, (url, YEAR))
    assert client.get(url, HTTP_HOST="city.localhost").status_code == 200
    # Another site links none of them.
    assert links("/", host="other.localhost") == (None, None)


def finding(profile, as_of):
    profile = SiteProfile.objects.with_site().get(pk=profile.pk)
    report = internal.check_sites([profile], as_of)[profile.site.hostname]
    return next(
        (d for d in report.deductions if d.code == "website_annual_report_late"), None
    )


def test_no_finding_until_31_january_then_one(reports):
    city = reports[0].site.profile
    assert finding(city, date(YEAR + 1, 1, 31)) is None
    late = finding(city, date(YEAR + 1, 2, 1))
    assert late is not None and late.points == 2
    assert f"{YEAR}年政府网站工作年度报表逾期未公布" in late.detail


def test_published_on_31_january_is_on_time(reports):
    city = reports[0].site.profile
    publish(reports[0], date(YEAR + 1, 1, 31))
    assert finding(city, date(YEAR + 1, 3, 1)) is None


def test_published_on_1_february_is_late(reports):
    city = reports[0].site.profile
    page = publish(reports[0], date(YEAR + 1, 2, 1))
    late = finding(city, date(YEAR + 1, 3, 1))
    assert late is not None and str(date(YEAR + 1, 2, 1)) in late.detail
    assert late.evidence == [f"http://city.localhost/annual-reports/{page.slug}/"]


def test_the_january_reminder_goes_to_the_sites_people(reports, city_editor):
    out = StringIO()
    call_command("website_report_reminders", "--today", f"{YEAR}-12-31", stdout=out)
    # The city's report on last year is overdue; the other site opened this
    # year and owes none yet.
    assert "需提醒 1 个站点" in out.getvalue()
    assert "other.localhost" not in out.getvalue()
    call_command(
        "website_report_reminders",
        "--today",
        f"{YEAR + 1}-01-02",
        "--send",
        stdout=(out := StringIO()),
    )
    # Mailed to the people of the sites that have some: the city.
    assert "需提醒 2 个站点，已发送邮件 1 封" in out.getvalue()
    to_city = next(m for m in mail.outbox if "测试市人民政府" in m.subject)
    assert to_city.to == ["city-editor@example.cn"]
    assert "还剩29天" in to_city.body
    publish(reports[0], date(YEAR + 1, 1, 2))
    call_command(
        "website_report_reminders",
        "--today",
        f"{YEAR + 1}-02-03",
        stdout=(out := StringIO()),
    )
    assert "other.localhost" in out.getvalue() and "已逾期3天" in out.getvalue()
    assert "city.localhost" not in out.getvalue()


def test_a_report_moved_in_with_a_consolidated_site_is_not_the_sites(reports):
    from annualreports.models import WebsiteReportIndexPage
    from cms.pages.models import ColumnPage

    city = reports[0].site.profile
    # 关停上移 moves a closed site's pages into a section of its superior.
    section = ColumnPage(title="原某镇网站", slug="moved-town")
    city.site.root_page.add_child(instance=section)
    index = WebsiteReportIndexPage(title="政府网站工作年度报表", slug="annual-reports")
    section.add_child(instance=index)
    moved = WebsiteReportPage(title="某镇年度报表", slug=str(YEAR), year=YEAR)
    index.add_child(instance=moved)
    moved.save_revision().publish()
    WebsiteReportPage.objects.filter(pk=moved.pk).update(
        first_published_at=timezone.make_aware(datetime(YEAR + 1, 1, 10))
    )
    assert finding(city, date(YEAR + 1, 2, 1)) is not None


def test_the_dashboard_reminds_the_sites_people(client, reports, city_editor, settings):
    # The city's report on last year (the city opened the year before) is
    # overdue whatever day the test runs.
    client.force_login(city_editor)
    html = client.get("/admin/", HTTP_HOST="localhost").content.decode()
    assert "政府网站工作年度报表提醒" in html
    assert "测试市人民政府：" in html and "另一市人民政府：" not in html
