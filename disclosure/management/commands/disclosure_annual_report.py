from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from sites.models import SiteProfile

from ...annual_report import build_report, write_xlsx
from ...models import AnnualReportIndexPage, AnnualReportPage
from ...sections import disclosure_column


class Command(BaseCommand):
    help = (
        "Compute a site's annual disclosure report in the national format (2021) "
        "from the platform's data, create or update it as a draft AnnualReportPage "
        "for review (sections 一, 五 and 六 drafted from the data where still "
        "empty), and optionally write the tables to an Excel file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True, help="Hostname of the site")
        parser.add_argument(
            "--year", required=True, type=int, help="Report year, e.g. 2026"
        )
        parser.add_argument("--xlsx", help="Also write the tables to this .xlsx file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the tables (and write --xlsx) without creating a page",
        )

    def handle(self, *args, **options):
        profile = (
            SiteProfile.objects.with_site()
            .filter(site__hostname=options["site"])
            .first()
        )
        if profile is None:
            raise CommandError(_("站点 %(host)s 不存在。") % {"host": options["site"]})
        year = options["year"]
        if not 2008 <= year <= 2100:
            raise CommandError(_("年度 %(year)s 不合理。") % {"year": year})
        if options["xlsx"] and not options["xlsx"].lower().endswith(".xlsx"):
            raise CommandError(_("--xlsx 文件名应以 .xlsx 结尾。"))
        report = build_report(profile.site, year)
        if not report.counts.reconciles():
            raise CommandError(_("申请数据无法勾稽平衡，请检查数据。"))
        for table in report.tables:
            self.stdout.write(table["heading"])
            for row in table["rows"]:
                if row["key"] is None:
                    continue
                label = " ".join(cell["text"] for cell in row["cells"] if cell["th"])
                values = "  ".join(str(value) for value in row["values"])
                self.stdout.write(f"  {label}: {values}".replace("  : ", "  "))
        if not report.figures_entered:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "尚未录入%(year)s年的行政决定、收费和复议诉讼数据，相关数字按0计。"
                    )
                    % {"year": year}
                )
            )
        if options["xlsx"]:
            try:
                write_xlsx(report, options["xlsx"])
            except OSError as error:
                raise CommandError(
                    _("无法写入 %(path)s：%(error)s")
                    % {"path": options["xlsx"], "error": error}
                ) from error
            self.stdout.write(_("已写入 %(path)s") % {"path": options["xlsx"]})
        if options["dry_run"]:
            self.stdout.write(_("[dry-run] 未创建报告页面。"))
        else:
            page, created = self.save_draft(profile, report)
            self.stdout.write(
                (
                    _("已创建报告草稿：%(title)s")
                    if created
                    else _("已更新报告草稿：%(title)s")
                )
                % {"title": page.title}
            )
        s = report.summary
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(year)s年：新收申请%(new)d件，上年结转%(carried_in)d件，办结%(total)d件，"
                    "结转下年度%(carried_out)d件；勾稽平衡。"
                )
                % {"year": year, **s}
            )
        )

    @transaction.atomic
    def save_draft(self, profile, report):
        column = disclosure_column(profile)
        index = (
            AnnualReportIndexPage.objects.child_of(column).first() if column else None
        )
        if index is None:
            raise CommandError(
                _("站点没有“政府信息公开年报”栏目，请先运行 disclosure_sections。")
            )
        page = AnnualReportPage.objects.child_of(index).filter(year=report.year).first()
        created = page is None
        if created:
            page = AnnualReportPage(
                title=_("%(name)s%(year)s年政府信息公开工作年度报告")
                % {"name": profile.name, "year": report.year},
                slug=str(report.year),
                year=report.year,
                live=False,
                overall=report.overall_html(),
                problems=report.problems_html(),
                other_matters=report.other_matters_html(),
                tables=report.as_json(),
            )
            index.add_child(instance=page)
        else:
            page = page.get_latest_revision_as_object()
            page.tables = report.as_json()
            # The office's text is kept; empty sections get a fresh draft.
            if not page.overall:
                page.overall = report.overall_html()
            if not page.problems:
                page.problems = report.problems_html()
            if not page.other_matters:
                page.other_matters = report.other_matters_html()
        # A new revision, never published here: the office reviews it first.
        page.save_revision(log_action=True)
        return page, created
