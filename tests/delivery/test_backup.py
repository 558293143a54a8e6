"""A backup restored into an empty database serves the same pages."""

import io
import json
import tarfile
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.documents.models import Document
from wagtail.models import Page

from tests.factories import PASSWORD, UserFactory, add_article, column

pytestmark = pytest.mark.django_db

URLS = [
    ("city.localhost", "/"),
    ("city.localhost", "/news/"),
    ("city.localhost", "/news/flood-warning/"),
    ("city.localhost", "/sitemap.xml"),
    ("city.localhost", "/feed.xml"),
    ("town.localhost", "/"),
    ("town.localhost", "/notices/"),
    ("town.localhost", "/notices/road-closure/"),
]


@pytest.fixture
def populated(two_sites, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    city, town = two_sites
    UserFactory(username="editor-city", groups=[city.editors_group])
    document = Document(title="防汛预案", collection=city.collection)
    document.file.save("plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=True)
    add_article(column(city, "news"), "防汛红色预警", slug="flood-warning")
    add_article(column(town, "notices"), "道路封闭通告", slug="road-closure")
    return city, town, document


@pytest.fixture(autouse=True)
def forget_content_type_ids():
    """`flush` recreates content types with new ids, and the test's rollback
    brings the old ones back: the process-wide cache must not outlive either."""
    yield
    ContentType.objects.clear_cache()


def empty_database():
    """Flush inside the test's transaction. PostgreSQL refuses to TRUNCATE
    tables with deferred foreign-key checks pending, so run those first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def pages(client):
    return {
        (host, path): client.get(path, HTTP_HOST=host).content.decode()
        for host, path in URLS
    }


def test_a_restored_cluster_serves_identical_pages(
    client, populated, tmp_path, settings
):
    _city, _town, document = populated
    before = pages(client)
    assert all(before.values())
    archive = tmp_path / "cluster.tar.gz"
    out = StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "备份完成" in out.getvalue()
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    empty_database()
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    assert not Page.objects.exists()
    out = StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "恢复完成" in out.getvalue()

    assert pages(client) == before
    restored = Document.objects.get(title="防汛预案")
    assert restored.file.read() == b"%PDF-1.4 plan"
    assert (
        client.login(request=None, username="editor-city", password=PASSWORD)
        or client.post(
            "/admin/login/", {"username": "editor-city", "password": PASSWORD}
        ).status_code
        == 302
    )


def test_restore_refuses_a_database_that_is_not_empty(populated, tmp_path):
    archive = tmp_path / "cluster.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    count = Page.objects.count()
    with pytest.raises(CommandError, match="目标数据库不是空库"):
        call_command("restore", str(archive), stdout=StringIO())
    assert Page.objects.count() == count


def test_restore_dry_run_reports_and_changes_nothing(populated, tmp_path):
    archive = tmp_path / "cluster.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    empty_database()
    out = StringIO()
    call_command("restore", str(archive), "--dry-run", stdout=out)
    assert "试运行：将恢复" in out.getvalue()
    assert "1 个媒体文件" in out.getvalue()
    assert not Page.objects.exists()


def test_backup_will_not_overwrite_an_existing_file(populated, tmp_path):
    archive = tmp_path / "cluster.tar.gz"
    archive.write_bytes(b"precious")
    with pytest.raises(CommandError, match="已存在"):
        call_command("backup", str(archive), stdout=StringIO())
    assert archive.read_bytes() == b"precious"


def test_restore_rejects_archives_that_are_not_backups(db, tmp_path):
    not_tar = tmp_path / "notes.tar.gz"
    not_tar.write_text("hello")
    with pytest.raises(CommandError, match="不是有效的站群备份文件"):
        call_command("restore", str(not_tar), stdout=StringIO())
    escaping = tmp_path / "evil.tar.gz"
    with tarfile.open(escaping, "w:gz") as archive:
        for name, content in [
            (
                "manifest.json",
                json.dumps({"format": "govcluster-backup", "version": 1}),
            ),
            ("data.json", "[]"),
            ("page-logs.json", "[]"),
            ("media/../../etc/cron.d/x", "boom"),
        ]:
            data = content.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="不是有效的站群备份文件"):
        call_command("restore", str(escaping), stdout=StringIO())
