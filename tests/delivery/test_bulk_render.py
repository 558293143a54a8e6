"""A batch of static renders writes exactly the bytes Django serves a reader,
and what its pages share never outlives the batch."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from cms.delivery.affected import whole_site_paths
from cms.delivery.publisher import StaticRenderer, drain_pending, file_for
from cms.pages.models import ColumnPage, ServiceGuidePage
from tests.factories import add_article, column

pytestmark = pytest.mark.django_db

CITY = "city.localhost"
TOWN = "town.localhost"


@pytest.fixture
def varied_city(two_sites, settings):
    """The city with every kind of page a batch meets: articles with the same
    publication time (their order falls to the id), a sub-column, a service
    guide, a listing of three pages, a login-restricted article, a draft."""
    settings.PORTAL_COLUMN_PAGE_SIZE = 2
    city, _town = two_sites
    news = column(city, "news")
    at = timezone.now() - timedelta(days=3)
    for n in range(4):
        add_article(news, f"新闻{n}", slug=f"news-{n}", published_at=at)
    add_article(news, "更早的新闻", slug="older", published_at=at - timedelta(days=9))
    add_article(news, "草稿", slug="draft", publish=False)
    restricted = add_article(news, "内部通知", slug="internal")
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.LOGIN
    )
    sub = ColumnPage(title="乡镇动态", slug="towns")
    news.add_child(instance=sub)
    sub.save_revision().publish()
    add_article(sub, "乡镇新闻", slug="town-news", source="镇政府", author="办公室")
    guide = ServiceGuidePage(title="办理居住证", slug="residence")
    column(city, "notices").add_child(instance=guide)
    guide.save_revision().publish()
    return city


def rendered_in_one_batch(renderer, pairs, query=None):
    renderer.start_batch(pairs)
    return {pair: renderer.fetch(*pair, query) for pair in pairs}


def without_build_time(content):
    """A feed without items is dated when it is built: the one thing that may
    differ between two renders a second apart."""
    return re.sub(rb"<lastBuildDate>[^<]*</lastBuildDate>", b"", content)


def served_to_a_reader(client, renderer, hostname, path, query=None):
    return client.get(path, query or {}, HTTP_HOST=hostname, secure=renderer.secure)


def test_a_batch_writes_the_bytes_django_serves_for_every_page_type(
    varied_city, client
):
    pairs = [
        (host, path)
        for host in (CITY, TOWN)
        for path in sorted(whole_site_paths(Site.objects.get(hostname=host)))
    ]
    renderer = StaticRenderer()
    batch = rendered_in_one_batch(renderer, pairs)
    listing = rendered_in_one_batch(renderer, [(CITY, "/news/")], {"page": 2})
    # The batch found the pages itself (the shared route), not only Wagtail.
    assert renderer.batch.page(CITY, "/news/") is not None
    compared = 0
    for (host, path), (response, content), query in [
        *((pair, got, None) for pair, got in batch.items()),
        *((pair, got, {"page": 2}) for pair, got in listing.items()),
    ]:
        reader = served_to_a_reader(client, renderer, host, path, query)
        assert (response.status_code, without_build_time(content)) == (
            reader.status_code,
            without_build_time(reader.content),
        ), (host, path, query)
        assert renderer.is_shareable(response) == renderer.is_shareable(reader)
        assert response.get("Content-Type") == reader.get("Content-Type")
        compared += renderer.is_shareable(response)
    assert compared > 20
    article = batch[(CITY, "/news/news-1/")][1].decode()
    assert "上一篇" in article and "新闻2" in article and "新闻0" in article
    assert batch[(CITY, "/news/draft/")][0].status_code == 404
    assert not renderer.is_shareable(batch[(CITY, "/news/internal/")][0])


def test_an_edit_to_the_navigation_reaches_every_page_of_the_next_batch(
    varied_city, publish_root, django_capture_on_commit_callbacks
):
    site = Site.objects.get(hostname=CITY)
    pairs = [
        (CITY, path) for path in sorted(whole_site_paths(site)) if path.endswith("/")
    ]
    renderer = StaticRenderer()
    rendered_in_one_batch(renderer, pairs)
    news = Page.objects.get(pk=column(varied_city, "news").pk).specific
    news.title = "要闻动态"
    news.save_revision().publish()
    after = rendered_in_one_batch(renderer, pairs)
    pages = [
        content.decode()
        for response, content in after.values()
        if renderer.is_shareable(response)
    ]
    assert len(pages) > 10
    assert all(">要闻动态</a>" in html for html in pages)

    # End to end: the publish's render requests, drained in small batches,
    # bring every published page of the site up to date.
    news.title = "新闻中心"
    with django_capture_on_commit_callbacks(execute=False):
        news.save_revision().publish()
    drain_pending(batch_size=3)
    files = [
        file_for(CITY, path) for _host, path in pairs if file_for(CITY, path).exists()
    ]
    assert len(files) > 10
    for target in files:
        html = target.read_text(encoding="utf-8")
        assert ">新闻中心</a>" in html and "要闻动态" not in html, target
