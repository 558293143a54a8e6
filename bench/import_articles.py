"""Benchmark: legacy import into SQLite (target: at least 500 articles a second).
Builds a fresh SQLite database in a temporary directory, provisions one site and
imports ARTICLES generated articles with import_articles --publish.
Run: .venv/bin/python bench/import_articles.py [ARTICLES]"""

import json
import os
import platform
import random
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="govcluster-bench-import-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
# Query logging (DEBUG) would distort the figures.

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.DEBUG = False

from django.core.management import call_command  # noqa: E402

from cms.pages.models import ArticlePage  # noqa: E402
from sites.models import SiteLevel  # noqa: E402
from sites.provisioning import SiteRequest, provision_site  # noqa: E402

TARGET_PER_SECOND = 500
SENTENCES = [
    "县政府召开常务会议，研究部署春耕生产和安全生产工作。",
    "会议强调，要坚持以人民为中心，切实做好民生保障。",
    "各乡镇、各部门要压实责任，确保各项任务落到实处。",
    "<b>通知要求</b>，各单位于月底前报送工作总结。",
]


def article(rng, n):
    paragraphs = "".join(
        "<p>" + "".join(rng.choice(SENTENCES) for _ in range(4)) + "</p>"
        for _ in range(rng.randint(3, 8))
    )
    if n % 10 == 0:
        paragraphs += "<table><tr><th>项目</th><th>金额</th></tr><tr><td>甲</td><td>1</td></tr></table>"
    if n % 25 == 0:
        paragraphs += '<p onclick="x()">旧站<script>alert(1)</script>残留</p>'
    return {
        "title": f"第{n}号 县政府工作动态",
        "body": paragraphs,
        "published_at": f"20{10 + n % 14:02d}-0{1 + n % 9}-1{n % 10}T09:30:00+08:00",
        "source": "县政府办公室",
        "author": "办公室",
        "external_id": f"legacy-{n}",
    }


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    call_command("migrate", verbosity=0, interactive=False)
    provision_site(
        SiteRequest(
            name="基准县人民政府",
            short_name="基准县",
            hostname="bench.localhost",
            code="5120990001",
            level=SiteLevel.CITY,
        )
    )
    rng = random.Random(20261121)
    source = WORKDIR / "articles.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for n in range(count):
            handle.write(json.dumps(article(rng, n), ensure_ascii=False) + "\n")
    size_mb = source.stat().st_size / 1e6

    started, cpu_started = time.perf_counter(), time.process_time()
    out = StringIO()
    call_command(
        "import_articles",
        str(source),
        "--site",
        "bench.localhost",
        "--column",
        "news",
        "--publish",
        stdout=out,
        stderr=StringIO(),
    )
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    imported = ArticlePage.objects.count()

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}"
    )
    print(f"database: SQLite (WAL) at {WORKDIR}")
    print(f"file: {count} articles, {size_mb:.1f} MB; {out.getvalue().strip()}")
    print(
        f"import: {imported} articles in {elapsed:.2f} s wall = "
        f"{imported / elapsed:.0f} articles/s ({cpu:.2f} s CPU = "
        f"{imported / cpu:.0f} articles/s; target >= {TARGET_PER_SECOND}/s)"
    )
    verdict = {True: "PASS", False: "FAIL"}
    print(
        f"wall time: {verdict[imported / elapsed >= TARGET_PER_SECOND]}, "
        f"CPU time: {verdict[imported / cpu >= TARGET_PER_SECOND]}"
    )


if __name__ == "__main__":
    main()
