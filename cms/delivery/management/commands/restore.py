import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm
from wagtail.models import Collection, Locale, Page, Site

from cms.delivery.backup import DATA, LOGS, MEDIA_PREFIX, BackupError, open_archive
from sites.models import SiteProfile


class Command(BaseCommand):
    help = (
        "Restore a cluster from an archive made by `manage.py backup` into an empty, "
        "migrated database (SQLite or PostgreSQL), with its media files."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Archive written by `manage.py backup`.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the archive and the target, report what would be restored, change nothing.",
        )
        parser.add_argument(
            "--skip-index",
            action="store_true",
            help="Do not rebuild the search and reference indexes afterwards.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("找不到备份文件 %(file)s。") % {"file": path})
        try:
            archive, info = open_archive(path)
        except BackupError as error:
            raise CommandError(
                _("%(file)s 不是有效的站群备份文件：%(reason)s")
                % {"file": path, "reason": error}
            ) from error
        with archive:
            self.check_empty()
            media = [
                m
                for m in archive.getmembers()
                if m.isfile() and m.name.startswith(MEDIA_PREFIX)
            ]
            if options["dry_run"]:
                self.stdout.write(
                    _(
                        "试运行：将恢复 %(objects)s 条数据、%(media)s 个媒体文件（备份于 %(created)s），未做任何修改。"
                    )
                    % {
                        "objects": info["objects"],
                        "media": len(media),
                        "created": info["created_at"],
                    }
                )
                return
            with tempfile.TemporaryDirectory(prefix="govcluster-restore-") as work:
                archive.extract(DATA, work, filter="data")
                archive.extract(LOGS, work, filter="data")
                with transaction.atomic():
                    self.clear_initial_content()
                    call_command("loaddata", str(Path(work) / DATA), verbosity=0)
                    call_command("loaddata", str(Path(work) / LOGS), verbosity=0)
                # Content type ids may differ from the backup's; drop cached ones.
                ContentType.objects.clear_cache()
            media_root = Path(settings.MEDIA_ROOT)
            for member in tqdm(
                media, desc=_("媒体文件"), file=self.stderr, disable=len(media) < 50
            ):
                member.name = member.name.removeprefix(MEDIA_PREFIX)
                archive.extract(member, media_root, filter="data")
        if not options["skip_index"]:
            call_command("rebuild_references_index", verbosity=0)
            call_command("update_index", verbosity=0)
        self.stdout.write(
            _(
                "恢复完成：%(objects)s 条数据，%(media)s 个媒体文件。请运行 publish_static --all 重新生成静态页面。"
            )
            % {"objects": info["objects"], "media": len(media)}
        )

    def check_empty(self):
        """Only an empty cluster is restored into: no users, no sites beyond
        Wagtail's welcome page; nothing existing is ever overwritten."""
        if (
            get_user_model().objects.exists()
            or SiteProfile.objects.exists()
            or Page.objects.filter(depth__gt=2).exists()
            or Page.objects.count() > 2
        ):
            raise CommandError(
                _(
                    "目标数据库不是空库（已有用户、站点或页面）。请在新建并完成 migrate 的空数据库中恢复。"
                )
            )

    def clear_initial_content(self):
        """Wagtail's migrations create a root page, a welcome page, a default
        site, a root collection and a locale; the backup holds the real ones."""
        Site.objects.all().delete()
        Page.objects.filter(depth__gt=1).delete()
        Page.objects.all().delete()
        Collection.objects.all().delete()
        Locale.objects.all().delete()
