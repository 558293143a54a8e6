"""Disclosure benchmarks on a seeded database (run `manage.py seed_demo` first).

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python -m bench.disclosure_bench

Prints the time of: the working-day arithmetic behind every due date, the
catalog page with its facet counts, late_documents for every site, the JSON API
page, the deadline report and the annual report of the city."""

import os
import platform
import statistics
import time
from datetime import date

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
django.setup()

from django.test import Client  # noqa: E402

from cms.casework.workdays import add_working_days  # noqa: E402
from disclosure.annual_report import build_report  # noqa: E402
from disclosure.deadlines import deadline_report  # noqa: E402
from disclosure.lateness import late_documents  # noqa: E402
from disclosure.models import DisclosureDocumentPage  # noqa: E402
from sites.models import SiteProfile  # noqa: E402


def timed(label, function, repeat=5):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append((time.perf_counter() - start) * 1000)
    print(
        f"{label:<55} median {statistics.median(runs):8.1f} ms  max {max(runs):8.1f} ms"
    )


def main():
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores"
    )
    print(f"documents: {DisclosureDocumentPage.objects.count()}")
    profiles = list(SiteProfile.objects.with_site())
    city = next(p for p in profiles if p.level == "city")
    client = Client()
    host = city.site.hostname
    timed(
        "1000 due dates (add_working_days 20..40)",
        lambda: [
            add_working_days(date(2026, 9, 1 + i % 28), 20 + i % 21)
            for i in range(1000)
        ],
    )
    timed(
        "catalog page with facets (city)",
        lambda: client.get("/disclosure/catalog/", HTTP_HOST=host),
    )
    timed(
        "catalog page filtered by year and category",
        lambda: client.get("/disclosure/catalog/?year=2025&category=2", HTTP_HOST=host),
    )
    timed(
        f"late_documents for all {len(profiles)} sites",
        lambda: [list(late_documents(p)) for p in profiles],
    )
    timed(
        "API page (50 documents)",
        lambda: client.get(
            f"/api/disclosure/documents/?site={host}", HTTP_HOST="localhost"
        ),
    )
    timed("deadline report (all sites)", lambda: deadline_report(today=date.today()))
    timed(
        "annual report tables (city)",
        lambda: build_report(city.site, date.today().year),
    )


if __name__ == "__main__":
    main()
