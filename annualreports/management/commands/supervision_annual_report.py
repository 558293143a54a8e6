from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from ...drafting import draft_supervision_page
from ...forms import SUPERVISION_FORM
from ...lists import list_tables
from ...models import SupervisionAnnualReport
from ...output import check_paths, check_year, write_files
from ...supervision import as_json, refresh_computed


class Command(BaseCommand):
    help = (
        "Draft the cluster's 政府网站监管年度报表 for a year from the spot checks, "
        "findings, rectifications, site consolidations and new-media records, "
        "store it beside the figures the office entered, create or update the "
        "draft of its page in the cluster portal's 年度报表 column for review, "
        "and optionally write it as JSON and Excel (with the year's checks and "
        "new-media accounts)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", required=True, type=int, help="Report year, e.g. 2026"
        )
        parser.add_argument(
            "--json", help="Write the report as JSON to this file (- for stdout)"
        )
        parser.add_argument("--xlsx", help="Write the report to this .xlsx file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Compute and write the files; store nothing and draft no page",
        )

    def handle(self, *args, **options):
        year = options["year"]
        check_year(year)
        check_paths(options)
        report = SupervisionAnnualReport.objects.filter(year=year).first()
        if report is None:
            report = SupervisionAnnualReport(year=year)
        refresh_computed(report)
        page = created = None
        if not options["dry_run"]:
            with transaction.atomic():
                report.save()
                page, created = draft_supervision_page(report)
        data = as_json(report)
        tables = list_tables(data)
        write_files(self, options, data, report.title, SUPERVISION_FORM, tables)
        if options["json"] == "-":
            return
        if options["dry_run"]:
            self.stdout.write(_("[dry-run] 未保存报表，未生成页面草稿。"))
        elif page is None:
            self.stdout.write(_("平台上没有顶层门户网站，未生成页面草稿。"))
        else:
            self.stdout.write(
                (
                    _("已创建页面草稿：%(title)s")
                    if created
                    else _("已更新页面草稿：%(title)s")
                )
                % {"title": page.title}
            )
        spot = data["spot_checks"]
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(year)s年：抽查%(checks)d批次，抽查网站%(checked)d个次，"
                    "不合格%(failed)d个次；运行网站%(sites)d个。"
                )
                % {
                    "year": year,
                    "checks": len(data["checks"]),
                    "checked": spot["sites_checked_year"],
                    "failed": spot["sites_failed_year"],
                    "sites": data["sites_total"],
                }
            )
        )
