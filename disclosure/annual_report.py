"""The annual report's tables in the national format (2021), computed from the
platform's data for one site and year.

Every table is a plain dict (JSON-serialisable, stored on AnnualReportPage and
written to Excel): {"key", "heading", "header": [[cell, ...], ...],
"rows": [{"key", "label", "values": [...]}]}, a header cell being
{"text", "colspan", "rowspan"}.

Applications: an application belongs to the year when it was received in it
("new") or received earlier and still open on 1 January ("carried over"). Each
such application is counted exactly once among the outcome rows (answered in
the year, by answer type and sub-reason) or in "carried into next year", so per
column: new + carried over == total outcomes + carried into next year."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .fees import fees_summary
from .lateness import late_documents
from .models import (
    AnnualFigures,
    AnswerReason,
    AnswerType,
    ApplicantType,
    ApplicationStatus,
    Channel,
    DisclosureDocumentPage,
    InformationApplication,
    RegulatoryKind,
    Validity,
)
from .models.applications import REASONS_BY_ANSWER_TYPE
from .models.reports import OUTCOMES, REVIEW_KINDS

ORGANISATION_TYPES = [t for t in ApplicantType if t != ApplicantType.NATURAL]
COLUMNS = [*ApplicantType.values, "total"]
GROUP_LABELS = {
    AnswerType.WITHHELD: gettext_lazy("（三）不予公开"),
    AnswerType.CANNOT_PROVIDE: gettext_lazy("（四）无法提供"),
    AnswerType.NOT_PROCESSED: gettext_lazy("（五）不予处理"),
    AnswerType.OTHER: gettext_lazy("（六）其他处理"),
}


def outcome_keys():
    """The keys of the outcome rows, in the national order."""
    return [
        "provided",
        "partly",
        *[
            f"{answer_type}:{reason}"
            for answer_type, reasons in REASONS_BY_ANSWER_TYPE.items()
            for reason in reasons
        ],
    ]


def outcome_key(application):
    if application.answer_type in (AnswerType.ALREADY_PUBLIC, AnswerType.PROVIDED):
        return "provided"
    if application.answer_type == AnswerType.PARTLY:
        return "partly"
    return f"{application.answer_type}:{application.answer_reason}"


@dataclass
class ApplicationCounts:
    rows: dict  # row key -> {column: count}

    def get(self, row, column="total"):
        return self.rows[row][column]

    def reconciles(self):
        return all(
            self.get("new", c) + self.get("carried_in", c)
            == self.get("total", c) + self.get("carried_out", c)
            for c in COLUMNS
        )


def year_applications(site, year):
    """The applications that belong to `year`'s report of `site`."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return (
        InformationApplication.objects.filter(body__site=site, received_on__lte=end)
        .exclude(answered_on__lt=start)
        .only(
            "applicant_type",
            "received_on",
            "answered_on",
            "answer_type",
            "answer_reason",
        )
    )


def count_applications(site, year):
    start, end = date(year, 1, 1), date(year, 12, 31)
    keys = ["new", "carried_in", *outcome_keys(), "total"]
    keys.append("carried_out")
    rows = {key: dict.fromkeys(COLUMNS, 0) for key in keys}

    def add(row, column):
        rows[row][column] += 1
        rows[row]["total"] += 1

    for application in year_applications(site, year):
        column = application.applicant_type
        add("new" if application.received_on >= start else "carried_in", column)
        if application.answered_on and application.answered_on <= end:
            add(outcome_key(application), column)
            add("total", column)
        else:
            add("carried_out", column)
    return ApplicationCounts(rows)


def _cell(text, colspan=None, rowspan=None, th=True):
    return {"text": str(text), "colspan": colspan, "rowspan": rowspan, "th": th}


def _heading_row(*cells):
    """A row of header cells inside a table (no figures)."""
    return {"key": None, "values": [], "cells": list(cells)}


def _data_row(key, labels, values, value_colspan=None):
    """A row of figures: its label cells, then one cell per value."""
    return {
        "key": key,
        "values": values,
        "cells": [
            *labels,
            *[_cell(value, colspan=value_colspan, th=False) for value in values],
        ],
    }


# The labels of the 2021 format where they are longer than the answer's.
REPORT_REASON_LABELS = {
    AnswerReason.NO_CORRECTION: gettext_lazy(
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    ),
    AnswerReason.FEE_UNPAID: gettext_lazy(
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    ),
}
COLUMN_LABELS = {ApplicantType.OTHER_ORG: gettext_lazy("其他")}


def applications_table(counts):
    """Table 三 of the 2021 format: ten columns (three of labels, seven of
    figures) under a three-row header."""
    organisations = len(ORGANISATION_TYPES)
    header = [
        [
            _cell(
                _(
                    "（本列数据的勾稽关系为：第一项加第二项之和，"
                    "等于第三项加第四项之和）"
                ),
                colspan=3,
                rowspan=3,
            ),
            _cell(_("申请人情况"), colspan=organisations + 2),
        ],
        [
            _cell(ApplicantType.NATURAL.label, rowspan=2),
            _cell(_("法人或其他组织"), colspan=organisations),
            _cell(_("总计"), rowspan=2),
        ],
        [_cell(COLUMN_LABELS.get(t, t.label)) for t in ORGANISATION_TYPES],
    ]

    def values(key):
        return [counts.get(key, column) for column in COLUMNS]

    outcome_count = len(outcome_keys()) + 1  # and （七）总计
    rows = [
        _data_row(
            "new", [_cell(_("一、本年新收政府信息公开申请数量"), 3)], values("new")
        ),
        _data_row(
            "carried_in",
            [_cell(_("二、上年结转政府信息公开申请数量"), 3)],
            values("carried_in"),
        ),
        _data_row(
            "provided",
            [
                _cell(_("三、本年度办理结果"), rowspan=outcome_count),
                _cell(_("（一）予以公开"), 2),
            ],
            values("provided"),
        ),
        _data_row(
            "partly",
            [_cell(_("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), 2)],
            values("partly"),
        ),
    ]
    for answer_type, reasons in REASONS_BY_ANSWER_TYPE.items():
        for number, reason in enumerate(reasons, start=1):
            key = f"{answer_type}:{reason}"
            label = REPORT_REASON_LABELS.get(reason, AnswerReason(reason).label)
            labels = [_cell(f"{number}.{label}")]
            if number == 1:
                labels.insert(0, _cell(GROUP_LABELS[answer_type], rowspan=len(reasons)))
            rows.append(_data_row(key, labels, values(key)))
    rows.append(_data_row("total", [_cell(_("（七）总计"), 2)], values("total")))
    rows.append(
        _data_row(
            "carried_out",
            [_cell(_("四、结转下年度继续办理"), 3)],
            values("carried_out"),
        )
    )
    return {
        "key": "applications",
        "heading": _("三、收到和处理政府信息公开申请情况"),
        "header": header,
        "rows": rows,
    }


def proactive_table(site, year, figures):
    """Table 二 of the 2021 format: one table of four columns, a block per
    item of Art. 20, each with its own header row."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    documents = DisclosureDocumentPage.objects.live().in_site(site)
    rows = [
        _heading_row(_cell(_("第二十条第（一）项"), colspan=4)),
        _heading_row(
            _cell(_("信息内容")),
            _cell(_("本年制发件数")),
            _cell(_("本年废止件数")),
            _cell(_("现行有效件数")),
        ),
    ]
    for kind in (RegulatoryKind.RULE, RegulatoryKind.NORMATIVE):
        of_kind = documents.filter(regulatory_kind=kind)
        issued = of_kind.filter(date_drafted__range=(start, end)).count()
        repealed = (
            of_kind.exclude(validity=Validity.VALID)
            .filter(repealed_on__range=(start, end))
            .count()
        )
        in_force = (
            of_kind.filter(date_drafted__lte=end)
            .exclude(
                validity__in=[Validity.REPEALED, Validity.INVALID], repealed_on__lte=end
            )
            .count()
        )
        rows.append(
            _data_row(kind.value, [_cell(kind.label)], [issued, repealed, in_force])
        )
    blocks = [
        (
            _("第二十条第（五）项"),
            _("本年处理决定数量"),
            [("licensing", _("行政许可"), figures.licensing_decisions)],
        ),
        (
            _("第二十条第（六）项"),
            _("本年处理决定数量"),
            [
                ("penalty", _("行政处罚"), figures.penalty_decisions),
                ("coercion", _("行政强制"), figures.coercion_decisions),
            ],
        ),
        (
            _("第二十条第（八）项"),
            _("本年收费金额（单位：万元）"),
            [("fees", _("行政事业性收费"), str(figures.fees_collected))],
        ),
    ]
    for item, column, entries in blocks:
        rows.append(_heading_row(_cell(item, colspan=4)))
        rows.append(_heading_row(_cell(_("信息内容")), _cell(column, colspan=3)))
        for key, label, value in entries:
            rows.append(_data_row(key, [_cell(label)], [value], value_colspan=3))
    return {
        "key": "proactive",
        "heading": _("二、主动公开政府信息情况"),
        "header": [],
        "rows": rows,
    }


def review_table(figures):
    """Table 四 of the 2021 format: one row of fifteen figures, reconsideration
    then litigation without and after reconsideration, five columns each."""
    outcomes = [_cell(label, rowspan=2) for _k, label in OUTCOMES]
    values = []
    for prefix, _label in REVIEW_KINDS:
        kind_values = [
            getattr(figures, f"{prefix}_{outcome}") for outcome, _l in OUTCOMES
        ]
        values += [*kind_values, sum(kind_values)]
    (_r, reconsideration), (_d, direct), (_a, after) = REVIEW_KINDS
    header = [
        [
            _cell(reconsideration, colspan=5),
            _cell(_("行政诉讼"), colspan=10),
        ],
        [
            *outcomes,
            _cell(_("总计"), rowspan=2),
            _cell(direct, colspan=5),
            _cell(after, colspan=5),
        ],
        [
            *[_cell(label) for _k, label in OUTCOMES],
            _cell(_("总计")),
            *[_cell(label) for _k, label in OUTCOMES],
            _cell(_("总计")),
        ],
    ]
    return {
        "key": "review",
        "heading": _("四、政府信息公开行政复议、行政诉讼情况"),
        "header": header,
        "rows": [_data_row("review", [], values)],
    }


def catalog_summary(site, year):
    published = (
        DisclosureDocumentPage.objects.live()
        .in_site(site)
        .filter(published_date__year=year)
    )
    profile = site.profile
    late = late_documents(profile).filter(published_date__year=year)
    return {"published": published.count(), "late": late.count()}


@dataclass
class AnnualReport:
    site: object
    year: int
    counts: ApplicationCounts
    tables: list
    summary: dict
    figures_entered: bool

    def as_json(self):
        return {"year": self.year, "tables": self.tables, "summary": self.summary}

    def overall_html(self):
        """Draft of section 一 from the figures, for the office to complete."""
        s = self.summary
        return "".join(
            [
                _(
                    "<p>（一）主动公开。%(year)s年，本机关主动公开政府信息%(published)d条，"
                    "其中超过规定期限公开%(late)d条；制发规章%(rules)d件、行政规范性文件"
                    "%(normative)d件，废止规章%(rules_repealed)d件、行政规范性文件"
                    "%(normative_repealed)d件。</p>"
                )
                % {"year": self.year, **s},
                _(
                    "<p>（二）依申请公开。本年新收政府信息公开申请%(new)d件（其中网上申请"
                    "%(online)d件，信函、当面、传真和口头申请%(offline)d件），上年结转"
                    "%(carried_in)d件，本年办结%(total)d件，结转下年度继续办理"
                    "%(carried_out)d件。</p>"
                )
                % s,
                _(
                    "<p>（三）行政复议和行政诉讼。因政府信息公开引起行政复议"
                    "%(reconsideration)d件、行政诉讼%(litigation)d件，其中被纠错"
                    "%(corrected)d件。</p>"
                )
                % s,
            ]
        )

    def problems_html(self):
        """Draft of section 五: the problems the figures show."""
        s = self.summary
        problems = []
        if s["late"]:
            problems.append(
                _(
                    "%(late)d条政府信息超过%(days)d个工作日才主动公开。"
                    "改进措施：信息形成或变更后即报送公开，每月核查公开时限。"
                )
                % {
                    "late": s["late"],
                    "days": settings.DISCLOSURE_PROACTIVE_DEADLINE_WORKING_DAYS,
                }
            )
        if s["answered_late"]:
            problems.append(
                _(
                    "%(n)d件政府信息公开申请超过法定期限答复。"
                    "改进措施：对临近期限的申请逐件提醒，需要延长的按规定审批并告知申请人。"
                )
                % {"n": s["answered_late"]}
            )
        if s["corrected"]:
            problems.append(
                _(
                    "%(n)d件政府信息公开答复在行政复议或行政诉讼中被纠错。"
                    "改进措施：逐案分析纠错原因，完善答复审核。"
                )
                % {"n": s["corrected"]}
            )
        if not problems:
            return _(
                "<p>本年度平台数据未显示超期公开、超期答复或答复被纠错的情况。</p>"
            )
        return "".join(
            f"<p>{number}. {text}</p>" for number, text in enumerate(problems, start=1)
        )

    def other_matters_html(self):
        """Draft of section 六: the information-processing fees collected
        (required by the 2021 format) and the fee notices."""
        s = self.summary
        if not s["fee_notices"]:
            return _("<p>本年度未收取政府信息公开信息处理费。</p>")
        return _(
            "<p>本年度依据《政府信息公开信息处理费管理办法》发出收费通知%(notices)d件，"
            "收取信息处理费%(paid)d件，共计%(amount)s元；申请人逾期未缴费、"
            "不再处理%(unpaid)d件。</p>"
        ) % {
            "notices": s["fee_notices"],
            "paid": s["fees_paid"],
            "amount": s["fee_amount"],
            "unpaid": s["fees_unpaid"],
        }


def _row_values(table, key):
    return next(row["values"] for row in table["rows"] if row["key"] == key)


def build_report(site, year):
    figures = AnnualFigures.objects.filter(site=site, year=year).first()
    figures_entered = figures is not None
    if figures is None:
        figures = AnnualFigures(site=site, year=year)
    counts = count_applications(site, year)
    proactive = proactive_table(site, year, figures)
    review = review_table(figures)
    rules = _row_values(proactive, RegulatoryKind.RULE)
    normative = _row_values(proactive, RegulatoryKind.NORMATIVE)
    review_values = review["rows"][0]["values"]
    start, end = date(year, 1, 1), date(year, 12, 31)
    new_applications = InformationApplication.objects.filter(
        body__site=site, received_on__range=(start, end)
    )
    answered = InformationApplication.objects.filter(
        body__site=site,
        status=ApplicationStatus.ANSWERED,
        answered_on__range=(start, end),
    )
    summary = {
        **catalog_summary(site, year),
        **fees_summary(site, year),
        "new": counts.get("new"),
        "online": new_applications.filter(channel=Channel.ONLINE).count(),
        "offline": new_applications.exclude(channel=Channel.ONLINE).count(),
        "carried_in": counts.get("carried_in"),
        "total": counts.get("total"),
        "carried_out": counts.get("carried_out"),
        "answered_late": answered.filter(due_date__lt=F("answered_on")).count(),
        "rules": rules[0],
        "rules_repealed": rules[1],
        "normative": normative[0],
        "normative_repealed": normative[1],
        "reconsideration": review_values[4],
        "litigation": review_values[9] + review_values[14],
        "corrected": review_values[1] + review_values[6] + review_values[11],
    }
    return AnnualReport(
        site=site,
        year=year,
        counts=counts,
        tables=[proactive, applications_table(counts), review],
        summary=summary,
        figures_entered=figures_entered,
    )


def table_grid(table):
    """The cells of `table` placed on a grid: [(row, column, cell)] with 1-based
    positions, header rows first, a cell skipping the positions that cells
    above it span. The HTML and the Excel file both follow it."""
    placed, occupied = [], set()
    for row_index, cells in enumerate(
        [*table["header"], *[row["cells"] for row in table["rows"]]], start=1
    ):
        column = 1
        for cell in cells:
            while (row_index, column) in occupied:
                column += 1
            colspan, rowspan = cell["colspan"] or 1, cell["rowspan"] or 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied.add((row_index + dr, column + dc))
            placed.append((row_index, column, cell))
            column += colspan
    return placed


def _excel_value(cell):
    if cell["th"]:
        return cell["text"]
    try:
        return int(cell["text"])
    except ValueError:
        return Decimal(cell["text"])


def write_xlsx(report, path):
    """One worksheet per table: the heading in A1, then the table's cells with
    the national format's merged ranges."""
    side = Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in report.tables:
        sheet = workbook.create_sheet(title=table["key"][:31])
        sheet["A1"] = table["heading"]
        sheet["A1"].font = Font(bold=True)
        width = 0
        for row, column, cell in table_grid(table):
            row += 1  # below the heading
            value = _excel_value(cell)
            target = sheet.cell(row=row, column=column, value=value)
            if isinstance(value, Decimal):
                target.number_format = "0.00"  # amounts in 万元, two decimals
            target.border = border
            target.alignment = Alignment(
                horizontal="center", vertical="center", wrap_text=True
            )
            if cell["th"]:
                target.font = Font(bold=row <= len(table["header"]) + 1)
            colspan, rowspan = cell["colspan"] or 1, cell["rowspan"] or 1
            width = max(width, column + colspan - 1)
            if colspan > 1 or rowspan > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=column,
                    end_row=row + rowspan - 1,
                    end_column=column + colspan - 1,
                )
        for column in range(1, width + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 14
    workbook.save(path)
