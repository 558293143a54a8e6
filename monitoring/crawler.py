"""A link crawler for broken links on any site, hosted or not.

It follows http(s) links within the target host only (respecting robots.txt),
checks links to other hosts for their status without following them, limits
concurrency per host, retries transient failures, asks with HEAD and falls
back to GET, and records the page every broken link was found on, telling
links on the homepage from the rest."""

import asyncio
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse
from urllib.robotparser import RobotFileParser

import httpx

LINK_ATTRIBUTES = {
    "a": "href",
    "area": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "iframe": "src",
    "source": "src",
}
RETRY_STATUSES = {429, 502, 503, 504}
# A server answering with this header invites unthrottled checking; Debian's
# linkchecker honours the same header, so both tools are compared alike.
UNTHROTTLE_HEADER = "LinkChecker"


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.base = None

    def handle_starttag(self, tag, attrs):
        if tag == "base":
            self.base = dict(attrs).get("href")
            return
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute is None:
            return
        value = dict(attrs).get(attribute)
        if value:
            self.links.append(value.strip())


def extract_links(html, page_url):
    """Absolute http(s) URLs (without fragment) linked from `html`."""
    parser = _LinkParser()
    parser.feed(html)
    base = urljoin(page_url, parser.base) if parser.base else page_url
    found = []
    for link in parser.links:
        absolute, _fragment = urldefrag(urljoin(base, link))
        if urlparse(absolute).scheme in ("http", "https"):
            found.append(absolute)
    return found


@dataclass
class BrokenLink:
    url: str
    status: int | None
    error: str
    found_on: list[str]
    on_homepage: bool

    def describe(self):
        reason = str(self.status) if self.status else self.error
        return f"{self.url} ({reason})"


@dataclass
class CrawlResult:
    start_url: str
    pages_crawled: int = 0
    links_checked: int = 0
    seconds: float = 0.0
    broken: list[BrokenLink] = field(default_factory=list)

    @property
    def broken_on_homepage(self):
        return [link for link in self.broken if link.on_homepage]

    @property
    def broken_elsewhere(self):
        return [link for link in self.broken if not link.on_homepage]


@dataclass
class _Outcome:
    status: int | None = None
    error: str = ""
    html: str | None = None
    final_url: str = ""

    @property
    def broken(self):
        return self.status is None or self.status >= 400


class _HostGate:
    """Bounded concurrency and an optional request rate for one host."""

    def __init__(self, concurrency, rate):
        self.semaphore = asyncio.Semaphore(concurrency)
        self.interval = 1.0 / rate if rate else 0.0
        self.next_start = 0.0
        self.lock = asyncio.Lock()

    async def wait_turn(self):
        if not self.interval:
            return
        async with self.lock:
            now = time.monotonic()
            delay = self.next_start - now
            self.next_start = max(now, self.next_start) + self.interval
        if delay > 0:
            await asyncio.sleep(delay)


class Crawler:
    def __init__(
        self,
        start_url,
        *,
        max_pages=20_000,
        concurrency=8,
        timeout=15.0,
        retries=2,
        retry_backoff=0.2,
        rate_per_host=10.0,
        user_agent="GovCluster-Monitor/1.0",
    ):
        parsed = urlparse(start_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"not an http(s) URL: {start_url}")
        self.start_url = start_url
        self.host = parsed.netloc.lower()
        self.max_pages = max_pages
        self.concurrency = concurrency
        self.timeout = timeout
        self.retries = retries
        self.retry_backoff = retry_backoff
        self.rate_per_host = rate_per_host
        self.user_agent = user_agent
        self.gates = {}
        self.robots = None
        self.found_on = {}
        self.on_homepage = set()
        self.outcomes = {}
        self.scheduled = set()
        self.pages_crawled = 0

    def _gate(self, host):
        if host not in self.gates:
            self.gates[host] = _HostGate(self.concurrency, self.rate_per_host)
        return self.gates[host]

    async def _request(self, client, method, url, read_body):
        """One request with retries; returns an _Outcome."""
        host = urlparse(url).netloc.lower()
        gate = self._gate(host)
        outcome = _Outcome()
        for attempt in range(self.retries + 1):
            if attempt:
                await asyncio.sleep(self.retry_backoff * 2 ** (attempt - 1))
            async with gate.semaphore:
                await gate.wait_turn()
                try:
                    async with client.stream(method, url) as response:
                        if UNTHROTTLE_HEADER in response.headers:
                            gate.interval = 0.0
                        outcome = _Outcome(
                            status=response.status_code, final_url=str(response.url)
                        )
                        content_type = response.headers.get("content-type", "")
                        if read_body and "html" in content_type:
                            await response.aread()
                            outcome.html = response.text
                except httpx.HTTPError as error:
                    outcome = _Outcome(error=type(error).__name__)
                    continue
            if outcome.status not in RETRY_STATUSES:
                break
        return outcome

    async def _check_status(self, client, url):
        outcome = await self._request(client, "HEAD", url, read_body=False)
        if outcome.status in (None, 403, 405, 501) or (
            outcome.status and outcome.status >= 400
        ):
            # Many servers refuse or mishandle HEAD; GET decides.
            outcome = await self._request(client, "GET", url, read_body=False)
        return outcome

    def _allowed(self, url):
        return self.robots is None or self.robots.can_fetch(self.user_agent, url)

    def _is_internal(self, url):
        return urlparse(url).netloc.lower() == self.host

    async def _load_robots(self, client):
        scheme = urlparse(self.start_url).scheme
        try:
            response = await client.get(f"{scheme}://{self.host}/robots.txt")
        except httpx.HTTPError:
            return
        if response.status_code != 200:
            return
        parser = RobotFileParser()
        parser.parse(response.text.splitlines())
        self.robots = parser

    async def _visit(self, client, url):
        """Fetch an internal page; returns the links to schedule next."""
        outcome = await self._request(client, "GET", url, read_body=True)
        self.outcomes[url] = outcome
        if (
            outcome.html is None
            or outcome.broken
            or not self._is_internal(outcome.final_url or url)
        ):
            # Only working pages of the target host are followed.
            return []
        self.pages_crawled += 1
        links = extract_links(outcome.html, outcome.final_url or url)
        for link in links:
            self.found_on.setdefault(link, []).append(url)
            if url == self.start_url:
                self.on_homepage.add(link)
        return links

    async def _check(self, client, url):
        self.outcomes[url] = await self._check_status(client, url)
        return []

    def _job_for(self, client, url):
        if url in self.scheduled:
            return None
        if self._is_internal(url):
            if not self._allowed(url):
                return None
            self.scheduled.add(url)
            return self._visit(client, url)
        self.scheduled.add(url)
        return self._check(client, url)

    async def _crawl_from(self, client, start_url):
        """Visit `start_url` and everything reachable from it.

        Each finished job schedules the jobs for its links itself, rather than
        one loop calling asyncio.wait() over every pending job: that call costs
        time in proportion to the pending set on every completion, which made
        a 10,000-page crawl quadratic."""
        tasks = set()
        failures = []
        finished = asyncio.Event()
        visits = 0

        def schedule(url):
            nonlocal visits
            internal = self._is_internal(url)
            if internal and visits >= self.max_pages:
                return
            job = self._job_for(client, url)
            if job is None:
                return
            visits += internal
            task = asyncio.ensure_future(job)
            tasks.add(task)
            task.add_done_callback(job_done)

        def job_done(task):
            tasks.discard(task)
            if task.cancelled():
                return  # only after a failure, when the crawl is over
            if task.exception() is not None:
                failures.append(task.exception())
            else:
                for link in task.result():
                    schedule(link)
            if failures or not tasks:
                finished.set()

        schedule(start_url)
        if tasks:
            await finished.wait()
        if failures:
            for task in tasks:
                task.cancel()
            raise failures[0]

    async def run(self, client=None):
        started = time.monotonic()
        own_client = client is None
        if own_client:
            client = httpx.AsyncClient(
                timeout=self.timeout,
                follow_redirects=True,
                headers={"User-Agent": self.user_agent},
                limits=httpx.Limits(max_connections=self.concurrency * 4),
            )
        try:
            await self._load_robots(client)
            await self._crawl_from(client, self.start_url)
        finally:
            if own_client:
                await client.aclose()
        result = CrawlResult(self.start_url, pages_crawled=self.pages_crawled)
        result.links_checked = len(self.outcomes)
        for url, outcome in sorted(self.outcomes.items()):
            if outcome.broken:
                result.broken.append(
                    BrokenLink(
                        url=url,
                        status=outcome.status,
                        error=outcome.error,
                        found_on=sorted(set(self.found_on.get(url, []))),
                        on_homepage=url in self.on_homepage or url == self.start_url,
                    )
                )
        result.seconds = time.monotonic() - started
        return result


def crawl(start_url, **options):
    """Crawl `start_url`'s host and return a CrawlResult."""
    return asyncio.run(Crawler(start_url, **options).run())


def crawl_with_settings(start_url):
    from django.conf import settings

    return crawl(
        start_url,
        max_pages=settings.MONITORING_CRAWL_MAX_PAGES,
        concurrency=settings.MONITORING_CRAWL_CONCURRENCY_PER_HOST,
        timeout=settings.MONITORING_CRAWL_TIMEOUT_SECONDS,
        retries=settings.MONITORING_CRAWL_RETRIES,
        rate_per_host=settings.MONITORING_CRAWL_RATE_PER_HOST,
        user_agent=settings.MONITORING_CRAWL_USER_AGENT,
    )
