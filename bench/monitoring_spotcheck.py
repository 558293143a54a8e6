"""Benchmark: the internal spot check of 2,000 sites with 200,000 pages.

    .venv/bin/python -m bench.monitoring_spotcheck

Set DATABASE_URL to use PostgreSQL (your own database); the default is a
SQLite file in /tmp. Building the cluster uses bulk inserts and is not timed."""

import time

from bench import MACHINE, setup_django

setup_django("/tmp/govcluster_bench_monitoring.sqlite3")

SITES = 2000
PAGES_PER_SITE = 100


def main():
    from django.utils import timezone
    from wagtail.models import Page

    from bench.monitoring_cluster import build_cluster
    from monitoring.spotcheck import Selection, check, checkable_profiles

    started = time.monotonic()
    build_cluster(SITES, PAGES_PER_SITE)
    print(f"cluster ready in {time.monotonic() - started:.1f} s (not timed)")
    print(f"pages: {Page.objects.count()}, machine: {MACHINE}")
    started = time.monotonic()
    profiles = list(checkable_profiles())
    run = check(Selection(profiles, [], "all"), timezone.localdate())
    seconds = time.monotonic() - started
    results = run.results.all()
    failed = results.filter(passed=False).count()
    print(
        f"spotcheck --all internal: {len(profiles)} sites in {seconds:.1f} s "
        f"({seconds / len(profiles) * 1000:.1f} ms/site); failed {failed} "
        f"(target: under 60 s)"
    )


if __name__ == "__main__":
    main()
