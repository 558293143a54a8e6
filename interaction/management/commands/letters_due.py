from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.casework.workdays import is_provisional
from sites.models import SiteProfile

from ...deadlines import Deadline, filter_by_deadline
from ...models import Letter


class Command(BaseCommand):
    help = (
        "List open letters that are overdue or due soon (INTERACTION_DUE_SOON_"
        "WORKING_DAYS), and separately those past the national limit "
        "(INTERACTION_NATIONAL_LIMIT_MONTHS). Read-only; exits normally."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site", help="Hostname of the one site to list (default: every site)"
        )
        parser.add_argument(
            "--as-of",
            help="Day to judge deadlines on, YYYY-MM-DD (default: today)",
        )

    def handle(self, *args, **options):
        try:
            today = (
                date.fromisoformat(options["as_of"])
                if options["as_of"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(
                f"日期“{options['as_of']}”格式不正确，应为 YYYY-MM-DD。"
            ) from error
        letters = Letter.objects.select_related("site", "department")
        if options["site"]:
            if not SiteProfile.objects.filter(site__hostname=options["site"]).exists():
                raise CommandError(f"站点 {options['site']} 不存在。")
            letters = letters.filter(site__hostname=options["site"])
        sections = [
            (Deadline.NATIONAL, "超过国家时限（抽查单项否决）"),
            (Deadline.OVERDUE, "已超期"),
            (Deadline.DUE_SOON, "即将到期"),
        ]
        totals = {}
        for key, heading in sections:
            found = filter_by_deadline(letters, key, today).order_by(
                "due_date", "received_at", "pk"
            )
            totals[key] = len(found)
            self.stdout.write(f"== {heading}: {totals[key]}")
            for letter in found:
                received = timezone.localtime(letter.received_at)
                self.stdout.write(
                    f"{letter.tracking_code}  {letter.site.hostname}  "
                    f"received {received:%Y-%m-%d}  due {letter.due_date:%Y-%m-%d}"
                    f"{'（暂定）' if is_provisional(letter.due_date) else ''}  "
                    f"{letter.get_status_display()}  "
                    f"{letter.department.name if letter.department else '-'}  "
                    f"{letter.subject}"
                )
        self.stdout.write(
            f"As of {today:%Y-%m-%d}: {totals[Deadline.OVERDUE]} overdue, "
            f"{totals[Deadline.DUE_SOON]} due soon, "
            f"{totals[Deadline.NATIONAL]} past the national limit."
        )
