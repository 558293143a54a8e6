"""Render time of the portal's public pages on a township site with many items.

    .venv/bin/python -m bench.portal_pages [--items 1500] [--runs 20]

Builds a throwaway test database (SQLite in memory unless DATABASE_URL says
otherwise), fills one township site, then times each page type through Django's
test client (server-side time, no network) and counts its SQL queries. The
national guidance asks for a page within 3 seconds.
"""

import argparse
import os
import platform
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)

HOST = "bench.localhost"


def build(items):
    from sites.models import SiteLevel
    from tests.cms.factories import add_guide, add_item, attach, make_image
    from tests.factories import column, make_site

    profile = make_site(HOST, "基准测试镇人民政府", SiteLevel.TOWNSHIP, "5120210011")
    columns = [column(profile, slug) for slug in ("news", "notices", "policies")]
    for n in range(items):
        add_item(columns[n % 3], f"基准文章{n:05d}", days_ago=n // 10)
    article = add_item(columns[0], "带附件的文章", cover_image=make_image())
    attach(article, 20)
    services = column(profile, "services")
    for n in range(50):
        add_guide(services, f"办事指南{n:03d}", days_ago=n)
    return {
        "home": "/",
        "column p1": "/news/",
        "column last": f"/news/?page={items // 3 // 20 + 1}",
        "article (20 attachments)": f"/news/{article.slug}/",
        "service guide": f"/services/{services.get_children().first().slug}/",
    }


def measure(client, path, runs):
    client.get(path, HTTP_HOST=HOST)  # warm caches
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path, HTTP_HOST=HOST)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path, HTTP_HOST=HOST)
    return statistics.median(timings), max(timings), len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1500, help="articles on the site")
    parser.add_argument("--runs", type=int, default=20, help="requests per page")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        started = time.perf_counter()
        paths = build(args.items)
        built = time.perf_counter() - started
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {connection.vendor}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(f"site with {args.items} articles + 50 guides built in {built:.1f} s")
        print(f"{'page':28} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        client = Client()
        for name, path in paths.items():
            median, worst, queries = measure(client, path, args.runs)
            print(f"{name:28} {median * 1000:10.1f} {worst * 1000:8.1f} {queries:8d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
