"""The annual report's tables reproduce the 2021 national format cell for
cell: header texts, merged cells, units, row and column order, the same in
the data, the web page, the printable page and the Excel file."""

from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from disclosure.annual_report import build_report, table_grid
from disclosure.models import AnnualFigures, AnnualReportPage

pytestmark = pytest.mark.django_db

PROACTIVE_MERGED = {
    "A2:D2", "A6:D6", "B7:D7", "B8:D8", "A9:D9", "B10:D10", "B11:D11",
    "B12:D12", "A13:D13", "B14:D14", "B15:D15",
}  # fmt: skip
PROACTIVE_TEXTS = {
    "A2": "第二十条第（一）项",
    "A3": "信息内容", "B3": "本年制发件数", "C3": "本年废止件数", "D3": "现行有效件数",
    "A4": "规章", "A5": "行政规范性文件",
    "A6": "第二十条第（五）项", "A7": "信息内容", "B7": "本年处理决定数量",
    "A8": "行政许可",
    "A9": "第二十条第（六）项", "A10": "信息内容", "B10": "本年处理决定数量",
    "A11": "行政处罚", "A12": "行政强制",
    "A13": "第二十条第（八）项", "A14": "信息内容",
    "B14": "本年收费金额（单位：万元）", "A15": "行政事业性收费",
}  # fmt: skip
APPLICATIONS_MERGED = {
    "A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4",
    "A5:C5", "A6:C6", "A7:A28", "B7:C7", "B8:C8",
    "B9:B16", "B17:B19", "B20:B24", "B25:B27", "B28:C28", "A29:C29",
}  # fmt: skip
APPLICATIONS_TEXTS = {
    "A2": "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "D2": "申请人情况",
    "D3": "自然人", "E3": "法人或其他组织", "J3": "总计",
    "E4": "商业企业", "F4": "科研机构", "G4": "社会公益组织",
    "H4": "法律服务机构", "I4": "其他",
    "A5": "一、本年新收政府信息公开申请数量",
    "A6": "二、上年结转政府信息公开申请数量",
    "A7": "三、本年度办理结果", "B7": "（一）予以公开",
    "B8": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "B9": "（三）不予公开", "C9": "1.属于国家秘密",
    "C10": "2.其他法律行政法规禁止公开", "C11": "3.危及“三安全一稳定”",
    "C12": "4.保护第三方合法权益", "C13": "5.属于三类内部事务信息",
    "C14": "6.属于四类过程性信息", "C15": "7.属于行政执法案卷",
    "C16": "8.属于行政查询事项",
    "B17": "（四）无法提供", "C17": "1.本机关不掌握相关政府信息",
    "C18": "2.没有现成信息需要另行制作", "C19": "3.补正后申请内容仍不明确",
    "B20": "（五）不予处理", "C20": "1.信访举报投诉类申请", "C21": "2.重复申请",
    "C22": "3.要求提供公开出版物", "C23": "4.无正当理由大量反复申请",
    "C24": "5.要求行政机关确认或重新出具已获取信息",
    "B25": "（六）其他处理",
    "C25": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "C26": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "C27": "3.其他",
    "B28": "（七）总计",
    "A29": "四、结转下年度继续办理",
}  # fmt: skip
REVIEW_MERGED = {
    "A2:E2", "F2:O2", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4",
    "F3:J3", "K3:O3",
}  # fmt: skip
OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
REVIEW_TEXTS = {
    "A2": "行政复议", "F2": "行政诉讼",
    **{f"{c}3": t for c, t in zip("ABCDE", OUTCOMES, strict=True)},
    "F3": "未经复议直接起诉", "K3": "复议后起诉",
    **{f"{c}4": t for c, t in zip("FGHIJ", OUTCOMES, strict=True)},
    **{f"{c}4": t for c, t in zip("KLMNO", OUTCOMES, strict=True)},
}  # fmt: skip
HEADINGS = {
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review": "四、政府信息公开行政复议、行政诉讼情况",
}


@pytest.fixture
def workbook(city, tmp_path):
    AnnualFigures.objects.create(
        site=city.site,
        year=2025,
        licensing_decisions=7,
        penalty_decisions=3,
        fees_collected="12.50",
        reconsideration_corrected=1,
        litigation_after_pending=2,
    )
    path = tmp_path / "report.xlsx"
    call_command(
        "disclosure_annual_report",
        "--site",
        "city.localhost",
        "--year",
        "2025",
        "--xlsx",
        str(path),
        stdout=StringIO(),
    )
    return load_workbook(path)


@pytest.mark.parametrize(
    ("sheet", "merged", "texts", "last_cell"),
    [
        ("proactive", PROACTIVE_MERGED, PROACTIVE_TEXTS, "D15"),
        ("applications", APPLICATIONS_MERGED, APPLICATIONS_TEXTS, "J29"),
        ("review", REVIEW_MERGED, REVIEW_TEXTS, "O5"),
    ],
)
def test_excel_tables_match_the_2021_format(workbook, sheet, merged, texts, last_cell):
    worksheet = workbook[sheet]
    assert worksheet["A1"].value == HEADINGS[sheet]
    assert {str(r) for r in worksheet.merged_cells.ranges} == merged
    for coordinate, text in texts.items():
        assert worksheet[coordinate].value == text, coordinate
    assert worksheet.dimensions == f"A1:{last_cell}"
    # Every label is one of the format's; no other text in the table.
    labels = {
        cell.coordinate
        for row in worksheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str)
    }
    assert labels == set(texts)


def test_figures_sit_under_their_units(workbook):
    proactive = workbook["proactive"]
    assert proactive["B8"].value == 7  # 行政许可, merged B8:D8
    assert proactive["B11"].value == 3
    assert proactive["B15"].value == 12.5  # 万元, the unit is in the header
    assert proactive["B15"].number_format == "0.00"
    review = workbook["review"]
    values = [review.cell(row=5, column=c).value for c in range(1, 16)]
    assert values == [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2]
    applications = workbook["applications"]
    assert [applications.cell(row=5, column=c).value for c in range(4, 11)] == [0] * 7


class TableReader(HTMLParser):
    """The report tables of a page as [[(tag, text, colspan, rowspan)]]."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "report-table" in attrs.get("class", ""):
            self.tables.append([])
        elif self.tables and tag == "tr":
            self.tables[-1].append([])
        elif self.tables and tag in ("th", "td"):
            self.cell = [
                tag,
                "",
                int(attrs.get("colspan", 1)),
                int(attrs.get("rowspan", 1)),
            ]

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1] += data

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.tables[-1][-1].append(tuple(self.cell))
            self.cell = None


def expected_rows(table):
    rows = {}
    for row, _column, cell in table_grid(table):
        rows.setdefault(row, []).append(
            (
                "th" if cell["th"] else "td",
                cell["text"],
                cell["colspan"] or 1,
                cell["rowspan"] or 1,
            )
        )
    return [rows[key] for key in sorted(rows)]


def test_web_and_printable_pages_show_the_same_cells(client, city, workbook):
    page = AnnualReportPage.objects.get(year=2025)
    page.save_revision().publish()
    tables = build_report(city.site, 2025).tables
    for url in (page.url, page.url + "print/"):
        response = client.get(url, HTTP_HOST="city.localhost")
        assert response.status_code == 200
        html = response.content.decode()
        reader = TableReader()
        reader.feed(html)
        assert reader.tables == [expected_rows(table) for table in tables]
        for heading in [
            "一、总体情况",
            *HEADINGS.values(),
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]:
            assert f"<h2>{heading}</h2>" in html
    assert "打印版" in client.get(page.url, HTTP_HOST="city.localhost").content.decode()
