import json
from datetime import datetime
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.delivery import signals as delivery_signals
from cms.delivery.models import StaticRenderRequest
from cms.delivery.publisher import file_for
from cms.pages.models import ArticlePage
from cms.publishing.models import ImportedArticle
from search.models import SearchDocument
from tests.factories import column

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def write_jsonl(path, lines):
    path.write_text(
        "\n".join(
            line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
            for line in lines
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def run_import(path, *extra, site="county.localhost", column_slug="news"):
    out, err = StringIO(), StringIO()
    call_command(
        "import_articles",
        str(path),
        "--site",
        site,
        "--column",
        column_slug,
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue()


def imported(cluster):
    return ArticlePage.objects.child_of(column(cluster.county, "news"))


def test_import_keeps_fields_and_original_publication_time(cluster, tmp_path):
    path = write_jsonl(
        tmp_path / "old.jsonl",
        [
            {
                "title": "县政府召开常务会议",
                "body": "<p>会议研究了<b>春耕</b>工作。</p>",
                "published_at": "2019-03-05T09:30:00+08:00",
                "source": "县政府办",
                "author": "李四",
                "doc_number": "东府发〔2019〕5号",
                "external_id": "old-1001",
            },
            {"title": "纯文本文章", "body": "第一段\n\n第二段"},
        ],
    )
    out = run_import(path, "--publish")
    assert "新建 2 篇，更新 0 篇，失败 0 行" in out
    page = imported(cluster).get(title="县政府召开常务会议")
    original = datetime(2019, 3, 5, 9, 30, tzinfo=SHANGHAI)
    assert page.published_at == original
    assert page.first_published_at == original
    assert page.live
    assert (page.source, page.author, page.doc_number) == (
        "县政府办",
        "李四",
        "东府发〔2019〕5号",
    )
    assert page.body == "<p>会议研究了<b>春耕</b>工作。</p>"
    plain = imported(cluster).get(title="纯文本文章")
    assert plain.body == "<p>第一段</p><p>第二段</p>"


def test_reimport_with_same_external_id_updates_instead_of_adding(cluster, tmp_path):
    first = write_jsonl(
        tmp_path / "a.jsonl", [{"title": "旧标题", "body": "旧", "external_id": "7"}]
    )
    run_import(first, "--publish")
    second = write_jsonl(
        tmp_path / "b.jsonl", [{"title": "新标题", "body": "新", "external_id": "7"}]
    )
    out = run_import(second, "--publish")
    assert "新建 0 篇，更新 1 篇" in out
    [page] = imported(cluster)
    assert page.title == "新标题" and page.live
    assert ImportedArticle.objects.get().page_id == page.pk


def test_bad_lines_are_reported_with_line_number_and_the_rest_imports(
    cluster, tmp_path
):
    path = write_jsonl(
        tmp_path / "mixed.jsonl",
        [
            {"title": "好的一篇", "body": "正文"},
            "{not json",
            "[1, 2, 3]",
            {"body": "没有标题"},
            {"title": "时间坏了", "body": "x", "published_at": "昨天"},
            {"title": "未来时间", "body": "x", "published_at": "2999-01-01T00:00:00"},
            {"title": 42, "body": "x"},
            {"title": "文号太长", "body": "x", "doc_number": "号" * 100},
            {"title": "又一篇好的", "body": "正文"},
        ],
    )
    out = run_import(path)
    assert "新建 2 篇，更新 0 篇，失败 7 行" in out
    for line in (2, 3, 4, 5, 6, 7, 8):
        assert f"第 {line} 行" in out
    assert "JSON" in out and "title" in out and "published_at" in out
    assert imported(cluster).count() == 2
    assert not imported(cluster).filter(live=True).exists()


def test_hostile_bodies_are_sanitised_before_storage(cluster, tmp_path):
    path = write_jsonl(
        tmp_path / "hostile.jsonl",
        [
            {
                "title": "<script>alert(1)</script>标题",
                "body": '<p onclick="alert(1)">正文<script>steal()</script>'
                '<a href="javascript:alert(1)">链接</a>'
                '<img src=x onerror=alert(1)><iframe src="//evil"></iframe></p>',
                "external_id": "evil-1",
            }
        ],
    )
    run_import(path, "--publish")
    page = imported(cluster).get()
    assert page.title == "alert(1)标题"
    for sign in ("script", "onclick", "javascript", "onerror", "iframe"):
        assert sign not in page.body
    response = page.serve(_request(page))
    html = response.render().content.decode()
    assert "steal()" not in html and "javascript:alert" not in html


def _request(page):
    from django.test import RequestFactory

    request = RequestFactory().get(page.url, HTTP_HOST="county.localhost")
    return request


def test_dry_run_saves_nothing_but_reports_the_summary(cluster, tmp_path):
    path = write_jsonl(
        tmp_path / "dry.jsonl",
        [{"title": "试运行", "body": "x", "external_id": "d1"}, "oops"],
    )
    out = run_import(path, "--dry-run")
    assert "试运行" in out and "新建 1 篇，更新 0 篇，失败 1 行" in out
    assert not imported(cluster).exists()
    assert not ImportedArticle.objects.exists()


def test_each_imported_article_is_in_the_audit_log(cluster, tmp_path, county_editor):
    path = write_jsonl(tmp_path / "log.jsonl", [{"title": "记一笔", "body": "x"}])
    run_import(path, "--user", county_editor.username)
    page = imported(cluster).get()
    entry = PageLogEntry.objects.get(page=page, action="publishing.import")
    assert entry.user == county_editor
    assert entry.data["file"] == "log.jsonl" and entry.data["line"] == 1


def test_imported_pages_sit_correctly_in_the_tree(cluster, tmp_path):
    path = write_jsonl(
        tmp_path / "tree.jsonl",
        [{"title": f"第{n}篇", "body": "x", "external_id": f"t{n}"} for n in range(5)],
    )
    run_import(path, "--publish")
    news = column(cluster.county, "news")
    news.refresh_from_db()
    assert news.numchild == 5
    assert news.get_children().count() == 5
    page = imported(cluster).get(title="第3篇")
    assert page.get_parent().pk == news.pk
    assert page.full_url == "http://county.localhost/news/t3/"


def test_user_mistakes_are_clear_chinese_errors(cluster, tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"title": "a", "body": "b"}])
    with pytest.raises(CommandError, match="站点 nowhere.localhost 不存在"):
        run_import(path, site="nowhere.localhost")
    with pytest.raises(CommandError, match="没有栏目 nosuch"):
        run_import(path, column_slug="nosuch")
    with pytest.raises(CommandError, match="文件 .* 不存在"):
        run_import(tmp_path / "missing.jsonl")
    with pytest.raises(CommandError, match="用户"):
        run_import(path, "--user", "ghost")
    assert not imported(cluster).exists()


def test_imported_articles_are_indexed_for_search(
    cluster, tmp_path, publish_root, django_capture_on_commit_callbacks
):
    path = write_jsonl(
        tmp_path / "search.jsonl",
        [{"title": "春耕生产动员会", "body": "<p>部署春耕生产。</p>"}],
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_import(path, "--publish")
    results = ArticlePage.objects.live().search("春耕生产动员会")
    assert [page.title for page in results] == ["春耕生产动员会"]


# --- Imported pages are published exactly like pages published in the admin:
# the same revision and log entries, the same references, both search indexes,
# and the same static files (the page and every page that lists it), only done
# once per batch. Tasks run inline (ImmediateBackend) after commit.

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


def import_lines(tmp_path, lines, *extra):
    return run_import(write_jsonl(tmp_path / "old.jsonl", lines), *extra)


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
        out = import_lines(
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
        import_lines(tmp_path, ARTICLES, "--publish")
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
        out = import_lines(tmp_path, ARTICLES, "--publish", "--dry-run")
    assert "[试运行，未保存]" in out and "新建 3 篇" in out
    assert counts() == before
    assert callbacks == []
    assert not publish_root.exists() or not any(publish_root.rglob("*.html"))


def test_bad_lines_are_explained_in_chinese_and_the_rest_is_published(
    cluster, tmp_path, client, publish_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = import_lines(
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
