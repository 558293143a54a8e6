"""The annual report: tables from the data, reconciliation, the draft page,
the Excel file, and the deadlines command."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from disclosure import handling
from disclosure.annual_report import build_report, count_applications
from disclosure.models import (
    AnnualFigures,
    AnnualReportPage,
    AnswerReason,
    AnswerType,
    ApplicantType,
    RegulatoryKind,
    Validity,
)
from tests.disclosure.conftest import add_document, make_application

pytestmark = pytest.mark.django_db
ORG = {
    "applicant_type": ApplicantType.COMMERCIAL,
    "name": "某某科技有限公司",
    "id_type": "",
    "id_number": "",
    "credit_code": "11441700007280420Y",
    "legal_representative": "李四",
    "contact_person": "王五",
}


@pytest.fixture
def year_data(city, city_body, other_body, city_handler):
    """Applications of 2025 for the city: carried over from 2024, answered,
    lapsed, still open at year end; plus one of another site."""
    carried_answered = make_application(city_body, date(2024, 12, 20))
    handling.answer(
        carried_answered,
        city_handler,
        AnswerType.PROVIDED,
        "",
        "公开。",
        on=date(2025, 1, 10),
    )
    carried_open = make_application(city_body, date(2024, 12, 30), **ORG)
    closed_before = make_application(city_body, date(2024, 11, 1))
    handling.answer(
        closed_before,
        city_handler,
        AnswerType.PARTLY,
        "",
        "部分。",
        on=date(2024, 11, 5),
    )
    withheld = make_application(city_body, date(2025, 3, 3), **ORG)
    handling.answer(
        withheld,
        city_handler,
        AnswerType.WITHHELD,
        AnswerReason.THIRD_PARTY,
        "涉及商业秘密。",
        on=date(2025, 3, 20),
    )
    already = make_application(city_body, date(2025, 5, 6))
    handling.answer(
        already,
        city_handler,
        AnswerType.ALREADY_PUBLIC,
        "",
        "已在网站公开。",
        on=date(2025, 5, 7),
    )
    lapsed = make_application(city_body, date(2025, 6, 2))
    handling.request_correction(lapsed, city_handler, "补充", on=date(2025, 6, 3))
    handling.lapse(lapsed, city_handler, on=date(2025, 7, 15))
    open_at_year_end = make_application(city_body, date(2025, 12, 29))
    make_application(other_body, date(2025, 4, 1))
    return {
        "carried_answered": carried_answered,
        "carried_open": carried_open,
        "open_at_year_end": open_at_year_end,
    }


def test_every_application_of_the_year_is_counted_exactly_once(city, year_data):
    counts = count_applications(city.site, 2025)
    assert counts.get("new") == 4
    assert counts.get("carried_in") == 2
    assert counts.get("provided") == 2  # provided + already public
    assert counts.get("partly") == 0  # answered in 2024: not this year's
    assert counts.get("withheld:third_party") == 1
    assert counts.get("other:no_correction") == 1
    assert counts.get("total") == 4
    assert counts.get("carried_out") == 2
    # By column: the organisation's applications in the commercial column.
    assert counts.get("new", ApplicantType.COMMERCIAL) == 1
    assert counts.get("carried_in", ApplicantType.COMMERCIAL) == 1
    assert counts.get("carried_out", ApplicantType.COMMERCIAL) == 1
    assert counts.reconciles()
    # Next year's carried-over row is this year's carried-out row.
    assert count_applications(city.site, 2026).get("carried_in") == counts.get(
        "carried_out"
    )


def test_outcome_rows_sum_to_the_total(city, year_data):
    counts = count_applications(city.site, 2025)
    outcome_keys = [
        key
        for key in counts.rows
        if key not in ("new", "carried_in", "total", "carried_out")
    ]
    for column in counts.rows["total"]:
        assert (
            sum(counts.rows[key][column] for key in outcome_keys)
            == counts.rows["total"][column]
        )


def test_proactive_table_from_the_catalog_and_entered_figures(city, city_body):
    add_document(
        city,
        city_body,
        "规范性文件甲",
        date(2025, 3, 2),
        date(2025, 3, 5),
        regulatory_kind=RegulatoryKind.NORMATIVE,
    )
    add_document(
        city,
        city_body,
        "规范性文件乙",
        date(2023, 3, 2),
        date(2023, 3, 5),
        regulatory_kind=RegulatoryKind.NORMATIVE,
        validity=Validity.REPEALED,
        repealed_on=date(2025, 8, 1),
    )
    add_document(
        city,
        city_body,
        "规范性文件丙",
        date(2024, 3, 2),
        date(2024, 3, 5),
        regulatory_kind=RegulatoryKind.NORMATIVE,
    )
    AnnualFigures.objects.create(
        site=city.site, year=2025, licensing_decisions=120, reconsideration_upheld=2
    )
    report = build_report(city.site, 2025)
    proactive, _applications, review = report.tables
    rows = {row["key"]: row["values"] for row in proactive["rows"] if row["key"]}
    assert rows["normative"] == [1, 1, 2]  # issued, repealed, in force
    assert rows["licensing"] == [120]
    assert rows["fees"] == ["0.00"]
    assert review["rows"][0]["values"] == [2, 0, 0, 0, 2, *[0] * 10]
    assert report.figures_entered


def test_command_creates_a_draft_page_and_writes_excel(city, year_data, tmp_path):
    path = tmp_path / "report.xlsx"
    out = StringIO()
    call_command(
        "disclosure_annual_report",
        "--site",
        "city.localhost",
        "--year",
        "2025",
        "--xlsx",
        str(path),
        stdout=out,
    )
    output = out.getvalue()
    assert "勾稽平衡" in output and "尚未录入2025年" in output
    page = AnnualReportPage.objects.get(year=2025)
    assert not page.live
    assert page.title == "测试市人民政府2025年政府信息公开工作年度报告"
    keys = [table["key"] for table in page.tables["tables"]]
    assert keys == ["proactive", "applications", "review"]
    sheet = load_workbook(path)["applications"]
    assert sheet["A5"].value == "一、本年新收政府信息公开申请数量"
    assert sheet["J5"].value == 4
    assert sheet["A29"].value == "四、结转下年度继续办理"
    assert sheet["J29"].value == 2
    # Running again updates the same draft.
    call_command(
        "disclosure_annual_report",
        "--site",
        "city.localhost",
        "--year",
        "2025",
        stdout=StringIO(),
    )
    assert AnnualReportPage.objects.count() == 1


def test_command_dry_run_creates_nothing(city, year_data):
    call_command(
        "disclosure_annual_report",
        "--site",
        "city.localhost",
        "--year",
        "2025",
        "--dry-run",
        stdout=StringIO(),
    )
    assert not AnnualReportPage.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--site", "nope.localhost", "--year", "2025"], "不存在"),
        (["--site", "city.localhost", "--year", "1900"], "不合理"),
        (
            ["--site", "city.localhost", "--year", "2025", "--xlsx", "r.csv"],
            ".xlsx",
        ),
    ],
)
def test_command_user_errors(city, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("disclosure_annual_report", *args, stdout=StringIO())


def test_deadlines_command_lists_overdue_and_due_soon(city_body, city_handler):
    overdue = make_application(city_body, date(2026, 9, 28))  # due 30 Oct
    soon = make_application(city_body, date(2026, 10, 8))  # due 4 Nov
    correcting = make_application(city_body, date(2026, 9, 28))
    handling.request_correction(correcting, city_handler, "补充", on=date(2026, 9, 29))
    out = StringIO()
    call_command("disclosure_deadlines", "--today", "2026-11-02", stdout=out)
    text = out.getvalue()
    overdue_part, soon_part = text.split("即将到期（")
    assert overdue.tracking_code in overdue_part
    assert soon.tracking_code in soon_part.split("补正期限已过")[0]
    assert "张三" not in text and "13800138000" not in text
    assert "超期 1 件，即将到期 1 件，待终止 1 件" in text
    call_command(
        "disclosure_deadlines",
        "--today",
        "2026-11-02",
        "--lapse",
        "--dry-run",
        stdout=StringIO(),
    )
    correcting.refresh_from_db()
    assert correcting.status == "correction"
    call_command(
        "disclosure_deadlines", "--today", "2026-11-02", "--lapse", stdout=StringIO()
    )
    correcting.refresh_from_db()
    assert correcting.status == "lapsed"


def test_deadlines_command_rejects_bad_input(city_body):
    with pytest.raises(CommandError, match="格式不正确"):
        call_command("disclosure_deadlines", "--today", "02/11/2026")
    with pytest.raises(CommandError, match="不存在"):
        call_command("disclosure_deadlines", "--site", "nope.localhost")


def test_sections_one_five_and_six_are_drafted_from_the_data(
    city, city_body, city_handler, year_data
):
    paid = make_application(city_body, date(2025, 9, 1))
    handling.notify_fee(paid, city_handler, "by_volume", pages=40, on=date(2025, 9, 2))
    handling.receive_fee(paid, city_handler, on=date(2025, 9, 5))
    handling.answer(
        paid, city_handler, AnswerType.PROVIDED, "", "公开。", on=date(2025, 11, 28)
    )
    unpaid = make_application(city_body, date(2025, 9, 1))
    handling.notify_fee(
        unpaid, city_handler, "by_volume", pages=31, on=date(2025, 9, 2)
    )
    handling.close_unpaid(unpaid, city_handler, on=date(2025, 10, 31))
    call_command(
        "disclosure_annual_report",
        "--site",
        "city.localhost",
        "--year",
        "2025",
        stdout=StringIO(),
    )
    page = AnnualReportPage.objects.get(year=2025).get_latest_revision_as_object()
    assert "本年新收政府信息公开申请6件（其中网上申请6件" in page.overall
    assert "上年结转2件，本年办结6件，结转下年度继续办理2件" in page.overall
    # Answered on 28 Nov, due 20 working days after 1 Sep + 3 paused days.
    assert "1件政府信息公开申请超过法定期限答复" in page.problems
    assert (
        "发出收费通知2件，收取信息处理费1件，共计100.00元；申请人逾期未缴费、"
        "不再处理1件" in page.other_matters
    )
    # The office's own text is kept when the tables are recomputed.
    page.problems = "<p>本机关自查。</p>"
    page.save_revision()
    call_command(
        "disclosure_annual_report",
        "--site",
        "city.localhost",
        "--year",
        "2025",
        stdout=StringIO(),
    )
    page = AnnualReportPage.objects.get(year=2025).get_latest_revision_as_object()
    assert page.problems == "<p>本机关自查。</p>"


def test_without_fees_section_six_says_none_were_collected(city, year_data):
    report = build_report(city.site, 2025)
    assert report.other_matters_html() == "<p>本年度未收取政府信息公开信息处理费。</p>"
    assert "未显示超期公开、超期答复" in report.problems_html()
