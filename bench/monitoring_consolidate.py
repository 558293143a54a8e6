"""Benchmark: consolidating (关停上移) a site of 10,000 pages.

    .venv/bin/python -m bench.monitoring_consolidate

Uses its own SQLite file unless DATABASE_URL is set. Building the site uses
bulk inserts and is not timed; the plan and the consolidation are."""

import random
import time

from bench import MACHINE, setup_django

setup_django("/tmp/govcluster_bench_consolidate.sqlite3", fresh=True)

PAGES = 10_000


def main():
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import timezone
    from wagtail.models import Page

    from bench.monitoring_cluster import add_subtree
    from sites.consolidation import consolidate, plan_consolidation
    from sites.models import SiteLevel
    from sites.provisioning import SiteRequest, provision_site

    call_command("migrate", verbosity=0)
    provision_site(
        SiteRequest(
            "基准县人民政府",
            "基准县",
            "county.bench.localhost",
            "5120210001",
            SiteLevel.CITY,
        )
    )
    town = provision_site(
        SiteRequest(
            "基准镇人民政府",
            "基准镇",
            "town.bench.localhost",
            "5120210011",
            SiteLevel.TOWNSHIP,
            superior="county.bench.localhost",
        )
    ).profile
    home = Page.objects.get(pk=town.site.root_page_id)
    add_subtree(home, PAGES - 100, 90, random.Random(1), timezone.now(), False, "x-")
    pages = Page.objects.descendant_of(town.site.root_page, inclusive=True).count()
    print(f"site with {pages} pages built (not timed); machine: {MACHINE}")
    started = time.monotonic()
    plan = plan_consolidation("town.bench.localhost", "county.bench.localhost")
    planned = time.monotonic() - started
    consolidate(plan)
    seconds = time.monotonic() - started
    print(
        f"consolidate: plan {planned:.1f} s, total {seconds:.1f} s for "
        f"{len(plan.pages)} pages and {plan.redirect_count} redirects "
        f"(target: under 60 s)"
    )
    client = Client()
    sample = random.Random(2).sample(plan.pages, 50)
    with override_settings(ALLOWED_HOSTS=["*"]):
        ok = sum(
            client.get(old_path + "/", HTTP_HOST="town.bench.localhost").status_code
            == 301
            for _pk, _title, old_path in sample
        )
    print(f"sample of 50 old URLs answering 301: {ok}/50")


if __name__ == "__main__":
    main()
