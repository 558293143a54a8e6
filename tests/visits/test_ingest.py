"""The access-log ingester: counts readers' page views per site and day,
excludes bots, probes, errors and what nginx passed on, stores no address,
and reading the same logs again changes nothing."""

import json
import os
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from visits import queries
from visits.digests import pack, unpack
from visits.models import (
    AccessLogFile,
    ClusterDailyExclusion,
    ClusterDailyTraffic,
    DailyExclusion,
    DailyTraffic,
    VisitorDigests,
    YearlyPageViews,
)

DESKTOP = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/126.0.0.0 Safari/537.36"
)
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
BAIDUSPIDER = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
DAY = date(2026, 3, 2)


def line(
    host="city.localhost",
    path="/",
    *,
    time="10:00:00",
    network="203.0.113.0",
    agent=DESKTOP,
    referer="",
    method="GET",
    status=200,
    static="1",
    day=DAY,
):
    return json.dumps(
        {
            "time": f"{day.isoformat()}T{time}+08:00",
            "host": host,
            "method": method,
            "path": path,
            "status": status,
            "bytes": 100,
            "request_time": 0.01,
            "network": network,
            "referer": referer,
            "user_agent": agent,
            "static": static,
        },
        ensure_ascii=False,
    )


def write(path, lines, mode="w"):
    with open(path, mode, encoding="utf-8") as handle:
        handle.writelines(text + "\n" for text in lines)


def ingest(*paths, **options):
    out = StringIO()
    call_command(
        "ingest_access_logs", *map(str, paths), stdout=out, stderr=StringIO(), **options
    )
    return out.getvalue()


def statistics():
    """Every statistics row, comparable between runs."""
    rows = {}
    for model in (
        DailyTraffic,
        DailyExclusion,
        ClusterDailyTraffic,
        ClusterDailyExclusion,
        YearlyPageViews,
    ):
        rows[model.__name__] = sorted(
            tuple(row.values())
            for row in model.objects.values().order_by("pk")
            for row in [{k: v for k, v in row.items() if k != "id"}]
        )
    return rows


@pytest.fixture
def log(tmp_path):
    return tmp_path / "access.json.log"


def test_readers_are_counted_and_everything_else_excluded_with_its_reason(cluster, log):
    write(
        log,
        [
            line(path="/", referer="https://www.baidu.com"),
            line(path="/news/", time="10:05:00", referer="http://city.localhost"),
            line(path="/news/", time="12:00:00", agent=PHONE, network="198.51.100.0"),
            line(
                path="/search/",
                static="0",
                agent=PHONE,
                network="198.51.100.0",
                time="12:01:00",
            ),
            line(agent=BAIDUSPIDER),
            line(agent="GovCluster-Monitor/1.0", static="0"),
            line(path="/missing/", status=404, static="0"),
            line(method="POST", status=302, static="0"),
            line(path="/static/site.css", static=""),
            line(host="elsewhere.example.com"),
            "not json",
        ],
    )
    output = ingest(log)
    site = cluster.city.site
    totals = queries.visit_totals(site, DAY, DAY)
    assert totals.page_views == 4
    assert totals.unique_visitors == 2
    assert totals.total_visits == 2
    assert (totals.desktop_views, totals.mobile_views) == (2, 2)
    assert dict(queries.referrers(site, DAY, DAY)) == {
        "https://www.baidu.com": 1,
        "": 2,
    }
    assert queries.top_pages(site, DAY, DAY)[0] == ("city.localhost", "/news/", 2)
    excluded = dict(queries.exclusions(site, DAY, DAY))
    # The cluster's own rollup holds the same lines (one site had any).
    assert dict(queries.exclusions(None, DAY, DAY)) == excluded
    assert excluded == {
        "搜索引擎爬虫及其他自动程序": 1,
        "本平台的监测探针和爬虫": 1,
        "出错或跳转的响应（非 2xx/304）": 1,
        "非 GET 请求": 1,
        "nginx 未以发布文件应答的请求（静态资源，或转交应用、由应用日志计数）": 1,
    }
    assert "读取 1 个日志文件的 11 行新记录，计入浏览量 4 次，未计入 7 行" in output
    assert "elsewhere.example.com" in output
    assert "无法解析的日志行" in output


def test_a_visit_ends_after_thirty_minutes_without_a_page_view(cluster, log):
    write(log, [line(time="08:00:00"), line(time="08:20:00"), line(time="09:00:00")])
    ingest(log)
    totals = queries.visit_totals(cluster.city.site, DAY, DAY)
    assert (totals.unique_visitors, totals.total_visits, totals.page_views) == (1, 2, 3)


def test_ingesting_twice_changes_nothing_and_appended_lines_are_added(cluster, log):
    write(log, [line(path=f"/p{n}/", network=f"10.0.{n}.0") for n in range(5)])
    ingest(log)
    first = statistics()
    assert "读取 1 个日志文件的 0 行新记录" in ingest(log)
    assert statistics() == first
    write(log, [line(path="/p9/", network="10.0.9.0")], mode="a")
    ingest(log)
    totals = queries.visit_totals(cluster.city.site, DAY, DAY)
    assert (totals.page_views, totals.unique_visitors) == (6, 6)


def test_an_open_days_visitors_are_recognised_by_the_next_run(cluster, log):
    """Today's visitors are kept (packed, one row per site and day) between
    runs: a reader seen again in the next run is not a new visitor, and their
    visit goes on within thirty minutes."""
    today = timezone.localdate()
    write(log, [line(day=today, time="08:00:00"), line(day=today, network="10.9.9.0")])
    ingest(log)
    stored = VisitorDigests.objects.get(site=cluster.city.site, day=today)
    assert stored.visitors == 2 and len(bytes(stored.packed)) == 20
    write(
        log,
        [line(day=today, time="08:20:00"), line(day=today, time="09:30:00")],
        mode="a",
    )
    ingest(log)
    totals = queries.visit_totals(cluster.city.site, today, today)
    assert (totals.page_views, totals.unique_visitors, totals.total_visits) == (4, 2, 3)
    assert VisitorDigests.objects.get(site=cluster.city.site, day=today).visitors == 2


def test_packed_digests_round_trip_and_refuse_a_torn_value():
    seen = {-(2**63): 0, 2**63 - 1: 1439, 12345: 600}
    assert unpack(memoryview(pack(seen))) == seen
    assert unpack(b"") == {}
    with pytest.raises(ValueError, match="23 bytes"):
        unpack(pack(seen)[:-7])


def test_a_whole_years_most_read_pages_are_the_days_summed(cluster, log):
    """The yearly rollup that answers whole-year charts agrees with the days,
    across the turn of the year and across sites."""
    new_years_eve, new_year = date(2025, 12, 31), date(2026, 1, 1)
    write(
        log,
        [line(path="/a/", day=new_years_eve, network=f"10.1.{n}.0") for n in range(3)]
        + [line(path="/a/", day=new_year, network=f"10.2.{n}.0") for n in range(2)]
        + [line(path="/b/", day=DAY, network=f"10.3.{n}.0") for n in range(3)]
        + [line("town.localhost", "/a/", day=DAY, network="10.4.0.0")],
    )
    ingest(log)
    year = (date(2026, 1, 1), date(2026, 12, 31))
    rolled_up = queries.top_pages(None, *year)
    assert rolled_up == [
        ("city.localhost", "/b/", 3),
        ("city.localhost", "/a/", 2),
        ("town.localhost", "/a/", 1),
    ]
    # The same question over days (a range one day short of the year).
    by_day = queries.top_pages(None, date(2026, 1, 1), date(2026, 12, 30))
    assert by_day == rolled_up
    assert queries.top_pages(None, date(2025, 1, 1), date(2026, 12, 31))[0] == (
        "city.localhost",
        "/a/",
        5,
    )
    assert queries.top_pages(cluster.town.site, *year) == [("town.localhost", "/a/", 1)]


def test_a_half_written_last_line_waits_for_the_next_run(cluster, log):
    log.write_text(line() + "\n" + line(path="/x/")[:40], encoding="utf-8")
    ingest(log)
    assert queries.visit_totals(cluster.city.site, DAY, DAY).page_views == 1
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(line(path="/x/")[40:] + "\n")
    ingest(log)
    assert queries.visit_totals(cluster.city.site, DAY, DAY).page_views == 2


def test_a_rotated_log_keeps_its_position_and_the_new_file_is_read_from_the_start(
    cluster, log, tmp_path
):
    write(log, [line(path="/a/"), line(path="/b/")])
    ingest(log)
    write(log, [line(path="/c/")], mode="a")  # written before the rotation
    rotated = tmp_path / "access.json.log.1"
    os.rename(log, rotated)  # logrotate's default: rename, then a new file
    write(log, [line(path="/d/", time="11:00:00")])
    output = ingest(log, rotated)
    pages = {
        path for _host, path, _views in queries.top_pages(cluster.city.site, DAY, DAY)
    }
    assert pages == {"/a/", "/b/", "/c/", "/d/"}
    assert queries.visit_totals(cluster.city.site, DAY, DAY).page_views == 4
    assert "轮转" not in output
    assert AccessLogFile.objects.count() == 2


def test_a_truncated_log_is_detected_and_read_from_the_start(cluster, log):
    write(log, [line(path="/a/"), line(path="/b/"), line(path="/c/")])
    ingest(log)
    write(log, [line(path="/d/", time="11:00:00")])  # truncated and rewritten
    output = ingest(log)
    assert "文件已轮转或被截断，从头读取" in output
    assert queries.visit_totals(cluster.city.site, DAY, DAY).page_views == 4


def test_no_address_is_stored(cluster, log):
    """Neither the address nor the network reaches the database: only the
    day's keyed hash of the visitor."""
    write(log, [line(network="203.0.113.0", agent=DESKTOP, day=timezone.localdate())])
    ingest(log)
    assert VisitorDigests.objects.count() == 1  # today's day is still open
    with connection.cursor() as cursor:
        for model in apps.get_app_config("visits").get_models():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            dumped = repr(cursor.fetchall())
            assert "203.0.113" not in dumped
            assert "Chrome" not in dumped


def test_dry_run_and_since(cluster, log):
    write(log, [line(), line(path="/x/")])
    output = ingest(log, dry_run=True)
    assert "试运行" in output
    assert not DailyTraffic.objects.exists()
    assert not AccessLogFile.objects.exists()
    output = ingest(log, since="2026-03-03")
    assert "早于 --since 日期" in output
    assert not DailyTraffic.objects.exists()
    with pytest.raises(CommandError, match="日期“03/02”无效"):
        ingest(log, since="03/02")
    with pytest.raises(CommandError, match="不存在"):
        ingest(log.parent / "missing.log")


def test_the_application_writes_its_own_lines_and_they_are_counted(
    cluster, client, settings, tmp_path
):
    settings.ACCESS_LOG_PATH = str(tmp_path / "app.log")
    client.get(
        "/",
        HTTP_HOST="city.localhost",
        HTTP_USER_AGENT=PHONE,
        HTTP_REFERER="https://www.baidu.com/s?wd=secret",
        REMOTE_ADDR="192.0.2.77",
    )
    client.get("/admin/", HTTP_HOST="city.localhost")
    client.get("/healthz", HTTP_HOST="city.localhost")
    lines = (tmp_path / "app.log").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["network"] == "192.0.2.0"
    assert record["referer"] == "https://www.baidu.com"
    assert record["static"] == "0"
    assert "192.0.2.77" not in lines[0] and "secret" not in lines[0]
    ingest()
    today = date.fromisoformat(record["time"][:10])
    assert queries.visit_totals(cluster.city.site, today, today).mobile_views == 1


def test_a_line_missing_a_field_is_malformed_and_long_values_are_cut(cluster, log):
    """What the hot loop's shortcuts must not change: a line without a field
    a count needs is malformed wherever the field is missing; a day with only
    excluded lines has no traffic row; a path is cut to 500 characters (two
    paths alike up to there count as one) and a referer to its site's own
    origin is internal navigation."""
    missing_referer = json.loads(line())
    del missing_referer["referer"]
    missing_static = json.loads(line())
    del missing_static["static"]
    long_path = "/" + "a" * 600
    write(
        log,
        [
            json.dumps(missing_referer),
            json.dumps(missing_static),
            line(status="200"),
            line(time="1x:00:00"),  # an unreadable hour
            line(path=404),  # not text: malformed, not a crash
            line(agent=None),
            line(referer=["https://example.com"]),
            line(day=date(2026, 3, 1), status=500),  # excluded only
            line(path=long_path, network="10.0.0.0"),
            line(
                path=long_path + "b",
                network="10.0.1.0",
                referer="https://city.localhost",
            ),
        ],
    )
    output = ingest(log)
    assert "计入浏览量 2 次" in output
    assert DailyTraffic.objects.filter(day=date(2026, 3, 1)).count() == 0
    assert DailyExclusion.objects.get(day=date(2026, 3, 1)).lines == 1
    site = cluster.city.site
    assert queries.top_pages(site, DAY, DAY) == [("city.localhost", long_path[:500], 2)]
    assert dict(queries.referrers(site, DAY, DAY)) == {"": 1}
    assert "未计入 7 行：无法解析的日志行" in output
