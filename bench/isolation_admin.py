"""Cost of per-site isolation in the admin: time and SQL queries of the main
admin pages per role, on the current database (run after `seed_demo`).

    .venv/bin/python -m bench.isolation_admin
"""

import os
import platform
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from sites.models import SiteProfile  # noqa: E402

REPEAT = 5


def measure(client, url):
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        timings.append(time.perf_counter() - start)
    return response.status_code, statistics.median(timings) * 1000, len(queries)


def main():
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"database: {connection.vendor}, sites: {SiteProfile.objects.count()}"
    )
    county = SiteProfile.objects.filter(level="county").order_by("pk").first()
    slug = county.site.hostname.removesuffix(".localhost")
    home = county.site.root_page_id
    users = ["admin", "inspector", f"editor-{slug}", f"reviewer-{slug}"]
    urls = [
        "/admin/",
        f"/admin/pages/{home}/",
        "/admin/choose-page/",
        "/admin/pages/search/?q=通知",
        "/admin/snippets/cluster/siteprofile/",
        "/admin/reports/site-history/",
        "/admin/reports/page-types-usage/",
        "/admin/cluster/tree/",
    ]
    User = get_user_model()
    for username in users:
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=username))
        client.get("/admin/")  # warm up
        for url in urls:
            status, ms, queries = measure(client, url)
            print(f"{username:22} {url:40} {status} {ms:7.0f} ms {queries:4} queries")


if __name__ == "__main__":
    main()
