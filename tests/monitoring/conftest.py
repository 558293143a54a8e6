"""Fixtures for monitoring: a lively site that passes every internal rule, so
each scenario test can break exactly one rule, and a local HTTP server."""

import itertools
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from cms.pages.models import ColumnPage, ServiceGuidePage
from tests.factories import add_article as _add_article
from tests.factories import column

AS_OF = date(2026, 6, 30)
_slugs = itertools.count()


def add_article(parent, title, **fields):
    fields.setdefault("slug", f"item-{next(_slugs)}")
    return _add_article(parent, title, **fields)


def at(days_before):
    """An aware datetime `days_before` AS_OF, at noon local time."""
    return timezone.make_aware(
        timezone.datetime.combine(
            AS_OF - timedelta(days=days_before), timezone.datetime.min.time()
        )
    ) + timedelta(hours=12)


def add_guide(parent, title, missing=0, published_at=None):
    values = {name: f"{name} 内容" for name in ServiceGuidePage.KEY_ELEMENTS}
    for name in ServiceGuidePage.KEY_ELEMENTS[:missing]:
        values[name] = ""
    guide = ServiceGuidePage(
        title=title,
        slug=f"guide-{next(_slugs)}",
        published_at=published_at or at(30),
        **values,
    )
    parent.add_child(instance=guide)
    guide.save_revision().publish()
    return guide


def make_lively(profile):
    """Fill every column of `profile` recently enough to pass all rules."""
    for page in ColumnPage.objects.child_of(profile.site.root_page):
        if page.slug == "services":
            add_guide(page, f"{page.title}事项")
        else:
            add_article(page, f"{page.title}新闻", published_at=at(1))
    return profile


@pytest.fixture
def lively(cluster):
    """town.localhost (7 columns), fresh in every column as of AS_OF."""
    return make_lively(cluster.town)


class _Handler(BaseHTTPRequestHandler):
    pages = {}

    def _answer(self, with_body):
        path = self.path.split("?")[0]
        entry = self.pages.get(path)
        if entry is None:
            status, body, ctype, headers = 404, "not found", "text/plain", {}
        else:
            status, body, ctype, *rest = entry
            headers = rest[0] if rest else {}
        if self.command == "HEAD" and path in self.server.head_refused:
            status = 405
        server = self.server
        with server.lock:
            server.hits.append((self.command, path))
            server.started.append(time.monotonic())
            server.in_flight += 1
            server.most_in_flight = max(server.most_in_flight, server.in_flight)
        time.sleep(server.delay)
        with server.lock:
            server.in_flight -= 1
        payload = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        if server.invites_checkers:
            self.send_header("LinkChecker", "ok")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(payload)

    def do_GET(self):
        self._answer(True)

    def do_HEAD(self):
        self._answer(False)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_site():
    """A real HTTP server on 127.0.0.1; `serve(pages)` sets its content:
    {path: (status, body, content type[, {header: value}])}. Each answer
    waits `delay` seconds; `invites_checkers=False` leaves out the
    `LinkChecker` header that lifts checkers' rate limits. The server records
    `hits` (method, path), the times requests `started` and `most_in_flight`."""
    servers = []

    def serve(pages, head_refused=(), delay=0.0, invites_checkers=True):
        handler = type("Handler", (_Handler,), {"pages": pages})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        server.hits = []
        server.started = []
        server.lock = threading.Lock()
        server.in_flight = server.most_in_flight = 0
        server.delay = delay
        server.invites_checkers = invites_checkers
        server.head_refused = set(head_refused)
        # A short poll interval: shutdown() waits for it at every teardown.
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        thread.start()
        servers.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def html(*links):
    return (
        200,
        "<html><body>"
        + "".join(f'<a href="{link}">x</a>' for link in links)
        + "</body></html>",
        "text/html; charset=utf-8",
    )


__all__ = ["AS_OF", "add_article", "add_guide", "at", "column", "html", "make_lively"]
