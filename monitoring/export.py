"""Excel export of a spot-check run (openpyxl)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from cms.casework.spreadsheet import safe_cell

from .labels import finding_label, finding_labels, level_label


def _safe(value):
    """Keep spreadsheet formulas out of cells filled from site content."""
    return safe_cell(str(value))


def run_workbook(run):
    """An .xlsx with a summary sheet and one row per veto/deduction/warning."""
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    summary.append(["网站", "主机名", "层级", "合格", "得分", "单项否决", "预警数"])
    detail = book.create_sheet("明细")
    detail.append(["主机名", "类别", "问题", "扣分", "说明", "佐证"])
    for sheet in (summary, detail):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    for result in run.results.order_by("hostname"):
        summary.append(
            [
                _safe(result.name),
                result.hostname,
                level_label(result.level),
                "是" if result.passed else "否",
                float(result.score),
                finding_labels(result.veto_codes),
                len(result.warnings),
            ]
        )
        for kind, items in (
            ("单项否决", result.vetoes),
            ("扣分", result.deductions),
            ("预警", result.warnings),
        ):
            for item in items:
                detail.append(
                    [
                        result.hostname,
                        kind,
                        finding_label(item["code"]),
                        item.get("points", ""),
                        _safe(item["detail"]),
                        _safe("\n".join(item.get("evidence", []))),
                    ]
                )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
