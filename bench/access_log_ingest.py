"""Benchmark: access-log ingest throughput per core, and a year of statistics
for 2,000 sites answered per chart.

    .venv/bin/python -m bench.access_log_ingest [--sites N] [--lines N]
        [--ingest-only | --charts-only [--reuse-year]] [--cluster-runs N]

Set DATABASE_URL to use PostgreSQL (your own database); the default is a
SQLite file of its own per process in /tmp. One process, so the ingest
figures are per core. The year of statistics is built directly as
aggregated rows by INSERT … SELECT (not through logs: see build_year) and
is not timed; every chart of the admin is then timed for the whole cluster
and for sampled sites over three ranges. Ends with its RESULT line."""

import argparse
import json
import os
import random
import tempfile
import time
from datetime import date

from bench import MACHINE, Clock, print_result, setup_django

# A database of its own per run (its process id), so runs never clash.
setup_django(f"/tmp/govcluster_bench_visits_{os.getpid()}.sqlite3", fresh=True)

# A day of a cluster's logs holds thousands of distinct user agents (browser
# builds, in-app browsers): 1,201 here, each classified once per run.
AGENTS = (
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{version}.0.{build}.0 Safari/537.36"
        for version in range(100, 130)
        for build in range(6000, 6030)
    ]
    + [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
        f"(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.{build} NetType/WIFI"
        for build in range(300)
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


YEAR_ORIGINS = (
    "",
    "https://www.baidu.com",
    "https://mp.weixin.qq.com",
    "https://cn.bing.com",
)
YEAR_PATHS = 300  # distinct pages of a site; `paths_per_day` of them read a day
YEAR_COLUMNS = 12  # the pages are spread over this many columns


def _server_cpu():
    """CPU seconds of the PostgreSQL backend serving this connection (it runs
    on this machine: /proc), 0 on SQLite (which runs in this process)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def build_year(year, paths_per_day, queries_per_day):
    """A calendar year of aggregated statistics for every site, written by
    INSERT … SELECT in the database itself (not through logs and the
    ingester, which would take hours for 2,000 sites): the numbers are
    deterministic functions of site, day and page. The rollups (yearly pages,
    the cluster's days and referrers) are summed from the daily rows, as the
    ingester would have kept them. Also search-log rows and the columns the
    pages belong to."""
    from django.db import connection, transaction
    from wagtail.models import Page

    from cms.pages.models import ColumnPage
    from search.models import SearchQueryLog
    from visits.models import (
        ClusterDailyExclusion,
        ClusterDailyReferrer,
        ClusterDailyTraffic,
        DailyExclusion,
        DailyPageViews,
        DailyReferrer,
        DailyTraffic,
        YearlyPageViews,
    )

    root = Page.objects.get(depth=1)
    for number in range(YEAR_COLUMNS):
        if not ColumnPage.objects.filter(slug=f"c{number}").exists():
            root.add_child(
                instance=ColumnPage(title=f"栏目{number}", slug=f"c{number}")
            )
    first = date(year, 1, 1)
    days = (date(year, 12, 31) - first).days + 1
    if connection.vendor == "postgresql":
        day_of = f"(DATE '{first.isoformat()}' + d.n)"
    else:
        day_of = f"date('{first.isoformat()}', '+' || d.n || ' days')"

    def table(model):
        return connection.ops.quote_name(model._meta.db_table)

    # Numbers 0..days-1 and the sites, as common table expressions.
    numbers = (
        f"WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d "
        f"WHERE n < {days - 1}), s(id) AS (SELECT id FROM wagtailcore_site)"
    )
    page = f"((s.id * 37 + d.n * 11 + j.n * 31) % {YEAR_PATHS})"  # distinct per day
    statements = [
        f"""INSERT INTO {table(DailyTraffic)} (site_id, day, page_views, visits,
            unique_visitors, desktop_views, mobile_views, tablet_views)
            {numbers}, v(site, n, views) AS (
              SELECT s.id, d.n, 50 + (s.id * 7919 + d.n * 104729) % 1950 FROM s, d)
            SELECT v.site, {day_of.replace("d.n", "v.n")}, views, views / 3,
              views / 4, views / 2, views / 3, views - views / 2 - views / 3
            FROM v""",
        f"""INSERT INTO {table(DailyPageViews)} (site_id, day, path, views)
            {numbers}, j(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM j
              WHERE n < {paths_per_day - 1})
            SELECT s.id, {day_of}, '/c' || ({page} % {YEAR_COLUMNS}) || '/'
              || {page} || '/', 1 + (s.id * 7 + d.n * 13 + j.n * 17) % 50
            FROM s, d, j""",
        f"""INSERT INTO {table(YearlyPageViews)} (site_id, year, path, views)
            SELECT site_id, {year}, path, SUM(views) FROM {table(DailyPageViews)}
            GROUP BY site_id, path""",
        f"""INSERT INTO {table(DailyReferrer)} (site_id, day, origin, views)
            {numbers}, o(n, origin) AS ({
            " UNION ALL ".join(
                f"SELECT {n}, '{origin}'" for n, origin in enumerate(YEAR_ORIGINS)
            )
        })
            SELECT s.id, {day_of}, o.origin, 1 + (s.id * 3 + d.n * 5 + o.n * 7) % 80
            FROM s, d, o""",
        f"""INSERT INTO {table(DailyExclusion)} (site_id, day, reason, lines)
            {numbers}, r(reason) AS (SELECT 'bot' UNION ALL SELECT 'status')
            SELECT s.id, {day_of}, r.reason, 1 + (s.id + d.n) % 40 FROM s, d, r""",
        f"""INSERT INTO {table(SearchQueryLog)} (site_id, day, query, scope, hits,
            results)
            {numbers}, j(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM j
              WHERE n < {queries_per_day - 1})
            SELECT s.id, {day_of}, '检索词' || ((s.id * 13 + d.n * 7 + j.n * 101) % 500),
              'site', 1 + (s.id + d.n + j.n) % 9,
              ((s.id * 13 + d.n * 7 + j.n * 101) % 500) % 5 * 3
            FROM s, d, j""",
        f"""INSERT INTO {table(ClusterDailyTraffic)} (day, page_views, visits,
            unique_visitors, desktop_views, mobile_views, tablet_views)
            SELECT day, SUM(page_views), SUM(visits), SUM(unique_visitors),
              SUM(desktop_views), SUM(mobile_views), SUM(tablet_views)
            FROM {table(DailyTraffic)} GROUP BY day""",
        f"""INSERT INTO {table(ClusterDailyExclusion)} (day, reason, lines)
            SELECT day, reason, SUM(lines) FROM {table(DailyExclusion)}
            GROUP BY day, reason""",
        f"""INSERT INTO {table(ClusterDailyReferrer)} (day, origin, views)
            SELECT day, origin, SUM(views) FROM {table(DailyReferrer)}
            GROUP BY day, origin""",
    ]
    # Only this bench's own database is written (a fresh file, or DATABASE_URL).
    # A fresh SQLite file is built without a journal and without syncing (it
    # is thrown away if the build fails), then put back in WAL mode.
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        if sqlite:
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")
        with transaction.atomic():
            for statement in statements:
                cursor.execute(statement)
        if sqlite:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("ANALYZE")


def chart_functions():
    """{name: function(scope, start, end)}: every query of the admin's report
    (visits.views.report_data) and the annual report's totals."""
    from visits import queries

    return {
        "visit_totals (devices)": queries.visit_totals,
        "daily_series": queries.daily_series,
        "monthly_series": queries.monthly_series,
        "top_pages": lambda scope, start, end: queries.top_pages(scope, start, end, 20),
        "top_columns": lambda scope, start, end: queries.top_columns(
            scope, start, end, 20
        ),
        "search_terms": lambda scope, start, end: queries.search_terms(
            scope, start, end, 20
        ),
        "search_terms (no results)": lambda scope, start, end: queries.search_terms(
            scope, start, end, 20, zero_results=True
        ),
        "referrers": lambda scope, start, end: queries.referrers(scope, start, end, 20),
        "exclusions": queries.exclusions,
    }


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bench_charts(site_ids, year, site_samples, cluster_runs):
    """Times every chart for the whole cluster (`cluster_runs` times, fewer
    once a chart took 5 s) and for `site_samples` random sites, over the calendar year and two other ranges
    (the admin's 90 days, and 350 days that are not whole months). Returns
    the slowest p95 in ms and the lines printed."""
    ranges = {
        "calendar year": (date(year, 1, 1), date(year, 12, 31)),
        "90 days": (date(year, 10, 2), date(year, 12, 30)),
        "350 days": (date(year, 1, 15), date(year, 12, 30)),
    }
    rng = random.Random(3)
    sampled = rng.sample(site_ids, site_samples)
    slowest = 0.0
    for range_name, (start, end) in ranges.items():
        for name, chart in chart_functions().items():
            for scope_name, scopes in (
                ("cluster", [None] * cluster_runs),
                ("one site", [[site] for site in sampled]),
            ):
                walls, cpus, server = [], [], []
                for scope in scopes:
                    if sum(walls) > 5:
                        break  # a chart this slow misses its target anyway
                    wall, cpu, db_cpu = (
                        time.perf_counter(),
                        time.process_time(),
                        _server_cpu(),
                    )
                    chart(scope, start, end)
                    walls.append(time.perf_counter() - wall)
                    cpus.append(time.process_time() - cpu)
                    server.append(_server_cpu() - db_cpu)
                p50, p95 = (
                    _percentile(walls, 0.5) * 1000,
                    _percentile(walls, 0.95) * 1000,
                )
                slowest = max(slowest, p95)
                print(
                    f"chart {name}, {scope_name}, {range_name}: wall p50 {p50:.1f} ms, "
                    f"p95 {p95:.1f} ms; CPU p50 {_percentile(cpus, 0.5) * 1000:.1f} ms"
                    f" (+ server {_percentile(server, 0.5) * 1000:.0f} ms) "
                    f"[{len(walls)} runs, load {os.getloadavg()[0]:.1f}]",
                    flush=True,
                )
    return slowest


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--sites", type=int, default=2000)
    parser.add_argument("--paths-per-day", type=int, default=10)
    parser.add_argument("--queries-per-day", type=int, default=3)
    parser.add_argument("--site-samples", type=int, default=20)
    parser.add_argument("--cluster-runs", type=int, default=5)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--ingest-only",
        action="store_true",
        help="measure the ingest only, without building and querying a year",
    )
    mode.add_argument(
        "--charts-only",
        action="store_true",
        help="build and query a year only, without measuring the ingest",
    )
    parser.add_argument(
        "--reuse-year",
        action="store_true",
        help="with --charts-only and DATABASE_URL naming a database a previous "
        "run built: query its year again without rebuilding it",
    )
    options = parser.parse_args()
    from django.db import connection

    print(f"machine: {MACHINE}; database: {connection.vendor}")
    reuse = options.reuse_year and options.charts_only
    if reuse:
        from django.core.management import call_command
        from wagtail.models import Site

        call_command("migrate", verbosity=0)  # a year built by an older version
        site_ids = list(Site.objects.values_list("id", flat=True))
    else:
        site_ids = make_sites(options.sites)
    figures = {}
    if not options.charts_only:
        ingest_rates = bench_ingest(options.lines, options.sites)
        figures.update(
            lines=options.lines,
            parse_lines_per_cpu_s=ingest_rates["parse + aggregate (dry run)"],
            end_to_end_lines_per_cpu_s=ingest_rates["end to end (database writes)"],
            lines_per_core_s_target=200_000,
        )
    if not options.ingest_only:
        from visits.models import DailyPageViews, DailyTraffic

        year = date.today().year - 1
        if not reuse:
            # The ingest's rows are replaced by the year's (same sites).
            for model in apps_models():
                model.objects.all().delete()
            with Clock() as clock:
                build_year(year, options.paths_per_day, options.queries_per_day)
            print(
                f"a year for {len(site_ids)} sites built by INSERT … SELECT in "
                f"{clock.wall:.0f} s wall, {clock.cpu:.1f} s CPU of this process "
                f"(not timed; load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
        print(
            f"{len(site_ids)} sites: {DailyTraffic.objects.count():,} site-days, "
            f"{DailyPageViews.objects.count():,} page-days",
            flush=True,
        )
        slowest = bench_charts(
            site_ids,
            year,
            min(options.site_samples, len(site_ids)),
            options.cluster_runs,
        )
        figures.update(slowest_chart_p95_ms=slowest, chart_ms_target=200)
    print_result(**figures, sites=len(site_ids), database=connection.vendor)


def apps_models():
    from search.models import SearchQueryLog
    from visits.models import (
        AccessLogFile,
        ClusterDailyExclusion,
        ClusterDailyReferrer,
        ClusterDailyTraffic,
        DailyExclusion,
        DailyPageViews,
        DailyReferrer,
        DailyTraffic,
        VisitorDigests,
        YearlyPageViews,
    )

    return (
        AccessLogFile,
        ClusterDailyExclusion,
        ClusterDailyReferrer,
        ClusterDailyTraffic,
        DailyExclusion,
        DailyPageViews,
        DailyReferrer,
        DailyTraffic,
        VisitorDigests,
        YearlyPageViews,
        SearchQueryLog,
    )


if __name__ == "__main__":
    main()
