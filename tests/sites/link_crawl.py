"""A crawler for the links of a cluster served on one origin port: every
link, redirect, sitemap <loc> and feed link must either leave the cluster or
point at a page of it that answers, on the port the cluster is served on."""

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

# Attributes that load or link a resource, by tag.
LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "area": "href",
    "img": "src",
    "script": "src",
    "audio": "src",
    "video": "src",
    "source": "src",
    "iframe": "src",
}
XML_LINKS = re.compile(r"<(?:loc|link|guid isPermaLink=\"true\")>([^<]+)</")
NOT_FETCHED_SCHEMES = {"mailto", "tel", "javascript", "data"}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.links.append(attrs.get("action") or "")
        elif tag in LINK_ATTRIBUTES and attrs.get(LINK_ATTRIBUTES[tag]) is not None:
            self.links.append(attrs[LINK_ATTRIBUTES[tag]])


def links_in(body, content_type):
    """The URLs an HTML page, a sitemap or a feed links to, as written."""
    if "html" in content_type:
        parser = _Links()
        parser.feed(body)
        return parser.links
    if "xml" in content_type:
        return [link.strip() for link in XML_LINKS.findall(body)]
    return []


@dataclass
class CrawlReport:
    fetched: dict = field(default_factory=dict)  # url -> status
    broken: list = field(default_factory=list)  # (on page, link, why)
    html_pages: dict = field(default_factory=dict)  # url -> body, followed hosts

    def one_page_per_shape(self, per_shape=1):
        """{url: body} with `per_shape` pages of each URL shape (digits and
        query values left out): one of each page type, cheap to validate."""
        chosen, counts = {}, {}
        for url, body in self.html_pages.items():
            parts = urlsplit(url)
            path = "/".join(
                "#" if re.search(r"\d", segment) else segment
                for segment in parts.path.split("/")
            )
            keys = sorted(pair.split("=")[0] for pair in parts.query.split("&") if pair)
            shape = (parts.hostname, path, tuple(keys))
            counts[shape] = counts.get(shape, 0) + 1
            if counts[shape] <= per_shape:
                chosen[url] = body
        return chosen


def is_cluster_host(hostname):
    return hostname in ("localhost", "127.0.0.1") or hostname.endswith(".localhost")


def crawl(fetch, start_urls, port, *, follow_hosts, limit=2000):
    """Crawl from `start_urls` with `fetch(url) -> (status, headers, body)`.
    Pages on `follow_hosts` are followed (query-string variants are fetched,
    not followed, so facet combinations stay finite); links to other hosts of
    the cluster are fetched once. A link into the cluster without `port`, or
    one that answers 4xx/5xx, is broken."""
    report = CrawlReport()
    queue = deque((url, "(start)") for url in start_urls)
    seen = set(start_urls)
    while queue and len(report.fetched) < limit:
        url, referrer = queue.popleft()
        status, headers, body = fetch(url)
        report.fetched[url] = status
        if status >= 400:
            report.broken.append((referrer, url, f"HTTP {status}"))
            continue
        parts = urlsplit(url)
        content_type = headers.get("Content-Type", "")
        links = []
        if 300 <= status < 400:
            links = [headers.get("Location", "")]
        elif parts.hostname in follow_hosts:
            if "html" in content_type:
                report.html_pages[url] = body
            if not parts.query:
                links = links_in(body, content_type)
        for link in links:
            target = urljoin(url, link)
            target_parts = urlsplit(target)
            if target_parts.scheme in NOT_FETCHED_SCHEMES:
                continue
            if not is_cluster_host(target_parts.hostname or ""):
                continue
            if target_parts.port != port:
                report.broken.append((url, link, f"not on port {port}"))
                continue
            target = urlunsplit(target_parts._replace(fragment=""))
            if target not in seen:
                seen.add(target)
                queue.append((target, url))
    return report
