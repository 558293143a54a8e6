"""The 政府网站工作年度报表 of a site on a year of known data: every JSON key
and value, the Excel file, the figures the office enters, the page it
publishes (HTML, printable, Excel) and the admin's per-site isolation."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from annualreports.forms import WEBSITE_FORM
from annualreports.models import WebsiteAnnualReport, WebsiteReportPage

from .conftest import YEAR

pytestmark = pytest.mark.django_db


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
