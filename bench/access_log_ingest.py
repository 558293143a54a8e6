"""Benchmark: access-log ingest throughput per core, and a year of statistics
for 2,000 sites answered per chart.

    .venv/bin/python -m bench.access_log_ingest [--lines N] [--paths-per-day N]

Set DATABASE_URL to use PostgreSQL (your own database); the default is a
SQLite file in /tmp. One process, so the figures are per core. Building the
year of statistics uses bulk inserts and is not timed."""

import argparse
import json
import os
import random
import tempfile
import time
from datetime import date, timedelta

from bench import MACHINE, print_result, setup_django

# A database of its own per run (its process id), so runs never clash.
setup_django(f"/tmp/govcluster_bench_visits_{os.getpid()}.sqlite3", fresh=True)

AGENTS = (
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{version}.0.0.0 Safari/537.36"
        for version in range(100, 130)
    ]
    + [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
        f"(KHTML, like Gecko) Version/17.{minor} Mobile/15E148 Safari/604.1"
        for minor in range(10)
    ]
    + [
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
    ]
)


def make_sites(count):
    from django.core.management import call_command
    from wagtail.models import Page, Site

    call_command("migrate", verbosity=0)
    root = Page.objects.get(depth=1)
    Site.objects.all().delete()
    Site.objects.bulk_create(
        Site(
            hostname=f"s{n}.bench.local",
            port=80,
            root_page=root,
            site_name=f"站点{n}",
            is_default_site=n == 0,
        )
        for n in range(count)
    )
    return list(Site.objects.values_list("id", flat=True))


def write_log(path, count, day, sites):
    """`count` lines of one day; readers view three pages on average."""
    rng = random.Random(1)
    readers = [
        (
            f"{rng.randint(1, 223)}.{rng.randrange(256)}.{rng.randrange(256)}.0",
            rng.choice(AGENTS),
            f"s{rng.randrange(sites)}.bench.local",
        )
        for _reader in range(max(count // 3, 1))
    ]
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(count):
            seconds = n * 86400 // count
            reader = rng.choice(readers)
            record = {
                "time": f"{day}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:"
                f"{seconds % 60:02d}+08:00",
                "host": reader[2],
                "method": "GET",
                "path": f"/news/{rng.randrange(200)}/",
                "status": 200 if rng.random() < 0.95 else 404,
                "bytes": 12345,
                "request_time": 0.004,
                "network": reader[0],
                "referer": rng.choice(
                    ["", "https://www.baidu.com", "https://mp.weixin.qq.com"]
                ),
                "user_agent": reader[1],
                "static": rng.choice(["1", "1", "1", "0", ""]),
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def bench_ingest(lines, sites):
    from visits.ingest import Ingester

    day = date.today().isoformat()
    with tempfile.NamedTemporaryFile(suffix=".log") as log:
        write_log(log.name, lines, day, sites)
        results = {}
        for label, dry_run in (
            ("parse + aggregate (dry run)", True),
            ("end to end (database writes)", False),
        ):
            ingester = Ingester(dry_run=dry_run)
            started = time.perf_counter()
            cpu_started = time.process_time()
            summary = ingester.run([log.name])
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            results[label] = summary.lines / cpu
            # This process's CPU time: on a shared machine wall time is not
            # one core's time. The database server's own CPU is not included.
            print(
                f"ingest {label}: {summary.lines:,} lines, {cpu:.2f} s CPU = "
                f"{summary.lines / cpu:,.0f} lines/s per core; wall {seconds:.2f} s "
                f"(counted {summary.counted:,})"
            )
    return results


def build_year(site_ids, paths_per_day, end):
    from django.db import connection

    from visits.ingest import upsert
    from visits.models import (
        ClusterDailyReferrer,
        ClusterDailyTraffic,
        DailyPageViews,
        DailyReferrer,
        DailyTraffic,
        YearlyPageViews,
    )

    rng = random.Random(2)
    cluster_days = {}
    cluster_referrers = {}
    days = [end - timedelta(days=n) for n in range(365)]
    origins = [
        "",
        "https://www.baidu.com",
        "https://mp.weixin.qq.com",
        "https://cn.bing.com",
    ]
    for site in site_ids:
        traffic, pages, refs = [], [], []
        for day in days:
            views = rng.randint(50, 2000)
            traffic.append(
                (
                    site,
                    day,
                    views,
                    views // 3,
                    views // 4,
                    views // 2,
                    views // 3,
                    views - views // 2 - views // 3,
                )
            )
            for path in rng.sample(range(300), paths_per_day):
                pages.append((site, day, f"/news/{path}/", rng.randint(1, 50)))
            summed = cluster_days.setdefault(day, [0] * 6)
            for index, count in enumerate(traffic[-1][2:]):
                summed[index] += count
            for origin in origins:
                refs.append((site, day, origin, rng.randint(1, 80)))
                cluster_referrers[day, origin] = (
                    cluster_referrers.get((day, origin), 0) + refs[-1][3]
                )
        upsert(
            DailyTraffic,
            ["site_id", "day"],
            [
                "page_views",
                "visits",
                "unique_visitors",
                "desktop_views",
                "mobile_views",
                "tablet_views",
            ],
            traffic,
        )
        upsert(DailyPageViews, ["site_id", "day", "path"], ["views"], pages)
        yearly = {}
        for site_id, day, path, views in pages:
            yearly[site_id, day.year, path] = (
                yearly.get((site_id, day.year, path), 0) + views
            )
        upsert(
            YearlyPageViews,
            ["site_id", "year", "path"],
            ["views"],
            [(*key, views) for key, views in yearly.items()],
        )
        upsert(DailyReferrer, ["site_id", "day", "origin"], ["views"], refs)
    upsert(
        ClusterDailyTraffic,
        ["day"],
        [
            "page_views",
            "visits",
            "unique_visitors",
            "desktop_views",
            "mobile_views",
            "tablet_views",
        ],
        [(day, *counts) for day, counts in cluster_days.items()],
    )
    upsert(
        ClusterDailyReferrer,
        ["day", "origin"],
        ["views"],
        [(day, origin, views) for (day, origin), views in cluster_referrers.items()],
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def bench_charts(site_ids, end):
    from visits import queries

    # The annual reports' period: one calendar year.
    start = date(end.year, 1, 1)
    charts = {
        "visit_totals": lambda scope: queries.visit_totals(scope, start, end),
        "daily_series": lambda scope: queries.daily_series(scope, start, end),
        "monthly_series": lambda scope: queries.monthly_series(scope, start, end),
        "top_pages": lambda scope: queries.top_pages(scope, start, end),
        "referrers": lambda scope: queries.referrers(scope, start, end),
        "search_terms": lambda scope: queries.search_terms(scope, start, end),
    }
    rng = random.Random(3)
    slowest = 0.0
    for name, chart in charts.items():
        timings = []
        for site in rng.sample(site_ids, 20):
            started = time.perf_counter()
            chart([site])
            timings.append(time.perf_counter() - started)
        timings.sort()
        started = time.perf_counter()
        chart(None)
        cluster = time.perf_counter() - started
        slowest = max(slowest, cluster, timings[-1])
        print(
            f"chart {name}: one site, a year: median {timings[10] * 1000:.1f} ms, "
            f"max {timings[-1] * 1000:.1f} ms; whole cluster: {cluster * 1000:.0f} ms "
            f"(target: 200 ms per chart)"
        )
    return slowest


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--sites", type=int, default=2000)
    parser.add_argument("--paths-per-day", type=int, default=10)
    parser.add_argument(
        "--ingest-only",
        action="store_true",
        help="measure the ingest only, without building and querying a year",
    )
    options = parser.parse_args()
    from django.db import connection

    print(f"machine: {MACHINE}; database: {connection.vendor}")
    site_ids = make_sites(options.sites)
    ingest_rates = bench_ingest(options.lines, options.sites)
    if options.ingest_only:
        print_result(
            lines=options.lines,
            parse_lines_per_cpu_s=ingest_rates["parse + aggregate (dry run)"],
            end_to_end_lines_per_cpu_s=ingest_rates["end to end (database writes)"],
            lines_per_core_s_target=200_000,
            sites=len(site_ids),
            database=connection.vendor,
        )
        return
    from visits.models import (
        ClusterDailyReferrer,
        ClusterDailyTraffic,
        DailyPageViews,
        DailyReferrer,
        DailyTraffic,
        YearlyPageViews,
    )

    for model in (
        DailyTraffic,
        DailyPageViews,
        YearlyPageViews,
        DailyReferrer,
        ClusterDailyTraffic,
        ClusterDailyReferrer,
    ):
        model.objects.all().delete()
    end = date(date.today().year - 1, 12, 31)
    started = time.monotonic()
    build_year(site_ids, options.paths_per_day, end)
    print(
        f"a year for {len(site_ids)} sites built in {time.monotonic() - started:.0f} s "
        f"(not timed): {DailyTraffic.objects.count():,} days, "
        f"{DailyPageViews.objects.count():,} page-days, "
        f"{DailyReferrer.objects.count():,} referrer-days"
    )
    slowest = bench_charts(site_ids, end)
    print_result(
        lines=options.lines,
        parse_lines_per_cpu_s=ingest_rates["parse + aggregate (dry run)"],
        end_to_end_lines_per_cpu_s=ingest_rates["end to end (database writes)"],
        lines_per_core_s_target=200_000,
        sites=len(site_ids),
        slowest_chart_ms=slowest * 1000,
        chart_ms_target=200,
        database=connection.vendor,
    )


if __name__ == "__main__":
    main()
