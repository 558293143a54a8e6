from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ...reminders import due_reminders, send_reminders


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            _("日期“%(value)s”格式不正确，应为 YYYY-MM-DD。") % {"value": value}
        ) from error


class Command(BaseCommand):
    help = (
        "List the sites whose 政府网站工作年度报表 on last year is due (from "
        "WEBSITE_ANNUAL_REPORT_REMINDER_DAYS before 31 January) or overdue and "
        "not yet published; with --send, mail each site's editors and reviewers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", help="Only this site (hostname)")
        parser.add_argument(
            "--today", type=_date, help="Date to check as of (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--send", action="store_true", help="Mail the reminders to the sites"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="With --send: list what would be mailed and send nothing",
        )

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        reminders = due_reminders(today, options["site"])
        for profile, text in reminders:
            self.stdout.write(f"  {profile.site.hostname}  {text}")
        sent = 0
        if options["send"] and not options["dry_run"]:
            sent = send_reminders(reminders)
        elif options["send"]:
            self.stdout.write(_("[dry-run] 未发送提醒邮件。"))
        self.stdout.write(
            self.style.SUCCESS(
                _("需提醒 %(n)d 个站点，已发送邮件 %(sent)d 封。")
                % {"n": len(reminders), "sent": sent}
            )
        )
