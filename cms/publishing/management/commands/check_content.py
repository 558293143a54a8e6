import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from ...checks import check_page, check_text, describe


class Command(BaseCommand):
    help = (
        "Run the content checks (leader names, sensitive words, typos, broken "
        "links, publication time, document number) on a page or a text file and "
        "print the findings."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument(
            "--page", type=int, help="ID of the page to check (its latest draft)"
        )
        target.add_argument(
            "file", nargs="?", help="A UTF-8 text file to check instead of a page"
        )
        parser.add_argument(
            "--site",
            help="Hostname whose own dictionary applies to FILE "
            "(default: cluster-wide entries only)",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help='Print a JSON list of {"rule", "severity", "text", "start", "end", '
            '"suggestion", "field"} objects',
        )

    def handle(self, *args, **options):
        if options["page"] is not None:
            page = Page.objects.filter(pk=options["page"]).first()
            if page is None:
                raise CommandError(_("页面 %(id)s 不存在。") % {"id": options["page"]})
            findings = check_page(page.get_latest_revision_as_object())
        else:
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(_("文件 %(path)s 不存在。") % {"path": path})
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as error:
                raise CommandError(
                    _("文件 %(path)s 不是 UTF-8 文本。") % {"path": path}
                ) from error
            site = None
            if options["site"]:
                site = Site.objects.filter(hostname=options["site"]).first()
                if site is None:
                    raise CommandError(
                        _("站点 %(host)s 不存在。") % {"host": options["site"]}
                    )
            findings = check_text(text, site=site)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [finding.as_dict() for finding in findings],
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        for finding in findings:
            self.stdout.write(f"[{finding.severity}] {describe(finding)}")
        serious = sum(1 for finding in findings if finding.severity == "serious")
        self.stdout.write(
            _("共发现 %(total)d 个问题，其中严重问题 %(serious)d 个。")
            % {"total": len(findings), "serious": serious}
        )
