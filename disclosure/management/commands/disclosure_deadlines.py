from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.casework.workdays import is_provisional
from sites.models import SiteProfile

from ...deadlines import days_left, deadline_report
from ...handling import TransitionError, close_unpaid, lapse
from ...models import ApplicationStatus, InformationApplication, IssuingBody
from ...report_deadlines import report_reminders
from ...warnings import unconfirmed_calendar_warning


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            _("日期“%(value)s”格式不正确，应为 YYYY-MM-DD。") % {"value": value}
        ) from error


class Command(BaseCommand):
    help = (
        "List applications for disclosure that are overdue or due within the "
        "warning period (DISCLOSURE_DUE_SOON_WORKING_DAYS), and those whose "
        "correction or fee payment period has passed. With --lapse, close the "
        "latter as 'no correction in time' or 'fee not paid'. Also reminds of "
        "annual reports whose publication deadline is near or past. Shows no "
        "personal data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", help="Only this site's applications (hostname)")
        parser.add_argument(
            "--days",
            type=int,
            help="Warning period in working days (default: the setting)",
        )
        parser.add_argument(
            "--today",
            type=_date,
            help="Date to check as of (YYYY-MM-DD; default today)",
        )
        parser.add_argument(
            "--lapse",
            action="store_true",
            help="Close applications whose correction or payment period has passed",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="With --lapse: list what would be closed and change nothing",
        )

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        if options["days"] is not None and options["days"] < 0:
            raise CommandError(_("--days 不能为负数。"))
        applications = InformationApplication.objects.all()
        if options["site"]:
            if not IssuingBody.objects.filter(site__hostname=options["site"]).exists():
                raise CommandError(
                    _("站点 %(host)s 不存在或没有信息公开主体。")
                    % {"host": options["site"]}
                )
            applications = applications.filter(body__site__hostname=options["site"])
        report = deadline_report(applications, today, options["days"])
        warning = unconfirmed_calendar_warning(today, report.last_warning_day)
        if warning:
            self.stdout.write(self.style.WARNING(warning))
        self._section("已超过答复期限", report.overdue, today)
        self._section(
            f"即将到期（截至 {report.last_warning_day}）", report.due_soon, today
        )
        self.stdout.write(
            f"补正期限已过、待终止办理：{len(report.corrections_expired)} 件"
        )
        for application in report.corrections_expired:
            self.stdout.write(
                f"  {application.tracking_code}  {application.body.site.hostname}  "
                f"{application.body.name}  补正期限 {application.correction_due}"
            )
        self.stdout.write(f"缴费期限已过、待终止办理：{len(report.fees_expired)} 件")
        for application in report.fees_expired:
            self.stdout.write(
                f"  {application.tracking_code}  {application.body.site.hostname}  "
                f"{application.body.name}  "
                f"缴费期限 {application.fee_notice.payment_due}"
            )
        profiles = SiteProfile.objects.with_site().filter(
            site__in=IssuingBody.objects.values("site")
        )
        if options["site"]:
            profiles = profiles.filter(site__hostname=options["site"])
        reminders = report_reminders(profiles, today)
        self.stdout.write(f"年度报告公布提醒：{len(reminders)} 个站点")
        for profile, reminder in reminders:
            self.stdout.write(f"  {profile.site.hostname}  {reminder}")
        lapsed = 0
        if options["lapse"]:
            for application in report.to_close:
                if options["dry_run"]:
                    self.stdout.write(f"[dry-run] 将终止 {application.tracking_code}")
                    continue
                close = (
                    close_unpaid
                    if application.status == ApplicationStatus.FEE_PENDING
                    else lapse
                )
                try:
                    with transaction.atomic():
                        close(application, None, on=today)
                except TransitionError as error:
                    self.stdout.write(f"{application.tracking_code}: {error}")
                else:
                    lapsed += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"超期 {len(report.overdue)} 件，即将到期 {len(report.due_soon)} 件，"
                f"待终止 {len(report.to_close)} 件"
                + (
                    f"，已终止 {lapsed} 件"
                    if options["lapse"] and not options["dry_run"]
                    else ""
                )
                + "。"
            )
        )

    def _section(self, title, applications, today):
        self.stdout.write(f"{title}：{len(applications)} 件")
        for application in applications:
            self.stdout.write(
                f"  {application.tracking_code}  {application.body.site.hostname}  "
                f"{application.body.name}  {application.get_status_display()}  "
                f"答复期限 {application.due_date}"
                f"{'（暂定）' if is_provisional(application.due_date) else ''}  剩余 {days_left(application, today)} 个工作日"
            )
