"""Spreadsheet-safe export of text typed by the public or taken from site
content: a cell that a spreadsheet would read as a formula (CSV or formula
injection) is prefixed with an apostrophe and shown as text."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value`, with an apostrophe before text that starts like a formula;
    numbers, dates and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]
