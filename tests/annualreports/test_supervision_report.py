"""The cluster's 政府网站监管年度报表 on a year of known data: every JSON key
and value (checks by quarter, problems and rectifications, site changes, new
media), the figures the office enters, and the Excel file."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from annualreports.forms import SUPERVISION_FORM
from annualreports.models import SupervisionAnnualReport

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def run_report(tmp_path, *extra):
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


def test_every_key_and_value_on_a_known_year(year_of_data, tmp_path):
    data, out = run_report(tmp_path)
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
    data, _out = run_report(tmp_path)
    assert data["spot_checks"]["accountability_q1"] == 2
    assert data["training"]["sessions"] == 3
    assert data["spot_checks"]["sites_failed_year"] == 1
    assert SupervisionAnnualReport.objects.count() == 1


def test_xlsx_has_the_chinese_labels_and_the_checks(year_of_data, tmp_path):
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
