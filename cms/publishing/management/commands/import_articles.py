from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from cms.pages.models import ColumnPage
from sites.models import SiteProfile

from ...importer import ArticleImporter


class DryRunRollback(Exception):
    """Raised to roll back everything a dry run wrote."""


class Command(BaseCommand):
    help = (
        "Import legacy articles from a JSON Lines file into a column of a site. "
        "Each line: title, body (HTML or plain text) and optional published_at "
        "(ISO 8601), source, author, doc_number, external_id. A line whose "
        "external_id was imported before updates that page."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="Path of the .jsonl file, one JSON object per line"
        )
        parser.add_argument(
            "--site", required=True, help="Hostname of the receiving site"
        )
        parser.add_argument(
            "--column",
            required=True,
            help="Slug of the receiving column (a column anywhere on the site)",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the imported articles (default: import them as drafts)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and count every line, then roll back: nothing is saved",
        )
        parser.add_argument(
            "--user",
            help="Username recorded in the audit log as the importer "
            "(default: none, the system account name is noted)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("文件 %(path)s 不存在。") % {"path": path})
        profile = SiteProfile.objects.filter(site__hostname=options["site"]).first()
        if profile is None:
            raise CommandError(_("站点 %(host)s 不存在。") % {"host": options["site"]})
        column = (
            ColumnPage.objects.descendant_of(profile.site.root_page)
            .filter(slug=options["column"])
            .order_by("depth")
            .first()
        )
        if column is None:
            raise CommandError(
                _("站点 %(host)s 没有栏目 %(slug)s。")
                % {"host": options["site"], "slug": options["column"]}
            )
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(
                    _("用户 %(user)s 不存在。") % {"user": options["user"]}
                )
        with path.open("rb") as handle:
            total = sum(1 for _line in handle)
        importer = ArticleImporter(
            column, publish=options["publish"], user=user, source_name=path.name
        )
        try:
            with transaction.atomic():
                self.run(importer, path, total)
                if options["dry_run"]:
                    raise DryRunRollback
        except DryRunRollback:
            pass
        summary = importer.summary
        for line, reason in summary.errors:
            self.stdout.write(
                _("第 %(line)d 行：%(reason)s") % {"line": line, "reason": reason}
            )
        prefix = _("[试运行，未保存] ") if options["dry_run"] else ""
        self.stdout.write(
            prefix
            + _(
                "导入完成：新建 %(created)d 篇，更新 %(updated)d 篇，失败 %(failed)d 行。"
            )
            % {
                "created": summary.created,
                "updated": summary.updated,
                "failed": summary.failed,
            }
        )

    def run(self, importer, path, total):
        with (
            path.open(encoding="utf-8", errors="replace", newline="\n") as handle,
            tqdm(
                total=total,
                desc=_("导入文章"),
                unit=_("行"),
                disable=None,
                file=self.stderr,
            ) as progress,
        ):
            importer.import_lines(
                ((number, line) for number, line in enumerate(handle, start=1)),
                progress=progress,
            )
