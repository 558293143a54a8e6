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

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .lateness import late_documents
from .models import (
    AnnualFigures,
    AnswerReason,
    AnswerType,
    ApplicantType,
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


def outcome_rows():
    """[(key, label)] of the outcome rows, in the national order."""
    rows = [
        ("provided", _("三、本年度办理结果 （一）予以公开")),
        ("partly", _("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
    ]
    for answer_type, reasons in REASONS_BY_ANSWER_TYPE.items():
        for number, reason in enumerate(reasons, start=1):
            rows.append(
                (
                    f"{answer_type}:{reason}",
                    f"{GROUP_LABELS[answer_type]} {number}. {AnswerReason(reason).label}",
                )
            )
    return rows


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
    keys = ["new", "carried_in", *[k for k, _l in outcome_rows()], "total"]
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


def _cell(text, colspan=None, rowspan=None):
    return {"text": str(text), "colspan": colspan, "rowspan": rowspan}


def applications_table(counts):
    header = [
        [
            _cell(_("本列数据的勾稽关系"), rowspan=2),
            _cell(ApplicantType.NATURAL.label, rowspan=2),
            _cell(_("法人或其他组织"), colspan=len(ORGANISATION_TYPES)),
            _cell(_("总计"), rowspan=2),
        ],
        [_cell(t.label) for t in ORGANISATION_TYPES],
    ]
    labels = [
        ("new", _("一、本年新收政府信息公开申请数量")),
        ("carried_in", _("二、上年结转政府信息公开申请数量")),
        *outcome_rows(),
        ("total", _("（七）总计")),
        ("carried_out", _("四、结转下年度继续办理")),
    ]
    return {
        "key": "applications",
        "heading": _("三、收到和处理政府信息公开申请情况"),
        "header": header,
        "rows": [
            {
                "key": key,
                "label": str(label),
                "values": [counts.get(key, column) for column in COLUMNS],
            }
            for key, label in labels
        ],
    }


def proactive_tables(site, year, figures):
    start, end = date(year, 1, 1), date(year, 12, 31)
    documents = DisclosureDocumentPage.objects.live().in_site(site)
    rows = []
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
            {
                "key": kind,
                "label": str(kind.label),
                "values": [issued, repealed, in_force],
            }
        )
    documents_table = {
        "key": "proactive_documents",
        "heading": _("二、主动公开政府信息情况（第二十条第（一）项）"),
        "header": [
            [
                _cell(_("信息内容")),
                _cell(_("本年制发件数")),
                _cell(_("本年废止件数")),
                _cell(_("现行有效件数")),
            ]
        ],
        "rows": rows,
    }
    decisions_table = {
        "key": "proactive_decisions",
        "heading": _("二、主动公开政府信息情况（第二十条第（五）、（六）、（八）项）"),
        "header": [[_cell(_("信息内容")), _cell(_("本年处理决定数量或金额"))]],
        "rows": [
            {
                "key": "licensing",
                "label": str(_("行政许可")),
                "values": [figures.licensing_decisions],
            },
            {
                "key": "penalty",
                "label": str(_("行政处罚")),
                "values": [figures.penalty_decisions],
            },
            {
                "key": "coercion",
                "label": str(_("行政强制")),
                "values": [figures.coercion_decisions],
            },
            {
                "key": "fees",
                "label": str(_("行政事业性收费（万元）")),
                "values": [str(figures.fees_collected)],
            },
        ],
    }
    return documents_table, decisions_table


def review_table(figures):
    rows = []
    for prefix, label in REVIEW_KINDS:
        values = [getattr(figures, f"{prefix}_{outcome}") for outcome, _l in OUTCOMES]
        rows.append(
            {"key": prefix, "label": str(label), "values": [*values, sum(values)]}
        )
    return {
        "key": "review",
        "heading": _("四、政府信息公开行政复议、行政诉讼情况"),
        "header": [
            [
                _cell(_("类别")),
                *[_cell(label) for _k, label in OUTCOMES],
                _cell(_("总计")),
            ]
        ],
        "rows": rows,
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
        s = self.summary
        return _(
            "<p>%(year)s年，本站主动公开政府信息%(published)d条，其中超过规定期限公开"
            "%(late)d条。本年新收政府信息公开申请%(new)d件，上年结转%(carried_in)d件，"
            "本年办结%(total)d件，结转下年度继续办理%(carried_out)d件。</p>"
        ) % {"year": self.year, **s}


def build_report(site, year):
    figures = AnnualFigures.objects.filter(site=site, year=year).first()
    figures_entered = figures is not None
    if figures is None:
        figures = AnnualFigures(site=site, year=year)
    counts = count_applications(site, year)
    documents_table, decisions_table = proactive_tables(site, year, figures)
    summary = {
        **catalog_summary(site, year),
        "new": counts.get("new"),
        "carried_in": counts.get("carried_in"),
        "total": counts.get("total"),
        "carried_out": counts.get("carried_out"),
    }
    return AnnualReport(
        site=site,
        year=year,
        counts=counts,
        tables=[
            documents_table,
            decisions_table,
            applications_table(counts),
            review_table(figures),
        ],
        summary=summary,
        figures_entered=figures_entered,
    )


def write_xlsx(report, path):
    """One worksheet per table, with the national headings and merged headers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in report.tables:
        sheet = workbook.create_sheet(title=table["key"][:31])
        sheet.append([table["heading"]])
        sheet["A1"].font = Font(bold=True)
        row_index = 2
        occupied = set()
        for header_row in table["header"]:
            column = 1
            for cell in header_row:
                while (row_index, column) in occupied:
                    column += 1
                colspan, rowspan = cell["colspan"] or 1, cell["rowspan"] or 1
                target = sheet.cell(row=row_index, column=column, value=cell["text"])
                target.font = Font(bold=True)
                target.alignment = Alignment(horizontal="center", wrap_text=True)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        occupied.add((row_index + dr, column + dc))
                if colspan > 1 or rowspan > 1:
                    sheet.merge_cells(
                        start_row=row_index,
                        start_column=column,
                        end_row=row_index + rowspan - 1,
                        end_column=column + colspan - 1,
                    )
                column += colspan
            row_index += 1
        for row in table["rows"]:
            sheet.append([row["label"], *row["values"]])
        sheet.column_dimensions["A"].width = 60
    workbook.save(path)
