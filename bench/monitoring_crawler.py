"""Benchmark: the link crawler against a locally served site of 10,000 pages,
side by side with Debian's `linkchecker`.

    make bench-deps    # installs linkchecker
    .venv/bin/python -m bench.monitoring_crawler

The server answers every request with a `LinkChecker` header, which lifts
linkchecker's 10 requests/second per host limit and, by the same convention,
our crawler's. Both must find the same broken links."""

import csv
import io
import multiprocessing
import os
import subprocess
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench import MACHINE
from monitoring.crawler import crawl

PAGES = 10_000


def page_links(n):
    links = {f"/p/{(n * 7 + 1) % PAGES}", f"/p/{(n + 1) % PAGES}", f"/p/{n // 2}"}
    if n % 97 == 0:
        links.add(f"/missing/{n}")
    return sorted(links)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _respond(self, body=True):
        path = self.path
        if path == "/":
            links = [f"/p/{n}" for n in range(10)] + ["/missing/home"]
        elif path.startswith("/p/") and path[3:].isdigit() and int(path[3:]) < PAGES:
            links = page_links(int(path[3:]))
        else:
            links = None
        if links is None:
            status, payload = 404, b"not found"
        else:
            status = 200
            payload = (
                "<html><body>"
                + "".join(f'<a href="{link}">{link}</a>' for link in links)
                + "</body></html>"
            ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("LinkChecker", "benchmark")
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_GET(self):
        self._respond()

    def do_HEAD(self):
        self._respond(body=False)

    def log_message(self, *args):
        pass


def run_linkchecker(url):
    # linkchecker waits 1/maxrequestspersecond to 6x that between requests to
    # a host; values above 10 take effect only for a server answering with a
    # `LinkChecker` header, as ours does.
    config = tempfile.NamedTemporaryFile(  # noqa: SIM115 - removed below
        "w", suffix=".rc", delete=False
    )
    config.write("[checking]\nmaxrequestspersecond=10000\n")
    config.close()
    os.chmod(config.name, 0o644)  # linkchecker drops root privileges
    started = time.monotonic()
    completed = subprocess.run(
        [
            "linkchecker",
            "-f",
            config.name,
            "--no-status",
            "--no-warnings",
            "-o",
            "csv",
            "-t",
            "8",
            url,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - started
    os.unlink(config.name)
    lines = [line for line in completed.stdout.splitlines() if not line.startswith("#")]
    broken = set()
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        if row.get("valid") == "False":
            broken.add(row.get("url") or row["urlname"])
    return broken, seconds


def serve(port_queue):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_queue.put(server.server_address[1])
    server.serve_forever()


def main():
    # The server runs in its own process so that neither checker shares an
    # interpreter (and its GIL) with it.
    port_queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(port_queue,), daemon=True)
    server.start()
    url = f"http://127.0.0.1:{port_queue.get()}/"
    print(f"local site: {PAGES} pages at {url}; machine: {MACHINE}")
    result = crawl(url, concurrency=8, retries=1, max_pages=PAGES * 2)
    ours = {link.url for link in result.broken}
    print(
        f"GovCluster crawler: {result.pages_crawled} pages, {result.links_checked} "
        f"URLs, {len(ours)} broken in {result.seconds:.1f} s"
    )
    theirs, seconds = run_linkchecker(url)
    print(f"linkchecker: {len(theirs)} broken in {seconds:.1f} s")
    print(
        f"same broken links: {ours == theirs}; time ratio linkchecker/ours: "
        f"{seconds / result.seconds:.2f}"
    )
    if ours != theirs:
        print("only ours:", sorted(ours - theirs)[:10])
        print("only linkchecker:", sorted(theirs - ours)[:10])
    server.terminate()


if __name__ == "__main__":
    main()
