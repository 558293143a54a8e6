from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...forms import SUPERVISION_FORM
from ...models import SupervisionAnnualReport
from ...output import check_paths, check_year, write_files
from ...supervision import refresh_computed


class Command(BaseCommand):
    help = (
        "Draft the cluster's 政府网站监管年度报表 for a year from the spot checks, "
        "findings, rectifications, site consolidations and new-media records, "
        "store it beside the figures the office entered, and optionally write "
        "it as JSON and Excel (with the year's checks and new-media accounts)."
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
            help="Compute and write the files; store nothing",
        )

    def handle(self, *args, **options):
        year = options["year"]
        check_year(year)
        check_paths(options)
        report = SupervisionAnnualReport.objects.filter(year=year).first()
        if report is None:
            report = SupervisionAnnualReport(year=year)
        refresh_computed(report)
        if not options["dry_run"]:
            report.save()
        data = {
            "year": year,
            **report.as_json(),
            "checks": report.lists["checks"],
            "new_media_accounts": report.lists["new_media_accounts"],
        }
        tables = [
            (
                _("抽查批次"),
                [_("检查基准日"), _("范围"), _("抽查网站数量"), _("不合格网站数量")],
                [
                    [c["date"], c["scope"], c["sites_checked"], c["sites_failed"]]
                    for c in data["checks"]
                ],
            ),
            (
                _("政务新媒体账号"),
                [
                    _("站点"),
                    _("平台"),
                    _("名称"),
                    _("账号"),
                    _("主办单位"),
                    _("状态"),
                    _("开设日期"),
                    _("整合/关停日期"),
                    _("备案"),
                    _("信息发布量"),
                    _("关注量"),
                ],
                [list(account.values()) for account in data["new_media_accounts"]],
            ),
        ]
        write_files(self, options, data, report.title, SUPERVISION_FORM, tables)
        if options["json"] == "-":
            return
        if options["dry_run"]:
            self.stdout.write(_("[dry-run] 未保存报表。"))
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
