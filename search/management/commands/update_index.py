"""Rebuild every search index: Wagtail's own (the admin's search, through the
configured backend) and the public search index, with a progress bar."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as WagtailUpdateIndex,
)
from tqdm import tqdm
from wagtail.models import Page

from search import indexing
from search.models import SearchDocument


class Command(WagtailUpdateIndex):
    help = _(
        "重建搜索索引：后台搜索使用的 Wagtail 索引和公众搜索索引（显示进度）。"
        "自定义分词修改后需运行本命令才能生效。"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--public-only",
            action="store_true",
            help=_("只重建公众搜索索引，不重建后台搜索索引。"),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("只统计将要索引的页面数量，不修改索引。"),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_(
                "只在公众搜索索引为空而有已发布页面时重建（如升级后索引被清空），"
                "否则不做任何事。"
            ),
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help=_("每批处理的页面数（默认 500）。"),
        )

    def handle(self, **options):
        if options["batch_size"] < 1:
            raise CommandError(_("每批页面数必须是正整数。"))
        candidates = Page.objects.filter(depth__gt=2, live=True).count()
        if options["if_empty"] and (SearchDocument.objects.exists() or not candidates):
            self.stdout.write(_("公众搜索索引不为空（或没有已发布页面），未重建。"))
            return
        if options["dry_run"]:
            self.stdout.write(
                _("将为 %(count)d 个已发布页面重建公众搜索索引（演练，未修改）。")
                % {"count": candidates}
            )
            return
        if not options["public_only"]:
            super().handle(**options)
        with tqdm(
            total=candidates,
            desc=_("公众搜索索引"),
            unit=_("页"),
            file=self.stderr,
            disable=options["verbosity"] < 1,
        ) as bar:
            pages, indexed = indexing.rebuild(
                batch_size=options["batch_size"], progress=bar.update
            )
        self.stdout.write(
            _(
                "公众搜索索引已重建：检查 %(pages)d 个页面，索引 %(indexed)d 个（其余未公开、已过期或受限）。"
            )
            % {"pages": pages, "indexed": indexed}
        )
