"""A link crawler for broken links on any site, hosted or not.

It follows http(s) links within the target host only (respecting robots.txt),
checks links to other hosts for their status without following them, limits
concurrency and the request rate per host, retries transient failures, asks
with HEAD and falls back to GET, and records the page every broken link was
found on, telling links on the homepage from the rest.

The HTTP machinery is libcurl's multi interface (pycurl): connections,
keep-alive, redirects, TLS and decompression run in C, and Python only decides
what to fetch next. Measured on the same server (bench/crawler_clients.py),
it costs a fifth of aiohttp's CPU per request and a fortieth of httpx's.
Pages are parsed with lexbor (selectolax), a C HTML5 parser."""

import ctypes
import heapq
import re
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import quote, urldefrag, urljoin, urlsplit, urlunsplit

import certifi
import pycurl
from selectolax.lexbor import LexborHTMLParser

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
UNTHROTTLE_HEADER = b"linkchecker:"
# Pages larger than this are not parsed (nor downloaded further).
MAX_PAGE_BYTES = 10 * 2**20
MAX_REDIRECTS = 20
# Characters left as they are when a URL is percent-encoded (RFC 3986's
# reserved and unreserved ones, and % itself: what is encoded stays so).
_URL_SAFE = "%/:@!$&'()*+,;=?~-._[]"
_M_TRIM_THRESHOLD, _M_TOP_PAD = -1, -2  # glibc's mallopt parameters
_HTTP = pycurl.PROTO_HTTP | pycurl.PROTO_HTTPS
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)
# libcurl's error codes, named as a person reading a report would look them up.
CURL_ERRORS = {
    pycurl.E_COULDNT_RESOLVE_HOST: "NameResolutionError",
    pycurl.E_COULDNT_CONNECT: "ConnectError",
    pycurl.E_OPERATION_TIMEDOUT: "Timeout",
    pycurl.E_SSL_CONNECT_ERROR: "TLSError",
    pycurl.E_PEER_FAILED_VERIFICATION: "CertificateError",
    pycurl.E_GOT_NOTHING: "EmptyReply",
    pycurl.E_RECV_ERROR: "ReadError",
    pycurl.E_SEND_ERROR: "WriteError",
    pycurl.E_TOO_MANY_REDIRECTS: "TooManyRedirects",
    pycurl.E_UNSUPPORTED_PROTOCOL: "UnsupportedProtocol",
    pycurl.E_URL_MALFORMAT: "InvalidURL",
}


def _keep_freed_memory():
    """Ask glibc to keep up to 8 MiB of freed heap instead of returning it at
    once: each parsed page frees its tree, and giving that back to the kernel
    only to fault it in again for the next page cost a fifth of the crawl's
    CPU (4,800 brk calls and twice the page faults for 2,000 pages). No-op
    outside glibc."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_TRIM_THRESHOLD, 8 * 2**20)
        libc.mallopt(_M_TOP_PAD, 4 * 2**20)
    except (OSError, AttributeError):
        pass


def _host(url):
    """The lowercased netloc of an absolute http(s) URL, as urlsplit gives
    it, at a tenth of its cost (every link on every page asks)."""
    start = url.find("://") + 3
    end = len(url)
    for separator in "/?#":
        found = url.find(separator, start, end)
        if found != -1:
            end = found
    return url[start:end].lower()


def _wire_url(url):
    """`url` as sent: a Chinese path or query percent-encoded in UTF-8 and an
    international domain name in IDNA, as browsers (and httpx) send them. A
    name that is no valid domain stays percent-encoded, and fails as such."""
    if url.isascii() and " " not in url:
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii():
        userinfo, at, host_port = netloc.rpartition("@")
        host, colon, port = host_port.partition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = quote(host)
        netloc = userinfo + at + host + colon + port
    return urlunsplit(
        (
            parts.scheme,
            quote(netloc, safe=_URL_SAFE),
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            "",
        )
    )


def _resolution_key(base):
    """What of `base` a link not starting with ? or # is resolved against:
    everything up to its last slash, when that slash is past the host."""
    cut = base.rfind("/") + 1
    return base if cut <= base.find("//") + 2 else base[:cut]


def _absolute(base, key_base, value, cache):
    """`value` resolved against `base`, without fragment; None unless http(s).
    Pages repeat most of their links (menus, footers) and share their
    folder: `cache` keeps each resolution once."""
    key = (base if value[0] in "?#" else key_base, value)
    absolute = cache.get(key, False)
    if absolute is False:
        absolute, _fragment = urldefrag(urljoin(base, value))
        if not absolute.startswith(("http://", "https://")):
            absolute = None
        cache[key] = absolute
    return absolute


def extract_links(html, page_url, cache=None):
    """Absolute http(s) URLs (without fragment) linked from `html` (str, or
    bytes in UTF-8)."""
    cache = {} if cache is None else cache
    tree = LexborHTMLParser(html)
    base = page_url
    for node in tree.tags("base"):
        href = node.attributes.get("href")
        if href:  # the first <base href> counts, as in browsers
            base = urljoin(page_url, href.strip())
            break
    key_base = _resolution_key(base)
    found = []
    # One scan a tag name is twice as fast as one CSS selector for them all.
    for tag, attribute in LINK_ATTRIBUTES.items():
        for node in tree.tags(tag):
            value = node.attributes.get(attribute)
            if value and (value := value.strip()):
                absolute = _absolute(base, key_base, value, cache)
                if absolute is not None:
                    found.append(absolute)
    return found


def _charset(content_type, body):
    """The page's encoding: the header's, else its <meta>'s, else UTF-8."""
    _, _, params = content_type.partition(";")
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    match = _META_CHARSET.search(body, 0, 2048)
    return match.group(1).decode("ascii").lower() if match else "utf-8"


def _html_text(content_type, body):
    """`body` ready for the parser: UTF-8 bytes as they are, else decoded."""
    charset = _charset(content_type, body)
    if charset in ("utf-8", "utf8"):
        return body
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


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
    html: bytes | str | None = None
    final_url: str = ""

    @property
    def broken(self):
        return self.status is None or self.status >= 400


class _Job:
    """One URL to fetch: a page to visit (GET, parse) or a link to check
    (HEAD, then GET if HEAD fails), each request retried when transient."""

    __slots__ = ("url", "host", "visit", "method", "attempt")

    def __init__(self, url, host, visit):
        self.url = url
        self.host = host
        self.visit = visit
        self.method = "GET" if visit else "HEAD"
        self.attempt = 0


class _Host:
    """Politeness towards one host: transfers in flight, waiting jobs, and
    the earliest time the next request may start."""

    __slots__ = ("active", "waiting", "interval", "next_start")

    def __init__(self, interval):
        self.active = 0
        self.waiting = deque()
        self.interval = interval
        self.next_start = 0.0


class _Transfer:
    """A curl handle and what one request on it has received so far."""

    __slots__ = ("curl", "job", "read_body", "chunks", "size", "content_type", "lift")

    def __init__(self, crawler):
        curl = self.curl = pycurl.Curl()
        curl.setopt(pycurl.FOLLOWLOCATION, 1)
        curl.setopt(pycurl.MAXREDIRS, MAX_REDIRECTS)
        curl.setopt(pycurl.PROTOCOLS, _HTTP)
        curl.setopt(pycurl.REDIR_PROTOCOLS, _HTTP)
        curl.setopt(pycurl.CONNECTTIMEOUT_MS, int(crawler.timeout * 1000))
        # No byte for this long fails the request, as httpx's read timeout did.
        curl.setopt(pycurl.LOW_SPEED_LIMIT, 1)
        curl.setopt(pycurl.LOW_SPEED_TIME, max(1, round(crawler.timeout)))
        curl.setopt(pycurl.TIMEOUT_MS, int(crawler.timeout * 4000))
        curl.setopt(pycurl.USERAGENT, crawler.user_agent)
        curl.setopt(pycurl.ACCEPT_ENCODING, "")
        curl.setopt(pycurl.CAINFO, certifi.where())
        curl.setopt(pycurl.NOSIGNAL, 1)
        curl.setopt(pycurl.HEADERFUNCTION, self.on_header)
        curl.setopt(pycurl.WRITEFUNCTION, self.on_body)

    def start(self, job, lift_throttle):
        self.job = job
        self.read_body = job.visit
        self.chunks = []
        self.size = 0
        self.content_type = ""
        self.lift = lift_throttle
        curl = self.curl
        curl.setopt(pycurl.URL, _wire_url(job.url))
        if job.method == "HEAD":
            curl.setopt(pycurl.NOBODY, 1)
        else:
            curl.setopt(pycurl.HTTPGET, 1)

    def on_header(self, line):
        # Every response of a redirect chain passes here: keep the last one's.
        # (Its first letter sorts out most lines at the least cost.)
        first = line[:1]
        if first == b"H" and line[:5] == b"HTTP/":
            self.content_type = ""
        elif first in b"Cc" and line[:13].lower() == b"content-type:":
            self.content_type = line[13:].strip().decode("latin-1")
        elif first in b"Ll" and line[:12].lower() == UNTHROTTLE_HEADER:
            self.lift.interval = 0.0

    def on_body(self, chunk):
        """Keep HTML bodies to parse; stop reading anything else at once (a
        check needs the status only, and a PDF is not parsed)."""
        if not self.read_body or "html" not in self.content_type:
            return 0  # aborts the transfer: the status is already known
        self.size += len(chunk)
        if self.size > MAX_PAGE_BYTES:
            self.chunks = None
            return 0
        self.chunks.append(chunk)
        return None

    def outcome(self, errno):
        curl = self.curl
        status = curl.getinfo(pycurl.RESPONSE_CODE) or None
        if errno and errno != pycurl.E_WRITE_ERROR:
            # pycurl gives the code only; its message is in the error tuple.
            return _Outcome(error=CURL_ERRORS.get(errno, f"CurlError{errno}"))
        final_url = curl.getinfo(pycurl.EFFECTIVE_URL)
        html = None
        if self.read_body and self.chunks is not None and "html" in self.content_type:
            html = _html_text(self.content_type, b"".join(self.chunks))
        self.chunks = None
        return _Outcome(status=status, final_url=final_url, html=html)


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
        parsed = urlsplit(start_url)
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
        self.robots = None
        self._links_of = []  # (page, its links) for every page parsed
        self.on_homepage = set()
        self.outcomes = {}
        self.scheduled = set()
        self.pages_crawled = 0
        self._visits = 0
        self._hosts = {}
        self._ready = set()  # hosts with waiting jobs
        self._delayed = []  # (time, sequence, job): retries after a backoff
        self._sequence = 0
        self._join_cache = {}

    # Scheduling -------------------------------------------------------------

    def _host_state(self, host):
        state = self._hosts.get(host)
        if state is None:
            interval = 1.0 / self.rate_per_host if self.rate_per_host else 0.0
            state = self._hosts[host] = _Host(interval)
        return state

    def _allowed(self, url):
        return self.robots is None or self.robots.can_fetch(self.user_agent, url)

    def schedule(self, url):
        """Queue `url` once: a visit within the target host (up to max_pages,
        where robots.txt allows), a status check elsewhere."""
        if url in self.scheduled:
            return
        host = _host(url)
        visit = host == self.host
        if visit:
            if self._visits >= self.max_pages or not self._allowed(url):
                return
            self._visits += 1
        self.scheduled.add(url)
        self._enqueue(_Job(url, host, visit))

    def _enqueue(self, job):
        self._host_state(job.host).waiting.append(job)
        self._ready.add(job.host)

    def _retry_later(self, job):
        delay = self.retry_backoff * 2 ** (job.attempt - 1)
        self._sequence += 1
        heapq.heappush(self._delayed, (time.monotonic() + delay, self._sequence, job))

    def _start_waiting(self, now):
        """Start what per-host and global limits allow; returns the time the
        next rate-limited host may start (or None)."""
        wake = None
        for host in list(self._ready):
            state = self._hosts[host]
            while state.waiting and state.active < self.concurrency:
                if not self._idle:
                    return wake
                if state.interval:
                    if state.next_start > now:
                        wake = (
                            state.next_start
                            if wake is None
                            else min(wake, state.next_start)
                        )
                        break
                    state.next_start = max(now, state.next_start) + state.interval
                self._launch(state.waiting.popleft(), state)
            if not state.waiting:
                self._ready.discard(host)
        return wake

    def _launch(self, job, state):
        transfer = self._idle[-1]
        try:
            transfer.start(job, state)
        except (pycurl.error, ValueError):
            # An address libcurl cannot take (a NUL byte in it): broken as is.
            self.outcomes[job.url] = _Outcome(error="InvalidURL")
            return
        self._idle.pop()
        state.active += 1
        self._multi.add_handle(transfer.curl)

    # Outcomes ---------------------------------------------------------------

    def _finished(self, transfer, errno):
        job = transfer.job
        outcome = transfer.outcome(errno)
        self._multi.remove_handle(transfer.curl)
        self._idle.append(transfer)
        self._host_state(job.host).active -= 1
        transient = outcome.status is None or outcome.status in RETRY_STATUSES
        if transient and job.attempt < self.retries:
            job.attempt += 1
            self._retry_later(job)
            return
        if job.method == "HEAD" and outcome.broken:
            # Many servers refuse or mishandle HEAD; GET decides.
            job.method, job.attempt = "GET", 0
            self._enqueue(job)
            return
        self.outcomes[job.url] = outcome
        if job.visit:
            self._follow(job.url, outcome)

    def _follow(self, url, outcome):
        final_url = outcome.final_url or url
        if outcome.html is None or outcome.broken or _host(final_url) != self.host:
            return  # only working pages of the target host are followed
        self.pages_crawled += 1
        links = extract_links(outcome.html, final_url, self._join_cache)
        # Where each link was found is looked up for the broken ones only.
        self._links_of.append((url, links))
        if url == self.start_url:
            self.on_homepage.update(links)
        scheduled = self.scheduled
        for link in links:
            if link not in scheduled:
                self.schedule(link)

    def _found_on(self, urls):
        """{url: sorted pages linking to it} for `urls`."""
        pages = {url: set() for url in urls}
        for page, links in self._links_of:
            for link in links:
                if link in pages:
                    pages[link].add(page)
        return {url: sorted(found) for url, found in pages.items()}

    # The loop -----------------------------------------------------------------

    def _load_robots(self):
        robots_url = f"{urlsplit(self.start_url).scheme}://{self.host}/robots.txt"
        transfer = _Transfer(self)
        chunks = []
        curl = transfer.curl
        curl.setopt(pycurl.URL, robots_url)
        curl.setopt(pycurl.HEADERFUNCTION, len)
        curl.setopt(pycurl.WRITEFUNCTION, chunks.append)
        try:
            curl.perform()
            status = curl.getinfo(pycurl.RESPONSE_CODE)
        except pycurl.error:
            return
        finally:
            curl.close()
        if status != 200:
            return
        # Loaded only for a site that has robots.txt: urllib.robotparser
        # brings in urllib.request and the email package (50 ms at start).
        from urllib.robotparser import RobotFileParser

        parser = RobotFileParser()
        parser.parse(b"".join(chunks).decode("utf-8", errors="replace").splitlines())
        self.robots = parser

    def _next_wake(self, wake):
        """The earliest of `wake` and the next retry (or None)."""
        if self._delayed and (wake is None or self._delayed[0][0] < wake):
            return self._delayed[0][0]
        return wake

    def _pump(self):
        multi = self._multi
        while True:
            now = time.monotonic()
            while self._delayed and self._delayed[0][0] <= now:
                self._enqueue(heapq.heappop(self._delayed)[2])
            wake = self._start_waiting(now) if self._ready else None
            running = len(self._transfers) - len(self._idle)
            if not running:
                wake = self._next_wake(wake)
                if wake is None:
                    return  # nothing running, waiting or to retry
                time.sleep(max(0.0, wake - now))
                continue
            while multi.perform()[0] == pycurl.E_CALL_MULTI_PERFORM:
                pass
            done = False
            while True:
                queued, ok, failed = multi.info_read()
                for curl in ok:
                    self._finished(self._by_curl[curl], 0)
                for curl, errno, _message in failed:
                    self._finished(self._by_curl[curl], errno)
                done = done or bool(ok or failed)
                if not queued:
                    break
            if not done:
                wake = self._next_wake(wake)
                multi.select(0.5 if wake is None else min(0.5, max(0.0, wake - now)))

    def run(self):
        started = time.monotonic()
        _keep_freed_memory()
        self._multi = pycurl.CurlMulti()
        slots = self.concurrency * 4
        self._multi.setopt(pycurl.M_MAXCONNECTS, slots)
        self._transfers = [_Transfer(self) for _ in range(slots)]
        self._idle = list(self._transfers)
        self._by_curl = {transfer.curl: transfer for transfer in self._transfers}
        try:
            self._load_robots()
            self.schedule(self.start_url)
            self._pump()
        finally:
            for transfer in self._transfers:
                transfer.curl.close()
            self._multi.close()
        result = CrawlResult(self.start_url, pages_crawled=self.pages_crawled)
        result.links_checked = len(self.outcomes)
        broken = sorted(url for url, outcome in self.outcomes.items() if outcome.broken)
        found_on = self._found_on(broken)
        for url in broken:
            outcome = self.outcomes[url]
            result.broken.append(
                BrokenLink(
                    url=url,
                    status=outcome.status,
                    error=outcome.error,
                    found_on=found_on[url],
                    on_homepage=url in self.on_homepage or url == self.start_url,
                )
            )
        result.seconds = time.monotonic() - started
        return result


def crawl(start_url, **options):
    """Crawl `start_url`'s host and return a CrawlResult."""
    return Crawler(start_url, **options).run()


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
