"""Search from the command line, with the public search's results."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from search.forms import SearchForm
from search.service import run_search, site_for_hostname


class Command(BaseCommand):
    help = _("按公众搜索的方式检索并输出结果；--json 输出与 /api/search/ 相同的结构。")

    def add_arguments(self, parser):
        parser.add_argument("query", help=_("检索词或文号。"))
        parser.add_argument(
            "--site",
            metavar="HOST",
            help=_("只检索该域名的站点（默认检索全站群）。"),
        )
        parser.add_argument(
            "--json", action="store_true", help=_("以 JSON 输出，结构与搜索接口相同。")
        )
        for name, text in (
            ("type", _("内容类型，例如 pages.articlepage。")),
            ("category", _("主题分类。")),
            ("body", _("发布机构。")),
            ("year", _("年份。")),
            ("sort", _("排序：relevance（默认）或 date。")),
            ("page", _("页码（默认 1）。")),
        ):
            parser.add_argument(f"--{name}", help=text)

    def handle(self, *args, **options):
        site = None
        if options["site"]:
            site = site_for_hostname(options["site"])
            if site is None:
                raise CommandError(
                    _("没有域名为 %(host)s 的站点。") % {"host": options["site"]}
                )
        params = {
            "q": options["query"],
            "scope": "site" if site else "cluster",
            **{
                name: options[name]
                for name in ("type", "category", "body", "year", "sort", "page")
                if options[name]
            },
        }
        form = SearchForm(params)
        if not form.is_valid():
            messages = "；".join(
                str(message) for errors in form.errors.values() for message in errors
            )
            raise CommandError(messages)
        if not form.cleaned_data["q"]:
            raise CommandError(_("请提供检索词。"))
        outcome = run_search(form.cleaned_data, site)
        if options["json"]:
            self.stdout.write(
                json.dumps(outcome.as_api(), ensure_ascii=False, indent=2)
            )
            return
        for number, hit in enumerate(
            outcome.hits, start=(outcome.page - 1) * outcome.page_size + 1
        ):
            date = timezone.localtime(hit.date).date().isoformat() if hit.date else ""
            self.stdout.write(
                f"{number}. {hit.title}  [{hit.site} · {hit.type} · {date}]"
            )
            self.stdout.write(f"   {hit.url}")
            self.stdout.write(f"   {strip_tags(hit.snippet)}")
        self.stdout.write(
            _("共 %(count)d 条结果，第 %(page)d/%(pages)d 页。")
            % {
                "count": outcome.count,
                "page": outcome.page,
                "pages": max(outcome.num_pages, 1),
            }
        )
