"""Published pages become static files; every change re-renders exactly the
pages that show it, atomically, in the background task."""

import itertools
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageViewRestriction

from cms.delivery import publisher
from cms.delivery.models import StaticRenderRequest
from cms.delivery.publisher import drain_pending, file_for, write_atomically
from tests.factories import add_article as _add_article
from tests.factories import column

_slugs = itertools.count(1)


def add_article(parent, title, **fields):
    fields.setdefault("slug", f"item-{next(_slugs)}")
    return _add_article(parent, title, **fields)


pytestmark = pytest.mark.django_db


def static_html(hostname, path, number=1):
    target = file_for(hostname, path, number)
    return target.read_text(encoding="utf-8") if target.exists() else None


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()


def test_publishing_an_article_writes_it_and_every_page_that_lists_it(
    publish_root, two_sites, client, django_capture_on_commit_callbacks
):
    city, _town = two_sites
    with django_capture_on_commit_callbacks(execute=True):
        article = add_article(column(city, "news"), "暴雨红色预警通知")
    host = "city.localhost"
    article_html = static_html(host, "/news/" + article.slug + "/")
    assert article_html == client.get(article.url, HTTP_HOST=host).content.decode()
    assert "暴雨红色预警通知" in static_html(host, "/news/")
    assert "暴雨红色预警通知" in static_html(host, "/")
    assert "暴雨红色预警通知" in static_html(host, "/feed.xml")
    assert "/news/" + article.slug + "/" in static_html(host, "/sitemap.xml")
    assert not StaticRenderRequest.objects.exists()


def test_a_change_touches_only_its_own_site(
    publish_root, two_sites, django_capture_on_commit_callbacks
):
    city, town = two_sites
    with django_capture_on_commit_callbacks(execute=True):
        add_article(column(town, "news"), "镇里的新闻")
    assert (publish_root / "town.localhost").is_dir()
    assert not (publish_root / "city.localhost").exists()
    # Only the article, its column, the home page, sitemap and feed: not the
    # other columns of the town site.
    assert static_html("town.localhost", "/notices/") is None


def test_unpublishing_removes_the_page_and_drops_it_from_listings(
    publish_root, two_sites, django_capture_on_commit_callbacks
):
    city, _town = two_sites
    news = column(city, "news")
    with django_capture_on_commit_callbacks(execute=True):
        article = add_article(news, "即将撤回的稿件")
    assert static_html("city.localhost", f"/news/{article.slug}/")
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert static_html("city.localhost", f"/news/{article.slug}/") is None
    assert "即将撤回的稿件" not in static_html("city.localhost", "/news/")
    assert "即将撤回的稿件" not in static_html("city.localhost", "/")


def test_moving_a_page_removes_the_old_file_and_writes_the_new_one(
    publish_root, two_sites, django_capture_on_commit_callbacks
):
    city, _town = two_sites
    with django_capture_on_commit_callbacks(execute=True):
        article = add_article(column(city, "news"), "移动的文章")
    notices = column(city, "notices")
    with django_capture_on_commit_callbacks(execute=True):
        article.move(notices, pos="last-child")
    assert static_html("city.localhost", f"/news/{article.slug}/") is None
    assert "移动的文章" not in static_html("city.localhost", "/news/")
    assert "移动的文章" in static_html("city.localhost", f"/notices/{article.slug}/")
    assert "移动的文章" in static_html("city.localhost", "/notices/")


def test_deleting_a_page_removes_its_file(
    publish_root, two_sites, django_capture_on_commit_callbacks
):
    city, _town = two_sites
    with django_capture_on_commit_callbacks(execute=True):
        article = add_article(column(city, "news"), "删除的文章")
    slug = article.slug
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=article.pk).delete()
    assert static_html("city.localhost", f"/news/{slug}/") is None
    assert "删除的文章" not in static_html("city.localhost", "/news/")


def test_paginated_listing_pages_are_written_and_pruned(
    publish_root, two_sites, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_COLUMN_PAGE_SIZE = 2
    city, _town = two_sites
    news = column(city, "news")
    with django_capture_on_commit_callbacks(execute=True):
        articles = [add_article(news, f"第{n}条") for n in range(5)]
    assert static_html("city.localhost", "/news/", 3) is not None
    assert static_html("city.localhost", "/news/", 4) is None
    with django_capture_on_commit_callbacks(execute=True):
        articles[0].unpublish()
        articles[1].unpublish()
    assert static_html("city.localhost", "/news/", 2) is not None
    assert static_html("city.localhost", "/news/", 3) is None


def test_an_alias_on_another_site_follows_its_original(
    publish_root, two_sites, django_capture_on_commit_callbacks
):
    city, town = two_sites
    with django_capture_on_commit_callbacks(execute=True):
        original = add_article(column(city, "policies"), "转载的政策原文")
        original.create_alias(parent=column(town, "policies"))
    alias_path = f"/policies/{original.slug}/"
    original.title = "转载的政策（修订）"
    with django_capture_on_commit_callbacks(execute=True):
        original.save_revision().publish()
    assert "转载的政策（修订）" in static_html("town.localhost", alias_path)
    assert "转载的政策（修订）" in static_html("town.localhost", "/policies/")


def test_restricted_and_dynamic_paths_get_no_file(
    publish_root, two_sites, django_capture_on_commit_callbacks
):
    city, _town = two_sites
    with django_capture_on_commit_callbacks(execute=True):
        article = add_article(column(city, "news"), "内部通知")
    path = f"/news/{article.slug}/"
    assert static_html("city.localhost", path)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        article.save_revision().publish()
    assert static_html("city.localhost", path) is None
    publisher.request_renders(
        [("city.localhost", "/search/"), ("city.localhost", "/admin/")]
    )
    assert not StaticRenderRequest.objects.exists()


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "host" / "index.html"
    write_atomically(target, "旧版本".encode())
    with (
        mock.patch("cms.delivery.publisher.os.replace", side_effect=OSError("disk")),
        pytest.raises(OSError),
    ):
        write_atomically(target, "新版本".encode())
    assert target.read_text(encoding="utf-8") == "旧版本"
    assert [p.name for p in target.parent.iterdir()] == ["index.html"]


def test_an_interrupted_render_leaves_the_request_for_the_next_run(
    publish_root, two_sites
):
    city, _town = two_sites
    article = add_article(
        column(city, "news"), "中断后补发"
    )  # no on_commit: queued only
    assert StaticRenderRequest.objects.filter(path=f"/news/{article.slug}/").exists()
    with mock.patch.object(
        publisher.StaticRenderer,
        "render_first",
        side_effect=RuntimeError("worker killed"),
    ):
        drain_pending()
    assert StaticRenderRequest.objects.filter(path=f"/news/{article.slug}/").exists()
    out = StringIO()
    call_command("publish_static", "--pending", stdout=out)
    assert "中断后补发" in static_html("city.localhost", f"/news/{article.slug}/")
    assert not StaticRenderRequest.objects.exists()


def test_a_request_repeated_during_rendering_is_rendered_again(publish_root, two_sites):
    city, _town = two_sites
    article = add_article(column(city, "news"), "第一版")
    real_render = publisher.StaticRenderer.render_first
    path = f"/news/{article.slug}/"

    def render_then_publish_again(self, hostname, rendered_path, dry_run=False):
        outcome = real_render(self, hostname, rendered_path, dry_run)
        if rendered_path == path and article.title == "第一版":
            article.title = "第二版"
            article.save_revision().publish()  # a reviewer publishes meanwhile
        return outcome

    with mock.patch.object(
        publisher.StaticRenderer, "render_first", render_then_publish_again
    ):
        drain_pending()
    assert "第二版" in static_html("city.localhost", path)


def test_the_pages_readers_see_first_are_rendered_first(
    publish_root, two_sites, settings
):
    """The article and the home page land before the article whose 下一篇
    link now shows it, that before the site-wide paths (sitemap, feed, site
    map, favicon), and those before the further pages of the column listing."""
    settings.PORTAL_COLUMN_PAGE_SIZE = 2
    city, _town = two_sites
    news = column(city, "news")
    for number in range(5):
        add_article(news, f"旧通知{number}")
    drain_pending()
    add_article(news, "新通知", slug="latest")
    fetched = []
    real_fetch = publisher.StaticRenderer.fetch

    def recording_fetch(self, hostname, path, query=None):
        fetched.append((path, (query or {}).get("page", 1)))
        return real_fetch(self, hostname, path, query)

    with mock.patch.object(publisher.StaticRenderer, "fetch", recording_fetch):
        drain_pending()
    assert fetched[:3] == [("/news/latest/", 1), ("/news/", 1), ("/", 1)]
    previous_newest = news.get_children().live().order_by("-path")[1]
    assert fetched[3] == (f"/news/{previous_newest.slug}/", 1)
    site_wide = {(path, 1) for path in settings.STATIC_PUBLISH_SITE_PATHS}
    assert set(fetched[4:8]) == site_wide
    assert fetched[8:] == [("/news/", 2), ("/news/", 3)]
    assert "新通知" in static_html("city.localhost", "/")
    assert file_for("city.localhost", "/news/", 3).exists()
    assert not StaticRenderRequest.objects.exists()


def test_a_failed_listing_page_keeps_the_request(publish_root, two_sites, settings):
    settings.PORTAL_COLUMN_PAGE_SIZE = 2
    city, _town = two_sites
    news = column(city, "news")
    for number in range(3):
        add_article(news, f"通知{number}")
    with mock.patch.object(
        publisher.StaticRenderer,
        "render_listing",
        side_effect=RuntimeError("database gone"),
    ):
        drain_pending()
    assert StaticRenderRequest.objects.filter(path="/news/").exists()
    drain_pending()
    assert file_for("city.localhost", "/news/", 2).exists()
    assert not StaticRenderRequest.objects.exists()


def test_the_worker_start_removes_temporaries_of_a_killed_writer(
    publish_root, two_sites
):
    city, _town = two_sites
    add_article(column(city, "news"), "通知", slug="notice")
    left_over = file_for("city.localhost", "/news/notice/").parent / ".tmp-x.part"
    left_over.parent.mkdir(parents=True)
    left_over.write_bytes(b"<html><body>half")
    out = StringIO()
    call_command("publish_static", "--pending", stdout=out)
    assert not left_over.exists()
    assert file_for("city.localhost", "/news/notice/").exists()


def test_publish_static_rebuilds_sites_and_prunes_stale_files(publish_root, two_sites):
    city, town = two_sites
    add_article(column(city, "news"), "全量生成")
    StaticRenderRequest.objects.all().delete()
    stale = publish_root / "city.localhost" / "gone" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    out = StringIO()
    call_command("publish_static", "--site", "city.localhost", stdout=out)
    assert "完成：1 个站点" in out.getvalue()
    assert "全量生成" in static_html("city.localhost", "/news/")
    assert static_html("city.localhost", "/notices/") is not None
    assert not stale.exists()
    assert not (publish_root / "town.localhost").exists()


def test_publish_static_dry_run_writes_nothing(publish_root, two_sites):
    out = StringIO()
    call_command("publish_static", "--all", "--dry-run", stdout=out)
    assert "试运行：2 个站点" in out.getvalue()
    assert not (publish_root / "city.localhost").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "请用 --site 指定站点域名"),
        (["--site", "nowhere.localhost"], "找不到域名为 nowhere.localhost 的站点"),
        (["--all", "--site", "city.localhost"], "不能同时使用"),
    ],
)
def test_publish_static_rejects_bad_arguments_in_chinese(
    publish_root, two_sites, arguments, message
):
    with pytest.raises(CommandError, match=message):
        call_command("publish_static", *arguments, stdout=StringIO())
    assert not publish_root.exists() or not any(publish_root.iterdir())
