"""Synthetic access logs for the demo cluster: readers on desktops, phones and
tablets arriving from search engines, WeChat and the portal, plus the bots,
probes, failed requests and form posts a real log holds, all in the JSON
shape nginx and the application write. Deterministic for a given seed and
end day; generated, never committed."""

import json
import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from wagtail.models import Page, Site

from visits.ingest import Ingester
from visits.models import DailyTraffic

DESKTOP_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
]
MOBILE_AGENTS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; V2302A) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/118.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; 22081212C) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 "
    "MicroMessenger/8.0.47.2560(0x28002F35) NetType/WIFI Language/zh_CN",
]
TABLET_AGENTS = [
    "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
]
BOT_AGENTS = [
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
]
REFERRERS = [
    ("", 40),
    ("https://www.baidu.com", 30),
    ("https://cn.bing.com", 6),
    ("https://www.sogou.com", 5),
    ("https://mp.weixin.qq.com", 12),
    ("https://www.so.com", 4),
]
# Readers a day on an active site, by level (weekdays; weekends are quieter).
READERS_BY_LEVEL = {"city": 150, "county": 70, "department": 50, "township": 20}
DEMO_SEED = 20260101


def site_paths(site):
    """The paths readers can reach on `site`: its home page and live pages."""
    root = site.root_page
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(root, inclusive=True)
        .order_by("path")
        .values_list("url_path", flat=True)[:300]
    )
    return ["/" + url_path[len(root.url_path) :] for url_path in pages]


def demo_sites():
    """[(hostname, level, paths)] of the cluster's sites, in hostname order."""
    sites = []
    for site in Site.objects.select_related("root_page").order_by("hostname"):
        profile = getattr(site, "profile", None)
        level = getattr(profile, "level", "") or "county"
        paths = site_paths(site)
        if paths:
            sites.append((site.hostname, level, paths))
    return sites


def access_lines(sites, end_day, days, seed=DEMO_SEED, quiet_hosts=()):
    """The JSON lines (str, without newline) of `days` days ending with
    `end_day`, day by day in time order."""
    zone = ZoneInfo(settings.TIME_ZONE)
    referrers, weights = zip(*REFERRERS, strict=True)
    for offset in range(days - 1, -1, -1):
        day = end_day - timedelta(days=offset)
        rng = random.Random(f"{seed}:{day.isoformat()}")
        midnight = datetime.combine(day, time(), tzinfo=zone)
        day_lines = []

        def line(
            moment,
            host,
            path,
            agent,
            network,
            referer="",
            method="GET",
            status=200,
            static="1",
            day_lines=day_lines,
            rng=rng,
        ):
            day_lines.append(
                (
                    moment,
                    {
                        "time": moment.isoformat(timespec="seconds"),
                        "host": host,
                        "method": method,
                        "path": path,
                        "status": status,
                        "bytes": rng.randint(4000, 60000),
                        "request_time": round(rng.uniform(0.001, 0.2), 3),
                        "network": network,
                        "referer": referer,
                        "user_agent": agent,
                        "static": static,
                    },
                )
            )

        weekend = day.weekday() >= 5
        for host, level, paths in sites:
            readers = READERS_BY_LEVEL.get(level, 60)
            if host in quiet_hosts:
                readers = 4
            readers = int(readers * (0.45 if weekend else 1) * rng.uniform(0.7, 1.3))
            for _reader in range(readers):
                roll = rng.random()
                agents = (
                    DESKTOP_AGENTS
                    if roll < 0.55
                    else MOBILE_AGENTS
                    if roll < 0.93
                    else TABLET_AGENTS
                )
                agent = rng.choice(agents)
                network = f"{rng.randint(36, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.0"
                moment = midnight + timedelta(seconds=rng.randint(7 * 3600, 23 * 3600))
                referer = rng.choices(referrers, weights)[0]
                for _view in range(rng.choice((1, 1, 2, 3, 5))):
                    path = paths[0] if rng.random() < 0.3 else rng.choice(paths)
                    static = "0" if path.startswith("/search/") else "1"
                    line(moment, host, path, agent, network, referer, static=static)
                    referer = f"http://{host}"  # then navigates inside the site
                    moment += timedelta(seconds=rng.randint(10, 240))
            # What a real log holds besides readers, none of it counted.
            for _bot in range(rng.randint(5, 25)):
                line(
                    midnight + timedelta(seconds=rng.randint(0, 86399)),
                    host,
                    rng.choice(paths),
                    rng.choice(BOT_AGENTS),
                    "220.181.108.0",
                )
            for hour in range(24):
                line(
                    midnight + timedelta(hours=hour, minutes=1),
                    host,
                    "/",
                    settings.MONITORING_CRAWL_USER_AGENT,
                    "127.0.0.0",
                    static="0",
                )
            line(
                midnight + timedelta(hours=10),
                host,
                "/missing/",
                DESKTOP_AGENTS[0],
                "61.139.2.0",
                status=404,
                static="0",
            )
            line(
                midnight + timedelta(hours=11),
                host,
                paths[-1],
                DESKTOP_AGENTS[0],
                "61.139.2.0",
                method="POST",
                status=302,
                static="0",
            )
        day_lines.sort(key=lambda item: item[0])
        for _moment, record in day_lines:
            yield json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def seed(context):
    """VISITS_DEMO_DAYS days of statistics (ending yesterday) from generated
    lines, ingested without a log file; nothing when statistics exist."""
    if DailyTraffic.objects.exists():
        return
    lines = access_lines(
        demo_sites(),
        context.today - timedelta(days=1),
        settings.VISITS_DEMO_DAYS,
        quiet_hosts=context.dormant_hostnames,
    )
    ingester = Ingester()
    ingester.ingest_stream(line.encode() + b"\n" for line in lines)
    ingester.close_days()
