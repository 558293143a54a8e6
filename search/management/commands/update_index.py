"""Rebuild every search index: Wagtail's own (the admin's search, through the
configured backend) and the public search index, with a progress bar. On a
search server the public index is rebuilt beside the one answering, which is
swapped for it at the end (search/engines/server.py); `--resume` continues a
rebuild that was interrupted."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as WagtailUpdateIndex,
)
from tqdm import tqdm
from wagtail.models import Page

from search import indexing
from search.engines.base import EngineUnavailable, NoRebuildToResume, RebuildUnfinished
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
            "--resume",
            action="store_true",
            help=_(
                "继续上次中断的公众搜索索引重建（仅搜索服务器），"
                "从最后完成的一批之后接着做。"
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
        if not options["public_only"] and not options["resume"]:
            super().handle(**options)
        bar = tqdm(
            total=candidates,
            desc=_("公众搜索索引"),
            unit=_("页"),
            file=self.stderr,
            disable=options["verbosity"] < 1,
        )

        def progress(resumed, handled):
            if resumed is not None:
                # Pages done before an interruption, counted once.
                bar.reset(total=resumed.pages + handled)
                bar.update(resumed.pages)
            else:
                bar.update(handled)

        try:
            rebuild = indexing.rebuild(
                batch_size=options["batch_size"],
                progress=progress,
                resume=options["resume"],
            )
        except NoRebuildToResume as err:
            raise CommandError(_("没有中断的公众搜索索引重建可以继续。")) from err
        except RebuildUnfinished as err:
            raise CommandError(
                _(
                    "公众搜索索引 %(index)s 的重建尚未完成（中断或正在进行）。"
                    "请用 --resume 继续。"
                )
                % {"index": err.args[0]}
            ) from err
        except EngineUnavailable as err:
            raise CommandError(
                _(
                    "搜索服务器无法访问，重建已停止；已完成的批次已记录，"
                    "服务器恢复后用 --resume 继续。（%(error)s）"
                )
                % {"error": err}
            ) from err
        finally:
            bar.close()
        self.stdout.write(
            _(
                "公众搜索索引已重建：检查 %(pages)d 个页面，索引 %(indexed)d 个（其余未公开、已过期或受限）。"
            )
            % {"pages": rebuild.pages, "indexed": rebuild.indexed}
        )
