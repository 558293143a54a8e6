"""The shipped nginx configuration serves published files and hands every
dynamic path to Django. Runs the real nginx on a loopback port in front of
pytest-django's live server; skips when nginx is not installed."""

import json
import os
import signal
import time

import httpx
import pytest

from cms.delivery.local_nginx import LocalNginx, nginx_binary
from cms.delivery.publisher import file_for
from tests.factories import add_article, column

pytestmark = [
    pytest.mark.skipif(
        nginx_binary() is None,
        reason="nginx is not installed (make delivery-deps runs scripts/delivery-deps.sh)",
    ),
    # serialized_rollback: a transactional test before this one flushed the
    # rows migrations create (Wagtail's root page, locale, collection).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOST = "city.localhost"


@pytest.fixture
def front(live_server, publish_root):
    publish_root.mkdir(parents=True, exist_ok=True)
    publish_root.chmod(0o755)
    upstream = live_server.url.removeprefix("http://")
    with (
        LocalNginx(publish_root, upstream, file_cache=False) as nginx,
        httpx.Client(base_url=nginx.base_url, headers={"Host": HOST}) as client,
    ):
        yield client


def served_statically(response):
    return response.headers.get("X-GovCluster-Static") == "1"


def test_nginx_serves_published_files_and_passes_dynamic_paths_to_django(
    two_sites, front, publish_root
):
    city, _town = two_sites
    article = add_article(column(city, "news"), "疫情防控通告", slug="notice-1")
    # Transactional test: on_commit ran, the ImmediateBackend rendered the files.
    path = f"/news/{article.slug}/"
    response = front.get(path)
    assert response.status_code == 200
    assert served_statically(response)
    assert response.text == file_for(HOST, path).read_text(encoding="utf-8")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert served_statically(front.head(path))
    assert served_statically(front.get("/"))
    assert served_statically(front.get("/sitemap.xml"))
    assert served_statically(front.get("/feed.xml"))

    # Page 2 of a listing comes from its own file; any other query goes to Django.
    file_for(HOST, "/news/", 2).write_text("第二页", encoding="utf-8")
    assert front.get("/news/?page=2").text == "第二页"
    other_query = front.get("/news/?from=weibo")
    assert other_query.status_code == 200
    assert not served_statically(other_query)
    assert "疫情防控通告" in other_query.text

    # A file under an always-dynamic prefix is never served.
    planted = file_for(HOST, "/search/")
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text("stale", encoding="utf-8")
    for dynamic in ("/search/?q=防控", "/admin/", "/healthz", "/api/v2/pages/"):
        response = front.get(dynamic)
        assert not served_statically(response), dynamic
        assert response.text != "stale"
    assert front.get("/healthz").json()["status"] == "ok"
    assert front.get("/admin/").status_code == 302

    # POSTs always reach Django (here its CSRF check answers).
    posted = front.post(path, data={"x": "1"})
    assert not served_statically(posted)
    assert posted.status_code == 403

    # A flood of form posts from one address is cut off before Django.
    statuses = [front.post("/news/", data={"x": "1"}).status_code for _ in range(15)]
    assert 429 in statuses
    assert front.get(path).status_code == 200  # reading is not limited

    # Unpublished: the file is gone and Django answers 404.
    article.unpublish()
    gone = front.get(path)
    assert gone.status_code == 404
    assert not served_statically(gone)
    # Unknown hosts fall through to Django as well.
    assert not served_statically(front.get("/", headers={"Host": "other.localhost"}))


def test_the_access_log_keeps_no_query_string_address_or_referring_search(
    two_sites, live_server, publish_root
):
    """Searches and lookups carry what citizens type, and a referring search
    engine's URL carries what they searched for: the access log keeps the
    path, the referrer's origin and the reader's network only."""
    publish_root.mkdir(parents=True, exist_ok=True)
    upstream = live_server.url.removeprefix("http://")
    with LocalNginx(publish_root, upstream, file_cache=False) as nginx:
        with httpx.Client(base_url=nginx.base_url, headers={"Host": HOST}) as client:
            client.get(
                "/search/?q=zhang.san@example.com",
                headers={"Referer": "https://www.baidu.com/s?wd=%E5%BC%A0%E4%B8%89"},
            )
            client.get("/")
        # SIGUSR1 makes nginx reopen its logs, writing out the buffered lines.
        os.kill(nginx.process.pid, signal.SIGUSR1)
        deadline = time.monotonic() + 10
        text = ""
        while text.count("\n") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            if nginx.access_log_path.exists():
                text = nginx.access_log_path.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines()]
    search = next(line for line in lines if line["path"] == "/search/")
    assert search["host"] == HOST
    assert search["referer"] == "https://www.baidu.com"
    assert search["network"] == "127.0.0.0"
    assert search["method"] == "GET"
    assert isinstance(search["status"], int)
    for private in ("zhang.san", "example.com", "wd=", "127.0.0.1", "%E5%BC%A0"):
        assert private not in text, private


def test_nginx_and_the_application_log_the_same_line_and_each_request_counts_once(
    two_sites, live_server, publish_root, settings, tmp_path
):
    """A published file nginx serves is counted from nginx's line; a request it
    passes on is counted from the application's line of the same shape."""
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from visits.queries import top_pages, visit_totals

    city, _town = two_sites
    article = add_article(column(city, "news"), "统计测试", slug="stats-1")
    settings.ACCESS_LOG_PATH = str(tmp_path / "app.log")
    publish_root.mkdir(parents=True, exist_ok=True)
    upstream = live_server.url.removeprefix("http://")
    browser = {
        "Host": HOST,
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0",
    }
    with LocalNginx(publish_root, upstream, file_cache=False) as nginx:
        with httpx.Client(base_url=nginx.base_url, headers=browser) as client:
            assert served_statically(client.get(f"/news/{article.slug}/"))
            assert not served_statically(client.get("/news/?from=weibo"))
        os.kill(nginx.process.pid, signal.SIGUSR1)
        deadline = time.monotonic() + 10
        text = ""
        while text.count("\n") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            if nginx.access_log_path.exists():
                text = nginx.access_log_path.read_text(encoding="utf-8")
        nginx_lines = [json.loads(line) for line in text.splitlines()]
        app_lines = [
            json.loads(line)
            for line in (tmp_path / "app.log").read_text(encoding="utf-8").splitlines()
        ]
        assert [line["static"] for line in app_lines] == ["0"]
        passed_on = next(line for line in nginx_lines if line["path"] == "/news/")
        assert passed_on["static"] == ""
        # Same keys and types, the same reader's network and page.
        assert set(app_lines[0]) == set(passed_on)
        for key, value in passed_on.items():
            assert type(app_lines[0][key]) is type(value), key
        for key in ("host", "method", "path", "status", "network", "user_agent"):
            assert app_lines[0][key] == passed_on[key], key
        call_command(
            "ingest_access_logs",
            str(nginx.access_log_path),
            settings.ACCESS_LOG_PATH,
            stdout=StringIO(),
            stderr=StringIO(),
        )
    today = timezone.localdate()
    assert visit_totals(city.site, today, today).page_views == 2
    assert {path for _h, path, _v in top_pages(city.site, today, today)} == {
        f"/news/{article.slug}/",
        "/news/",
    }
