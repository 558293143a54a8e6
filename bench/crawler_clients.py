"""Benchmark: HTTP clients for the link crawler, on the crawler benchmark's
site (bench/crawl_site.py, nginx): each fetches every page `--repeat` times
with `--concurrency` requests in flight, reading the bodies.

    .venv/bin/python -m bench.crawler_clients --pages 2000

Compares httpx (the crawler's client until issue 18), aiohttp, and pycurl's
multi interface (the crawler's client since); a client that is not installed
is skipped (aiohttp is not a dependency: `pip install aiohttp` to include it).
Each client runs in its own process pinned to one core, nginx on the other."""

import argparse
import asyncio
import subprocess
import sys

from bench import MACHINE, Clock, print_result
from bench.crawl_site import served_site
from bench.delivery_env import BASE_DIR, free_port
from bench.monitoring_crawler import _cpus, _pinned

CLIENTS = ("httpx", "aiohttp", "pycurl")


async def _fetch_httpx(urls, concurrency):
    import httpx

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(limits=limits) as client:
        pending = iter(urls)

        async def worker():
            for url in pending:
                response = await client.get(url)
                assert response.status_code == 200, url  # noqa: S101 - a bench check

        await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _fetch_aiohttp(urls, concurrency):
    import aiohttp

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        pending = iter(urls)

        async def worker():
            for url in pending:
                async with session.get(url) as response:
                    await response.read()
                    assert response.status == 200, url  # noqa: S101

        await asyncio.gather(*(worker() for _ in range(concurrency)))


def _fetch_pycurl(urls, concurrency):
    import pycurl

    multi = pycurl.CurlMulti()
    pending = iter(urls)
    running = 0

    def start(curl):
        url = next(pending, None)
        if url is None:
            return 0
        chunks = []
        curl.setopt(pycurl.URL, url)
        curl.setopt(pycurl.WRITEFUNCTION, chunks.append)
        multi.add_handle(curl)
        return 1

    for _ in range(concurrency):
        running += start(pycurl.Curl())
    while running:
        while multi.perform()[0] == pycurl.E_CALL_MULTI_PERFORM:
            pass
        while True:
            queued, ok, failed = multi.info_read()
            if failed:
                raise SystemExit(f"pycurl failed: {failed[0][2]}")
            for curl in ok:
                assert curl.getinfo(pycurl.RESPONSE_CODE) == 200  # noqa: S101
                multi.remove_handle(curl)
                running -= 1
                running += start(curl)
            if not queued:
                break
        if running:
            multi.select(1.0)


def fetch(client, base, pages, repeat, concurrency):
    """Runs in the child process: fetch the pages, print wall and CPU."""
    urls = [f"{base}p/{n}.html" for n in range(pages)] * repeat
    with Clock() as clock:
        if client == "pycurl":
            _fetch_pycurl(urls, concurrency)
        else:
            fetcher = _fetch_httpx if client == "httpx" else _fetch_aiohttp
            asyncio.run(fetcher(urls, concurrency))
    sys.stdout.write(f"{clock.wall} {clock.cpu}\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages of the site")
    parser.add_argument("--repeat", type=int, default=3, help="fetches of each page")
    parser.add_argument("--concurrency", type=int, default=16, help="in flight")
    parser.add_argument("--port", type=int, default=None, help="nginx port")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        client, base = options.child
        fetch(client, base, options.pages, options.repeat, options.concurrency)
        return 0
    server_cpu, client_cpu = _cpus()
    figures = {}
    with served_site(options.pages, options.port or free_port(), server_cpu) as url:
        print(f"site: {options.pages} pages at {url}; machine: {MACHINE}")
        print(f"pinning: nginx on CPU {server_cpu}, clients on CPU {client_cpu}")
        requests = options.pages * options.repeat
        for client in CLIENTS:
            try:
                __import__(client)
            except ImportError:
                print(f"{client}: not installed, skipped")
                continue
            command = [
                sys.executable,
                "-m",
                "bench.crawler_clients",
                "--pages",
                str(options.pages),
                "--repeat",
                str(options.repeat),
                "--concurrency",
                str(options.concurrency),
                "--child",
                client,
                url,
            ]
            completed = subprocess.run(
                _pinned(command, client_cpu),
                cwd=BASE_DIR,
                capture_output=True,
                text=True,
                check=True,
            )
            wall, cpu = map(float, completed.stdout.split())
            print(
                f"{client}: {requests} requests in {wall:.2f} s, CPU {cpu:.2f} s: "
                f"{requests / wall:.0f} req/s, {requests / cpu:.0f} req per CPU-second"
            )
            figures[f"{client}_rps"] = requests / wall
            figures[f"{client}_req_per_cpu_s"] = requests / cpu
    print_result(requests=requests, concurrency=options.concurrency, **figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
