"""Benchmark: the monitor's link crawler against Debian's `linkchecker`, on
the same generated site served by nginx (bench/crawl_site.py).

    make bench-deps    # nginx, wrk, linkchecker
    nice -n 10 .venv/bin/python -m bench.monitoring_crawler --pages 2000

The site has missing pages, server errors, redirects (to working and to
missing pages) and links to another host. Each run measures the server alone
first (wrk: its ceiling in requests/second), then crawls with linkchecker and
with the project crawler `--rounds` times, checks that both report exactly the
broken links the generator planted, and ends with a `RESULT` line (medians).

Both checkers get the same concurrency (linkchecker's threads, the crawler's
connections per host). With `--pinning separate` nginx runs on one core and
the checkers and wrk on the other, so the server never competes with the
client it serves; with `none` the kernel places every process; `both` (the
default) runs both in turn. On a 2-core machine shared with other work, the
pinned figure is the harder one for a single-threaded client: it gets only
its share of one busy core, while linkchecker's threads get one share each."""

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from statistics import median
from urllib.parse import urljoin

from bench import MACHINE, Clock, print_result
from bench.crawl_site import expected_broken, served_site
from bench.delivery_env import BASE_DIR, free_port

TARGET = 5


def _cpus():
    """(server CPU, checkers' CPU) on a machine with two cores or more, or
    (None, None) where pinning is impossible."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None, None
    return str(cpus[-1]), str(cpus[0])


def _pinned(command, cpu):
    return command if cpu is None else ["taskset", "-c", cpu, *command]


def server_ceiling(url, cpu, connections):
    """Requests/second wrk gets from the site's pages, or None without wrk."""
    completed = subprocess.run(
        _pinned(
            ["wrk", "-t1", f"-c{connections}", "-d3s", urljoin(url, "p/1.html")], cpu
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    for line in completed.stdout.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    return None


def run_linkchecker(url, threads, cpu):
    """The broken links linkchecker reports (as linked, before redirects)."""
    # linkchecker waits 1/maxrequestspersecond to 6x that between requests to
    # a host; values above 10 take effect only for a server answering with a
    # `LinkChecker` header, as ours does.
    with tempfile.NamedTemporaryFile("w", suffix=".rc", delete=False) as config:
        config.write("[checking]\nmaxrequestspersecond=10000\n")
    os.chmod(config.name, 0o644)  # linkchecker drops root privileges
    command = [
        "linkchecker",
        "-f",
        config.name,
        "--no-status",
        "--check-extern",
        "-o",
        "csv",
        "-t",
        str(threads),
        url,
    ]
    try:
        with Clock() as clock:
            completed = subprocess.run(
                _pinned(command, cpu), capture_output=True, text=True, check=False
            )
    finally:
        os.unlink(config.name)
    lines = [line for line in completed.stdout.splitlines() if not line.startswith("#")]
    broken = set()
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        if row.get("valid") == "False":
            # `url` is where redirects ended; the link is `urlname` on its page.
            broken.add(urljoin(row["parentname"] or url, row["urlname"]))
    return broken, clock


def run_crawler(url, concurrency, cpu):
    """The project crawler in a child process pinned like linkchecker."""
    code = (
        "import sys\n"
        "from monitoring.crawler import crawl\n"
        f"result = crawl({url!r}, concurrency={concurrency}, retries=1,"
        " max_pages=10**6)\n"
        "print(result.pages_crawled, result.links_checked)\n"
        "for link in result.broken: print(link.url)\n"
    )
    with Clock() as clock:
        completed = subprocess.run(
            _pinned([sys.executable, "-c", code], cpu),
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )
    first, *broken = completed.stdout.splitlines()
    pages, links = map(int, first.split())
    return set(broken), pages, links, clock


def measure(options, pin):
    """Serve the site and run both checkers `options.rounds` times, with the
    server and the checkers on separate cores when `pin`; returns the medians
    and whether every run reported exactly the planted broken links."""
    server_cpu, client_cpu = _cpus() if pin else (None, None)
    port = options.port or free_port()
    with served_site(options.pages, port, cpus=server_cpu) as url:
        print(
            f"pinning: nginx on CPU {server_cpu}, checkers and wrk on CPU {client_cpu}"
            if server_cpu
            else "pinning: none (the kernel places every process)"
        )
        expected = expected_broken(
            options.pages, url.rstrip("/"), f"http://localhost:{port}"
        )
        ceiling = server_ceiling(url, client_cpu, options.concurrency)
        print(
            f"  server alone (wrk, {options.concurrency} connections): {ceiling} req/s"
        )
        same = True
        lc_runs, our_runs = [], []
        for round_ in range(1, options.rounds + 1):
            theirs, lc_clock = run_linkchecker(url, options.concurrency, client_cpu)
            lc_runs.append(lc_clock)
            print(
                f"  round {round_}: linkchecker: {len(theirs)} broken in "
                f"{lc_clock.wall:.2f} s (CPU {lc_clock.cpu:.2f} s)"
            )
            ours, pages, links, our_clock = run_crawler(
                url, options.concurrency, client_cpu
            )
            our_runs.append(our_clock)
            print(
                f"  round {round_}: GovCluster crawler: {pages} pages, {links} URLs, "
                f"{len(ours)} broken in {our_clock.wall:.2f} s "
                f"(CPU {our_clock.cpu:.2f} s); load {os.getloadavg()[0]:.2f}"
            )
            for name, found in (("crawler", ours), ("linkchecker", theirs)):
                if found != expected:
                    same = False
                    print(f"  {name} missed:", sorted(expected - found)[:10])
                    print(f"  {name} reported wrongly:", sorted(found - expected)[:10])
    return {
        "urls": links,
        "broken": len(expected),
        "crawler_wall": median(clock.wall for clock in our_runs),
        "crawler_cpu": median(clock.cpu for clock in our_runs),
        "linkchecker_wall": median(clock.wall for clock in lc_runs),
        "linkchecker_cpu": median(clock.cpu for clock in lc_runs),
        "ceiling": ceiling,
        "pinned": f"server:{server_cpu},checkers:{client_cpu}" if pin else "no",
        "same": same,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages of the site")
    parser.add_argument(
        "--port", type=int, default=None, help="nginx port (default: a free one)"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=16,
        help="linkchecker threads and crawler connections per host (default 16)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="runs of each checker; the figures are their medians (default 3)",
    )
    parser.add_argument(
        "--pinning",
        choices=("separate", "none", "both"),
        default="both",
        help="server and checkers on separate cores, unpinned, or both in turn "
        "(default; the RESULT's speedup is the pinned one)",
    )
    options = parser.parse_args(argv)
    for tool in ("nginx", "linkchecker", "wrk"):
        if not shutil.which(tool, path=os.environ["PATH"] + ":/usr/sbin"):
            raise SystemExit(f"{tool} is missing: run `make bench-deps`.")
    print(f"site: {options.pages} pages; machine: {MACHINE}")
    runs = {}
    if options.pinning in ("separate", "both") and _cpus()[0] is not None:
        runs["pinned"] = measure(options, pin=True)
    if options.pinning in ("none", "both") or not runs:
        runs["unpinned"] = measure(options, pin=False)
    main_run = runs.get("pinned") or runs["unpinned"]
    figures = {
        "pages": options.pages,
        "urls": main_run["urls"],
        "broken": main_run["broken"],
        "rounds": options.rounds,
        "concurrency": options.concurrency,
        "crawler_seconds": main_run["crawler_wall"],
        "crawler_cpu_seconds": main_run["crawler_cpu"],
        "linkchecker_seconds": main_run["linkchecker_wall"],
        "linkchecker_cpu_seconds": main_run["linkchecker_cpu"],
        "speedup": main_run["linkchecker_wall"] / main_run["crawler_wall"],
        "speedup_target": TARGET,
        "cpu_ratio": main_run["linkchecker_cpu"] / main_run["crawler_cpu"],
        "server_ceiling_rps": main_run["ceiling"] or "n/a",
        "pinned": main_run["pinned"],
    }
    if "pinned" in runs and "unpinned" in runs:
        other = runs["unpinned"]
        figures |= {
            "crawler_seconds_unpinned": other["crawler_wall"],
            "linkchecker_seconds_unpinned": other["linkchecker_wall"],
            "speedup_unpinned": other["linkchecker_wall"] / other["crawler_wall"],
            "cpu_ratio_unpinned": other["linkchecker_cpu"] / other["crawler_cpu"],
            "server_ceiling_rps_unpinned": other["ceiling"] or "n/a",
        }
    same = all(run["same"] for run in runs.values())
    figures["same_findings"] = "yes" if same else "no"
    print_result(**figures)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
