"""Imported pages are published exactly like pages published in the admin:
the same revision and log entries, the same references, both search indexes,
and the same static files (the page and every page that lists it), only done
once per batch. Tasks run inline (ImmediateBackend) after commit."""

import json
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.delivery import signals as delivery_signals
from cms.delivery.models import StaticRenderRequest
from cms.delivery.publisher import file_for
from cms.pages.models import ArticlePage
from search.models import SearchDocument
from tests.factories import column

pytestmark = pytest.mark.django_db
HOST = "county.localhost"


@pytest.fixture
def publish_root(settings, tmp_path):
    settings.STATIC_PUBLISH_ROOT = tmp_path / "published"
    StaticRenderRequest.objects.all().delete()
    return settings.STATIC_PUBLISH_ROOT


@pytest.fixture
def requested(publish_root):
    """Every (paths, later) the delivery signal handlers ask to render."""
    calls = []

    def spy(pairs, later=False):
        calls.append((set(pairs), later))
        return real(pairs, later=later)

    real = delivery_signals.request_renders
    with mock.patch.object(delivery_signals, "request_renders", spy):
        yield calls


def run_import(tmp_path, lines, *extra):
    path = tmp_path / "old.jsonl"
    path.write_text(
        "\n".join(
            line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
            for line in lines
        )
        + "\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command(
        "import_articles",
        str(path),
        "--site",
        HOST,
        "--column",
        "news",
        *extra,
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


def publish_in_admin(client, news, title):
    response = client.post(
        f"/admin/pages/add/pages/articlepage/{news.pk}/",
        nested_form_data(
            {
                "title": title,
                "slug": "admin-page",
                "published_at": "2019-03-05 09:30",
                "doc_number": "",
                "source": "县政府办",
                "author": "",
                "summary": "",
                "body": rich_text("<p>部署春耕生产工作。</p>"),
                "attachments": inline_formset([]),
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ArticlePage.objects.get(slug="admin-page")


def static_html(page):
    target = file_for(HOST, "/" + page.url_path.split("/", 2)[2])
    return target.read_text(encoding="utf-8") if target.exists() else None


def what_it_got(page, calls):
    """What publishing `page` produced, with the page's own path named SELF so
    two pages can be compared."""
    own = (HOST, "/" + page.url_path.split("/", 2)[2])
    now = {pair for pairs, later in calls if not later for pair in pairs}
    assert own in now
    revisions = Revision.objects.filter(
        base_content_type__model="page", object_id=str(page.pk)
    )
    page.refresh_from_db()
    return {
        "render_requests": {pair for pair in now if pair != own} | {"SELF"},
        "revisions": revisions.count(),
        "live_revision": page.live_revision_id == page.latest_revision_id,
        "unpublished_changes": page.has_unpublished_changes,
        "log": sorted(
            (action, revision_id == page.live_revision_id)
            for action, revision_id in PageLogEntry.objects.filter(
                page=page, action__startswith="wagtail."
            ).values_list("action", "revision_id")
        ),
        "references": sorted(
            ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(
                "model_path", "to_content_type__model"
            )
        ),
        "public_index": SearchDocument.objects.filter(page_id=page.pk).count(),
        "wagtail_index": [
            hit.pk for hit in ArticlePage.objects.live().search(page.title)
        ].count(page.pk),
    }


def test_an_imported_page_gets_what_an_admin_published_page_gets(
    cluster,
    tmp_path,
    admin_client,
    client,
    requested,
    django_capture_on_commit_callbacks,
):
    news = column(cluster.county, "news")
    with django_capture_on_commit_callbacks(execute=True):
        edited = publish_in_admin(admin_client, news, "县政府召开春耕生产会议")
    edited_got = what_it_got(edited, requested)
    requested.clear()
    with django_capture_on_commit_callbacks(execute=True):
        out = run_import(
            tmp_path,
            [
                {
                    "title": "县政府部署防汛抗旱工作",
                    "body": "<p>部署防汛抗旱工作。</p>",
                    "published_at": "2019-03-06T09:30:00+08:00",
                    "source": "县政府办",
                    "external_id": "old-1",
                }
            ],
            "--publish",
        )
    assert "新建 1 篇" in out
    imported = ArticlePage.objects.get(slug="old-1")
    imported_got = what_it_got(imported, requested)

    assert imported_got == edited_got
    assert edited_got["revisions"] == 1 and edited_got["live_revision"]
    assert edited_got["log"] == [
        ("wagtail.create", False),
        ("wagtail.edit", True),
        ("wagtail.publish", True),
    ]
    assert edited_got["public_index"] == 1 and edited_got["wagtail_index"] == 1
    assert PageLogEntry.objects.filter(page=imported, action="publishing.import")
    # The admin page is the imported one's neighbour (上一篇): re-rendered later.
    later = {pair for pairs, is_later in requested if is_later for pair in pairs}
    assert later == {(HOST, "/news/admin-page/")}
    for page in (edited, imported):
        served = client.get(page.url, HTTP_HOST=HOST).content.decode()
        assert static_html(page) == served
    assert "县政府部署防汛抗旱工作" in static_html(edited)  # its 下一篇 link
    assert not StaticRenderRequest.objects.exists()


ARTICLES = [
    {
        "title": f"柳林乡第{n}期秸秆综合利用简报",
        "body": f"<p>第{n}期：秸秆综合利用进展。</p>",
        "published_at": f"2020-0{n}-01T08:00:00+08:00",
        "external_id": f"straw-{n}",
    }
    for n in range(1, 4)
]


def test_imported_pages_are_served_as_static_files_and_found_by_search(
    cluster, tmp_path, client, publish_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_import(tmp_path, ARTICLES, "--publish")
    pages = list(ArticlePage.objects.filter(slug__startswith="straw-"))
    assert len(pages) == 3
    for page in pages:
        served = client.get(page.url, HTTP_HOST=HOST).content.decode()
        assert static_html(page) == served
    listing = file_for(HOST, "/news/").read_text(encoding="utf-8")
    home = file_for(HOST, "/").read_text(encoding="utf-8")
    assert all(page.title in listing for page in pages)
    assert "秸秆综合利用简报" in home
    assert "straw-3" in file_for(HOST, "/sitemap.xml").read_text(encoding="utf-8")
    response = client.get("/search/", {"q": "秸秆综合利用"}, HTTP_HOST=HOST)
    html = response.content.decode()
    assert all(f"{page.full_url}" in html for page in pages), html


def test_a_dry_run_changes_nothing(
    cluster, tmp_path, publish_root, django_capture_on_commit_callbacks
):
    def counts():
        return [
            model.objects.count()
            for model in (
                Page,
                Revision,
                PageLogEntry,
                ReferenceIndex,
                SearchDocument,
                StaticRenderRequest,
            )
        ]

    before = counts()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        out = run_import(tmp_path, ARTICLES, "--publish", "--dry-run")
    assert "[试运行，未保存]" in out and "新建 3 篇" in out
    assert counts() == before
    assert callbacks == []
    assert not publish_root.exists() or not any(publish_root.rglob("*.html"))


def test_bad_lines_are_explained_in_chinese_and_the_rest_is_published(
    cluster, tmp_path, client, publish_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = run_import(
            tmp_path,
            [ARTICLES[0], '{"title": "半行', {"title": "无正文"}, ARTICLES[1]],
            "--publish",
        )
    assert "第 2 行：JSON 格式错误" in out
    assert "第 3 行：缺少字段 body。" in out
    assert "新建 2 篇，更新 0 篇，失败 2 行" in out
    for slug in ("straw-1", "straw-2"):
        page = ArticlePage.objects.get(slug=slug)
        assert static_html(page)
        assert SearchDocument.objects.filter(page_id=page.pk).exists()
