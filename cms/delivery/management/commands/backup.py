import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from cms.delivery.backup import (
    DATA,
    LOG_MODEL,
    LOGS,
    MANIFEST,
    MEDIA_PREFIX,
    count_objects,
    excluded_labels,
    manifest,
    media_files,
)


class Command(BaseCommand):
    help = (
        "Back up the whole cluster (database content as portable JSON with natural "
        "keys, plus media files) into one tar.gz archive for `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="Archive to write, e.g. govcluster-2026-11-21.tar.gz."
        )
        parser.add_argument(
            "--force", action="store_true", help="Overwrite FILE if it exists."
        )
        parser.add_argument(
            "--no-media", action="store_true", help="Leave the media files out."
        )

    def handle(self, *args, **options):
        import json
        import tarfile

        target = Path(options["file"])
        if target.exists() and not options["force"]:
            raise CommandError(
                _("文件 %(file)s 已存在；如需覆盖请加 --force。") % {"file": target}
            )
        if not target.parent.is_dir():
            raise CommandError(_("目录 %(dir)s 不存在。") % {"dir": target.parent})
        files = [] if options["no_media"] else media_files()
        media_root = Path(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory(prefix="govcluster-backup-") as work:
            data_path = Path(work) / DATA
            logs_path = Path(work) / LOGS
            call_command(
                "dumpdata",
                exclude=[*excluded_labels(), LOG_MODEL],
                natural_foreign=True,
                format="precise_json",
                output=str(data_path),
                verbosity=0,
            )
            call_command(
                "dumpdata",
                LOG_MODEL,
                natural_foreign=False,
                output=str(logs_path),
                verbosity=0,
            )
            counts = count_objects(data_path, logs_path)
            info = manifest(counts, len(files))
            manifest_path = Path(work) / MANIFEST
            manifest_path.write_text(json.dumps(info, ensure_ascii=False, indent=2))
            partial = target.with_name(target.name + ".part")
            # The archive holds account data: readable by its owner only.
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with (
                os.fdopen(fd, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz") as archive,
            ):
                archive.add(manifest_path, arcname=MANIFEST)
                archive.add(data_path, arcname=DATA)
                archive.add(logs_path, arcname=LOGS)
                for path in tqdm(
                    files, desc=_("媒体文件"), file=self.stderr, disable=len(files) < 50
                ):
                    archive.add(
                        path,
                        arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix(),
                    )
            os.replace(partial, target)
        self.stdout.write(
            _(
                "备份完成：%(file)s，%(objects)s 条数据，%(media)s 个媒体文件，%(size)s 字节。"
            )
            % {
                "file": target,
                "objects": info["objects"],
                "media": len(files),
                "size": target.stat().st_size,
            }
        )
