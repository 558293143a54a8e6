"""The link crawler's findings and politeness, against real HTTP servers on
127.0.0.1 (no database)."""

from urllib.parse import urldefrag, urljoin

import pytest

from monitoring.crawler import _wire_url, crawl, extract_links
from tests.monitoring.conftest import html

BASES = [
    "http://a.example",
    "http://b.example",
    "http://a.example/",
    "http://a.example/news/",
    "http://a.example/news/2026/item.html",
    "http://a.example/news/other.html?page=2",
    "http://a.example/search?next=/a/b",
    "http://a.example/search?next=/a/c",
    "https://a.example/news/item.html",
]
VALUES = [
    "",
    "x.html",
    "./x.html",
    "../up.html",
    "/root.html",
    "/root.html#top",
    "?page=3",
    "#section",
    "//cdn.example/lib.js",
    "http://other.example/a/../b",
    "javascript:void(0)",
    "mailto:office@example.cn",
    "tel:12345",
    "ftp://files.example/x",
]


def _reference(base, value):
    absolute, _fragment = urldefrag(urljoin(base, value))
    return absolute if absolute.startswith(("http://", "https://")) else None


def test_links_resolve_as_urljoin_does_across_pages_sharing_a_cache():
    """The crawler resolves each (folder, link) once for a whole site; every
    page must still get exactly what urljoin gives it."""
    cache = {}
    for base in BASES:
        page = "".join(f'<a href="{value}">x</a>' for value in VALUES)
        expected = [_reference(base, value) for value in VALUES]
        expected = [url for url in expected if url is not None]
        # An empty href is no link at all (as before).
        expected.remove(_reference(base, ""))
        assert extract_links(page, base, cache) == expected, base


def test_every_linking_tag_counts_and_base_href_applies():
    page = (
        '<html><head><base href="/docs/"><base href="/ignored/">'
        '<link rel="stylesheet" href="site.css">'
        '<script src="app.js"></script></head><body>'
        '<a href=" spaced.html ">a</a><a>no href</a><area href="map.html">'
        '<img src="logo.png"><iframe src="frame.html"></iframe>'
        '<video><source src="clip.mp4"></video>'
        '<a href="q.html?a=1&amp;b=2">entity</a></body></html>'
    )
    links = extract_links(page, "http://site.example/news/1.html")
    assert sorted(links) == sorted(
        f"http://site.example/docs/{name}"
        for name in (
            "site.css",
            "app.js",
            "spaced.html",
            "map.html",
            "logo.png",
            "frame.html",
            "clip.mp4",
            "q.html?a=1&b=2",
        )
    )


@pytest.mark.parametrize(
    ("content_type", "meta"),
    [
        ("text/html; charset=gbk", ""),
        ("text/html", '<meta charset="gb2312">'),
        (
            "text/html",
            '<meta http-equiv="Content-Type" content="text/html; charset=GBK">',
        ),
    ],
)
def test_pages_in_a_chinese_legacy_encoding_keep_their_links(
    http_site, content_type, meta
):
    """Many county sites still serve GBK; a link with Chinese characters must
    be followed to the right address, not to mojibake."""
    page = f'<html><head>{meta}</head><body><a href="/新闻/缺失.html">x</a>'
    server, base = http_site({"/": (200, page.encode("gbk"), content_type)})
    result = crawl(base + "/", retries=0, rate_per_host=0)
    [broken] = result.broken
    assert broken.url == base + "/新闻/缺失.html"
    assert broken.status == 404


def test_redirects_server_errors_and_unreachable_links(http_site):
    _server, base = http_site(
        {
            "/": html("/old", "/moved", "/error", "/to-file", "http://127.0.0.1:9/x"),
            "/old": (301, "", "text/plain", {"Location": "/a"}),
            "/a": html("/deep-missing"),
            "/moved": (301, "", "text/plain", {"Location": "/gone"}),
            "/error": (500, "boom", "text/plain"),
            "/to-file": (302, "", "text/plain", {"Location": "file:///etc/passwd"}),
        }
    )
    result = crawl(base + "/", retries=0, rate_per_host=0)
    broken = {link.url: link for link in result.broken}
    assert set(broken) == {
        base + "/moved",  # reported as linked, with where its redirect ended
        base + "/error",
        base + "/to-file",
        base + "/deep-missing",
        "http://127.0.0.1:9/x",
    }
    assert broken[base + "/moved"].status == 404
    assert broken[base + "/error"].status == 500
    # A redirect never leaves http(s): nothing from the disk is read.
    assert broken[base + "/to-file"].describe().endswith("(UnsupportedProtocol)")
    assert broken["http://127.0.0.1:9/x"].error == "ConnectError"
    # The page behind a working redirect is followed, under the linked URL.
    assert broken[base + "/deep-missing"].found_on == [base + "/old"]
    assert result.pages_crawled == 2  # /, and /a through /old


def test_a_host_that_does_not_invite_checkers_gets_the_polite_rate(http_site):
    pages = {"/": html(*(f"/p{n}" for n in range(6)))}
    pages |= {f"/p{n}": html() for n in range(6)}
    server, base = http_site(pages, invites_checkers=False)
    result = crawl(base + "/", retries=0, rate_per_host=20)
    assert result.pages_crawled == 7
    # 20 a second: the 7 pages take 6 intervals of 50 ms at least...
    assert result.seconds >= 0.3
    # ...and arrive spaced so (the median resists one late server thread).
    started = [
        at
        for (_method, path), at in zip(server.hits, server.started, strict=True)
        if path != "/robots.txt"
    ]
    assert len(started) == 7
    gaps = sorted(b - a for a, b in zip(started, started[1:], strict=False))
    assert gaps[len(gaps) // 2] >= 0.04


def test_a_host_inviting_checkers_lifts_the_rate(http_site):
    pages = {"/": html(*(f"/p{n}" for n in range(30)))}
    pages |= {f"/p{n}": html() for n in range(30)}
    _server, base = http_site(pages)
    result = crawl(base + "/", retries=0, rate_per_host=2)
    assert result.pages_crawled == 31
    assert result.seconds < 3  # 2 a second would take 15 s


def test_connections_per_host_stay_within_the_concurrency(http_site):
    pages = {"/": html(*(f"/p{n}" for n in range(12)))}
    pages |= {f"/p{n}": html() for n in range(12)}
    server, base = http_site(pages, delay=0.05)
    result = crawl(base + "/", retries=0, rate_per_host=0, concurrency=3)
    assert result.pages_crawled == 13
    assert server.most_in_flight == 3


def test_max_pages_bounds_the_visits(http_site):
    pages = {"/": html(*(f"/p{n}" for n in range(10)))}
    pages |= {f"/p{n}": html("/missing") for n in range(10)}
    server, base = http_site(pages)
    result = crawl(base + "/", retries=0, rate_per_host=0, max_pages=4)
    assert result.pages_crawled == 4
    assert len([hit for hit in server.hits if hit[1].startswith("/p")]) == 3


def test_addresses_with_chinese_characters_are_sent_encoded():
    assert (
        _wire_url("http://政府.example/新闻/1.html?q=公开 目录")
        == "http://xn--mxtq1m.example/%E6%96%B0%E9%97%BB/1.html"
        "?q=%E5%85%AC%E5%BC%80%20%E7%9B%AE%E5%BD%95"
    )
    assert _wire_url("http://a.example/%E6%96%B0?x=1") == (
        "http://a.example/%E6%96%B0?x=1"
    )
