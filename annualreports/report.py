"""A filled annual form: its values from the computed and entered figures, as
JSON (nested by block), as rows for the HTML page and as an Excel workbook."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from .forms import BOOLEAN, DATE, DECIMAL, ENTERED, INTEGER, TEXT

EMPTY = {INTEGER: 0, DECIMAL: 0, BOOLEAN: False, TEXT: "", DATE: ""}


def _normalise(f, value):
    """A value as JSON holds it: int, float (one decimal), bool, str, or an
    ISO date string ("" when not given)."""
    if value is None or value == "":
        return EMPTY[f.kind]
    if f.kind == INTEGER:
        return int(value)
    if f.kind == DECIMAL:
        return round(float(value), 1)
    if f.kind == BOOLEAN:
        return bool(value)
    if f.kind == DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    return str(value)


def field_value(f, computed, entered):
    """The value of one field: the platform's for a platform field; for an
    entered field the office's entry, else the platform's suggestion, else
    empty."""
    if f.source == ENTERED:
        if f.key in entered:
            value = entered[f.key]
        else:
            value = computed.get(f.suggested_by) if f.suggested_by else None
    else:
        value = computed.get(f.key)
    return _normalise(f, value)


def as_json(form, computed, entered):
    """{header key: value, block key: {key: value}} in the form's order."""
    data = {}
    for block in form:
        target = data if block.key is None else data.setdefault(block.key, {})
        for f in block.fields:
            target[f.key] = field_value(f, computed, entered)
    return data


def display(f, value):
    if f.kind == BOOLEAN:
        return _("是") if value else _("否")
    return "" if value == "" else str(value)


def rows(form, data):
    """[(block label, [(label, unit, shown value, source)])] for the HTML
    page, from `data` as as_json() made it."""
    shown = []
    for block in form:
        values = data if block.key is None else data.get(block.key, {})
        shown.append(
            (
                str(block.label),
                [
                    (str(f.label), str(f.unit), display(f, values.get(f.key)), f.source)
                    for f in block.fields
                ],
            )
        )
    return shown


def _excel(f, value):
    if f.kind == BOOLEAN:
        return _("是") if value else _("否")
    if f.kind == DECIMAL:
        return Decimal(str(value))
    return value


def write_xlsx(path, title, form, data, tables=()):
    """One sheet with the form (block, item, unit, value) under its title;
    then one sheet per extra table: (sheet title, [header], [[cell]])."""
    side = Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("报表")
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    header = [_("栏目"), _("指标"), _("单位"), _("数值")]
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(row=2, column=column, value=text)
        cell.font = Font(bold=True)
        cell.border = border
    row = 3
    for block in form:
        values = data if block.key is None else data.get(block.key, {})
        first = row
        for f in block.fields:
            cells = [
                str(block.label),
                str(f.label),
                str(f.unit),
                _excel(f, values.get(f.key)),
            ]
            for column, value in enumerate(cells, start=1):
                cell = sheet.cell(row=row, column=column, value=value)
                cell.border = border
                cell.alignment = Alignment(vertical="center", wrap_text=True)
                if isinstance(value, Decimal):
                    cell.number_format = "0.0"
            row += 1
        if row - 1 > first:
            sheet.merge_cells(
                start_row=first, start_column=1, end_row=row - 1, end_column=1
            )
    for letter, width in zip("ABCD", (18, 36, 8, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    for sheet_title, table_header, table_rows in tables:
        extra = workbook.create_sheet(title=str(sheet_title)[:31])
        for column, text in enumerate(table_header, start=1):
            cell = extra.cell(row=1, column=column, value=str(text))
            cell.font = Font(bold=True)
            cell.border = border
        for row_index, cells in enumerate(table_rows, start=2):
            for column, value in enumerate(cells, start=1):
                extra.cell(row=row_index, column=column, value=value).border = border
        for column in range(1, len(table_header) + 1):
            extra.column_dimensions[chr(64 + column)].width = 18
    workbook.save(path)
