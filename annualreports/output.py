"""Writing a report to the files the commands are asked for."""

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .report import write_xlsx


def check_paths(options):
    if options.get("xlsx") and not options["xlsx"].lower().endswith(".xlsx"):
        raise CommandError(_("--xlsx 文件名应以 .xlsx 结尾。"))


def write_files(command, options, data, title, form, tables=()):
    """--json (a file, or - for standard output) and --xlsx."""
    if options.get("json"):
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if options["json"] == "-":
            command.stdout.write(text)
        else:
            _write(options["json"], lambda path: _write_text(path, text))
            command.stdout.write(_("已写入 %(path)s") % {"path": options["json"]})
    if options.get("xlsx"):
        _write(
            options["xlsx"], lambda path: write_xlsx(path, title, form, data, tables)
        )
        command.stdout.write(_("已写入 %(path)s") % {"path": options["xlsx"]})


def _write_text(path, text):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")


def _write(path, writer):
    try:
        writer(path)
    except OSError as error:
        raise CommandError(
            _("无法写入 %(path)s：%(error)s") % {"path": path, "error": error}
        ) from error


def check_year(year):
    if not 2008 <= year <= 2100:
        raise CommandError(_("年度 %(year)s 不合理。") % {"year": year})
