"""Consolidation (关停上移) as readers meet it through the shipped nginx
configuration: the closed site's published files are gone at once, so its
old URLs answer 301; the superior's pages show the move; both searches find
the moved pages under their new site. Runs the real nginx on a loopback port
in front of pytest-django's live server; skips when nginx is not installed."""

import httpx
import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from cms.delivery.local_nginx import LocalNginx, nginx_binary
from cms.delivery.models import StaticRenderRequest
from cms.delivery.publisher import file_for
from tests.factories import add_article, column

pytestmark = [
    pytest.mark.skipif(
        nginx_binary() is None,
        reason="nginx is not installed (make delivery-deps runs scripts/delivery-deps.sh)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CITY, TOWN = "city.localhost", "town.localhost"


def test_closed_site_answers_301_through_nginx_and_its_pages_live_on(
    two_sites, live_server, publish_root
):
    _city, town = two_sites
    news = column(town, "news")
    article = add_article(news, "青石镇防汛通知", slug="flood")
    old_path = "/news/flood/"
    # Transactional test: on_commit ran, the ImmediateBackend rendered.
    assert file_for(TOWN, old_path).exists()
    assert file_for(TOWN, "/").exists()
    publish_root.chmod(0o755)
    upstream = live_server.url.removeprefix("http://")
    with (
        LocalNginx(publish_root, upstream, file_cache=False) as nginx,
        httpx.Client(base_url=nginx.base_url) as client,
    ):
        before = client.get(old_path, headers={"Host": TOWN})
        assert before.headers.get("X-GovCluster-Static") == "1"

        call_command("consolidate", TOWN, "--into", CITY, stdout=None)

        # Every published file of the closed site is gone: nginx hands its
        # paths to Django, which redirects.
        assert not (publish_root / TOWN).exists()
        for path in ("/", old_path, "/news/"):
            response = client.get(path, headers={"Host": TOWN})
            assert response.status_code == 301, path
        moved = client.get(old_path, headers={"Host": TOWN}).headers["Location"]
        assert moved == f"http://{CITY}/town/news/flood/"
        # The move re-rendered the superior's home page (the notice is on
        # it) and rendered the moved pages at their new addresses.
        assert StaticRenderRequest.objects.count() == 0
        home = client.get("/", headers={"Host": CITY})
        assert home.headers.get("X-GovCluster-Static") == "1"
        assert "关停" in home.text
        new = client.get("/town/news/flood/", headers={"Host": CITY})
        assert new.status_code == 200
        assert new.headers.get("X-GovCluster-Static") == "1"
        assert "青石镇防汛通知" in new.text

    # Both searches find the page under its new site, at its new address.
    found = Client().get("/api/search/", {"q": "防汛通知"}, HTTP_HOST=CITY).json()
    assert [hit["url"] for hit in found["results"]] == [
        f"http://{CITY}/town/news/flood/"
    ]
    old_site = Client().get("/api/search/", {"q": "防汛通知"}, HTTP_HOST=TOWN).json()
    assert old_site["results"] == []
    city_home = Page.objects.get(pk=two_sites[0].site.root_page_id)
    admin = Page.objects.descendant_of(city_home).search("防汛通知")
    assert [page.pk for page in admin] == [article.pk]
