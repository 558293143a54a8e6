from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from sites.models import SiteProfile

from ...drafting import draft_page, refresh_website_report
from ...forms import WEBSITE_FORM
from ...output import check_paths, check_year, write_files


class Command(BaseCommand):
    help = (
        "Compute a site's 政府网站工作年度报表 for a year from the platform's data "
        "(identity, visit totals, releases, columns, interpretation, services, "
        "interaction, security, new media), store it on the site's report record "
        "beside the figures the office entered, and create or update the draft "
        "of its page in the site's 年度报表 column for review. Optionally write "
        "the report as JSON and Excel."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True, help="Hostname of the site")
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
        profile = (
            SiteProfile.objects.with_site()
            .filter(site__hostname=options["site"])
            .first()
        )
        if profile is None:
            raise CommandError(_("站点 %(host)s 不存在。") % {"host": options["site"]})
        year = options["year"]
        check_year(year)
        check_paths(options)
        quiet = options["json"] == "-"
        with transaction.atomic():
            report = refresh_website_report(profile, year, save=not options["dry_run"])
            page = created = None
            if not options["dry_run"]:
                page, created = draft_page(report)
        data = {"year": year, **report.as_json()}
        write_files(self, options, data, report.title, WEBSITE_FORM)
        if quiet:
            return
        if options["dry_run"]:
            self.stdout.write(_("[dry-run] 未保存报表，未生成页面草稿。"))
        else:
            self.stdout.write(
                (
                    _("已创建页面草稿：%(title)s")
                    if created
                    else _("已更新页面草稿：%(title)s")
                )
                % {"title": page.title}
            )
        release = data["information_release"]
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(host)s %(year)s年：独立用户访问%(uv)d个，总访问量%(visits)d次，"
                    "发布信息%(items)d条，收到留言%(letters)d件。"
                )
                % {
                    "host": profile.site.hostname,
                    "year": year,
                    "uv": data["unique_visitors"],
                    "visits": data["total_visits"],
                    "items": release["total"],
                    "letters": data["interaction"]["letters_received"],
                }
            )
        )
