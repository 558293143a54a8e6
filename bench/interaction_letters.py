"""Benchmark: interaction statistics, consultation health, the admin queue and
export, and the public mailbox page on one site with many letters.

    .venv/bin/python bench/interaction_letters.py [--letters 20000]

Builds a throwaway test database (SQLite in memory unless DATABASE_URL points
elsewhere), prints timings. Figures in the report were taken on the project
machine (2 cores, 24 GiB)."""

import argparse
import os
import random
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def timed(label, func, repeat=3):
    best = None
    for _i in range(repeat):
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label:<48} {best * 1000:9.1f} ms (best of {repeat})")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=20000)
    args = parser.parse_args()

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)

    from interaction.deadlines import due_date_for
    from interaction.metrics import consultation_health, site_statistics
    from interaction.models import Letter, LetterStatus, MailboxPage
    from sites.models import SiteLevel
    from tests.factories import UserFactory, make_site

    profile = make_site(
        "county.localhost", "测试县人民政府", SiteLevel.COUNTY, "5120210001"
    )
    mailbox = MailboxPage.objects.descendant_of(profile.site.root_page).first()
    rng = random.Random(1)
    now = timezone.now()
    letters = []
    for index in range(args.letters):
        received = now - timedelta(days=rng.uniform(0, 400))
        status = rng.choice(LetterStatus.values)
        answered = (
            received + timedelta(days=rng.uniform(1, 30))
            if status in (LetterStatus.ANSWERED, LetterStatus.PUBLISHED)
            else None
        )
        letters.append(
            Letter(
                mailbox=mailbox,
                site=profile.site,
                tracking_code=f"B{index:09d}",
                name="张三",
                phone="13800138000",
                subject=f"来信{index}",
                category="咨询",
                content="内容" * 50,
                agrees_to_publish=True,
                received_at=received,
                due_date=due_date_for(received),
                status=status,
                answered_at=answered,
                answer="答复" * 40 if answered else "",
            )
        )
    start = time.perf_counter()
    Letter.objects.bulk_create(letters, batch_size=2000)
    print(f"machine: {os.cpu_count()} cores; database: {connection.vendor}")
    print(
        f"{'bulk-created letters':<48} {args.letters:9d} in "
        f"{time.perf_counter() - start:.1f} s"
    )

    today = timezone.localdate()
    stats = timed("site_statistics (12 months)", lambda: site_statistics(profile.site))
    print(
        f"  -> received {stats.received}, answered {stats.answered}, "
        f"median {stats.median_answer_days} days"
    )
    health = timed(
        "consultation_health",
        lambda: consultation_health(profile, today, today - timedelta(days=365)),
    )
    print(f"  -> {len(health.overdue)} overdue letters")

    admin = UserFactory(username="bench-admin", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    timed(
        "admin queue, first page",
        lambda: client.get("/admin/interaction/letters/"),
    )
    timed(
        "admin queue, national-limit filter",
        lambda: client.get("/admin/interaction/letters/?deadline=national"),
    )
    tracemalloc.start()
    response = timed(
        "CSV export of every letter",
        lambda: client.get("/admin/interaction/letters/export.csv"),
        repeat=1,
    )
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"  -> {len(response.content) / 1e6:.1f} MB, peak Python memory "
        f"{peak / 1e6:.0f} MB"
    )
    timed(
        "Excel export of every letter",
        lambda: client.get("/admin/interaction/letters/export.xlsx"),
        repeat=1,
    )
    public = Client()
    path = mailbox.get_url_parts()[2]
    timed(
        "public mailbox page (listing + statistics)",
        lambda: public.get(path, HTTP_HOST="county.localhost"),
    )
    timed(
        "public mailbox search",
        lambda: public.get(path, {"q": "来信1999"}, HTTP_HOST="county.localhost"),
    )


if __name__ == "__main__":
    main()
