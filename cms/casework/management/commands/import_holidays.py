from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.casework.schedule import ScheduleError, enter_schedule, parse_schedule


class Command(BaseCommand):
    help = (
        "Enter the State Council's holiday schedule of one year from a UTF-8 "
        "text file and mark that year confirmed. Format (see "
        "cms/casework/schedule.py and docs/casework.md): a line 'year 2027', "
        "an optional 'source <notice>', then lines 'YYYY-MM-DD holiday|workday "
        "[note]'. The file replaces the days entered for that year; the due "
        "dates of open applications and letters it moves are recomputed, each "
        "with an event saying why, and listed. A file with any bad line "
        "imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the schedule file (UTF-8)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and list what would change, changing nothing",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError as error:
            raise CommandError(_("找不到文件“%(path)s”。") % {"path": path}) from error
        except UnicodeDecodeError as error:
            raise CommandError(
                _("文件“%(path)s”不是UTF-8编码的文本。") % {"path": path}
            ) from error
        try:
            schedule = parse_schedule(text)
        except ScheduleError as error:
            raise CommandError(
                _("节假日安排文件有误，未导入任何内容：")
                + "\n"
                + "\n".join(error.errors)
            ) from error
        result = enter_schedule(schedule, dry_run=options["dry_run"])
        write = self.stdout.write
        if options["dry_run"]:
            write(_("试运行：以下为将发生的变化，未写入数据库。"))
        for change in result.day_changes:
            write(_("日期 %(change)s") % {"change": change})
        for change in result.case_changes:
            write(_("期限 %(change)s") % {"change": change})
        summary = (
            _(
                "%(year)d年节假日安排%(state)s：%(days)d天有变化，%(cases)d个办件的期限将重新计算（试运行，未写入）。"
            )
            if options["dry_run"]
            else _(
                "%(year)d年节假日安排%(state)s：%(days)d天有变化，%(cases)d个办件的期限已重新计算。"
            )
        )
        write(
            summary
            % {
                "year": schedule.year,
                "state": _("首次确认") if result.newly_confirmed else _("已更新"),
                "days": len(result.day_changes),
                "cases": len(result.case_changes),
            }
        )
