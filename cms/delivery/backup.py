"""Cluster backups: the database as portable JSON with natural keys (loads
into SQLite or PostgreSQL alike) plus the media files, in one tar.gz archive."""

import json
import tarfile
from collections import Counter
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.utils import timezone

FORMAT = "govcluster-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
# Page history keeps entries of deleted pages (a foreign key without a
# constraint), which natural keys cannot express: dumped by plain ids.
LOGS = "page-logs.json"
LOG_MODEL = "wagtailcore.pagelogentry"
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """An archive that cannot be restored; the message is for the operator."""


def excluded_labels():
    """BACKUP_EXCLUDED_MODELS entries whose app is installed (dumpdata
    refuses unknown ones)."""
    labels = []
    for label in settings.BACKUP_EXCLUDED_MODELS:
        app_label, _, model = label.partition(".")
        if not any(c.label == app_label for c in apps.get_app_configs()):
            continue
        if model:
            try:
                apps.get_model(app_label, model)
            except LookupError:
                continue
        labels.append(label)
    return labels


def media_files(root=None):
    root = Path(root or settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def manifest(object_counts, media_count):
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "objects": sum(object_counts.values()),
        "models": dict(sorted(object_counts.items())),
        "media_files": media_count,
    }


def count_objects(*data_paths):
    counts = Counter()
    for data_path in data_paths:
        with open(data_path, encoding="utf-8") as stream:
            counts.update(item["model"] for item in json.load(stream))
    return counts


def safe_member_name(name):
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def open_archive(path):
    """(tarfile, manifest) of a readable backup, or BackupError."""
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 - returned to the caller
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{error}") from error
    names = archive.getnames()
    if not {MANIFEST, DATA, LOGS} <= set(names):
        archive.close()
        raise BackupError("missing manifest.json, data.json or page-logs.json")
    unsafe = [name for name in names if not safe_member_name(name)]
    if unsafe:
        archive.close()
        raise BackupError(f"unsafe member {unsafe[0]}")
    info = json.load(archive.extractfile(MANIFEST))
    if info.get("format") != FORMAT or info.get("version") != FORMAT_VERSION:
        archive.close()
        raise BackupError("unknown format")
    return archive, info
