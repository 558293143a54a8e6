"""Benchmark: legacy import, including the work it queues (target: at least
500 articles a second end to end).

Builds a fresh database, provisions one site, renders it once (the work its
provisioning queued), then imports ARTICLES generated articles with
`import_articles --publish` and runs the tasks the import queued to completion
the way `db_worker` does (`db_worker --batch`): the static render of every
affected path (the articles, the column's listing pages, the home page,
sitemap and feed), the public search index and Wagtail's index. Figures: the
import alone, and the import with its queued work, in articles per second of
wall-clock time, with the CPU seconds of this process (the database server's
own CPU is not counted on PostgreSQL) and the load average.

Run: .venv/bin/python -m bench.import_articles [--articles N]
         [--database sqlite|postgres://USER@HOST:PORT/NAME] [--keep]
`--database sqlite` (the default) uses a new SQLite file in a temporary
directory; a PostgreSQL URL names a database this run creates (dropping one of
that name first) and drops at the end, so give each concurrent run its own
name (the default name ends in this process's id)."""

import argparse
import json
import os
import random
import shutil
import tempfile
import time
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from unittest import mock
from urllib.parse import urlsplit

from bench import Clock, machine, print_result

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


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles", type=int, default=3000, help="articles to import (3000)"
    )
    parser.add_argument(
        "--database",
        default="sqlite",
        help="'sqlite' (a new file in a temporary directory, the default) or "
        "a PostgreSQL URL whose database this run creates and drops; default "
        "name on PostgreSQL: bench_import_<pid>",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and the files"
    )
    return parser.parse_args()


class Scratch:
    """The run's own database and directories, removed at the end."""

    def __init__(self, database, keep):
        self.keep = keep
        self.workdir = Path(tempfile.mkdtemp(prefix="govcluster-bench-import-"))
        self.postgres = None
        if database == "sqlite":
            self.url = f"sqlite:///{self.workdir / 'bench.sqlite3'}"
        elif database.startswith(("postgres://", "postgresql://")):
            parts = urlsplit(database)
            name = parts.path.lstrip("/") or f"bench_import_{os.getpid()}"
            self.postgres = (parts._replace(path="/postgres").geturl(), name)
            self.url = parts._replace(path=f"/{name}").geturl()
            self._postgres(
                f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'
            )
        else:
            raise SystemExit("--database: 'sqlite' or a postgres:// URL")

    def _postgres(self, *statements):
        import psycopg

        with psycopg.connect(self.postgres[0], autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def close(self):
        if self.keep:
            print(f"kept: {self.url}, files in {self.workdir}")
            return
        if self.postgres:
            from django.db import connections

            connections.close_all()
            self._postgres(f'DROP DATABASE IF EXISTS "{self.postgres[1]}"')
        shutil.rmtree(self.workdir, ignore_errors=True)


def run_worker():
    """Run every queued task to completion, as `db_worker --batch` does."""
    from django.core.management import call_command

    call_command(
        "db_worker",
        "--batch",
        "--interval",
        "0",
        "--no-startup-delay",
        verbosity=0,  # failed tasks are counted in the figures
        stdout=StringIO(),
        stderr=StringIO(),
    )


@contextmanager
def timed_renders():
    """The CPU seconds (`.cpu`) this process spends in static render tasks,
    which run here (db_worker --batch runs its tasks in its own process)."""
    from cms.delivery import tasks

    spent = SimpleNamespace(cpu=0.0)
    drain = tasks.drain_pending

    def timed_drain(*args, **kwargs):
        started = time.process_time()
        try:
            return drain(*args, **kwargs)
        finally:
            spent.cpu += time.process_time() - started

    with mock.patch.object(tasks, "drain_pending", timed_drain):
        yield spent


def task_seconds(results):
    """{task path: wall seconds its runs took}, to see where the time went."""
    seconds = {}
    for result in results:
        if result.started_at and result.finished_at:
            took = (result.finished_at - result.started_at).total_seconds()
            seconds[result.task_path] = seconds.get(result.task_path, 0) + took
    return seconds


def main():
    options = parse_arguments()
    scratch = Scratch(options.database, options.keep)
    os.environ["DATABASE_URL"] = scratch.url
    os.environ["STATIC_PUBLISH_ROOT"] = str(scratch.workdir / "published")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # query logging would distort the figures
    try:
        measure(options.articles, scratch)
    finally:
        scratch.close()


def measure(count, scratch):
    from django.core.management import call_command
    from django.db import connection
    from django_tasks_db.models import DBTaskResult
    from wagtail.models import Revision

    from cms.delivery.tasks import render_pending
    from cms.pages.models import ArticlePage
    from search.models import SearchDocument
    from sites.models import SiteLevel
    from sites.provisioning import SiteRequest, provision_site

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
    run_worker()  # the site as provisioning left it, rendered and indexed
    DBTaskResult.objects.all().delete()
    rng = random.Random(20261121)
    source = scratch.workdir / "articles.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for n in range(count):
            handle.write(json.dumps(article(rng, n), ensure_ascii=False) + "\n")
    size_mb = source.stat().st_size / 1e6
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}; file: {count} articles, {size_mb:.1f} MB")

    out = StringIO()
    with Clock() as importing:
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
    queued = DBTaskResult.objects.count()
    with Clock() as working, timed_renders() as rendering:
        run_worker()
    imported = ArticlePage.objects.live().count()
    tasks = DBTaskResult.objects.values_list("task_path", "status", "return_value")
    failed = [path for path, status, _value in tasks if status != "SUCCESSFUL"]
    render_files = sum(
        (value or {}).get("written", 0)
        for path, _status, value in tasks
        if path == render_pending.module_path
    )
    for path, seconds in task_seconds(DBTaskResult.objects.all()).items():
        print(f"  {path}: {seconds:.2f} s wall")
    print(
        f"  static renders: {render_files} files in {rendering.cpu:.2f} s CPU, "
        f"{render_files / max(rendering.cpu, 1e-9):.0f} files per CPU-second"
    )
    article_ids = ArticlePage.objects.values_list("pk", flat=True)
    indexed = SearchDocument.objects.filter(page_id__in=article_ids).count()
    found = ArticlePage.objects.live().search("县政府工作动态").count()
    print(out.getvalue().strip())
    print(
        f"import: {importing.wall:.2f} s wall, {importing.cpu:.2f} s CPU; "
        f"queued work ({queued} tasks): {working.wall:.2f} s wall, "
        f"{working.cpu:.2f} s CPU; {render_files} files rendered, {indexed} "
        f"articles in the public index, {found} found by Wagtail's search, "
        f"{Revision.objects.count()} revisions; failed tasks: {failed or 'none'}"
    )
    wall = importing.wall + working.wall
    cpu = importing.cpu + working.cpu
    print_result(
        articles=imported,
        database=connection.vendor,
        import_per_s=imported / importing.wall,
        with_queued_work_per_s=imported / wall,
        with_queued_work_per_cpu_s=imported / cpu,
        target_per_s=TARGET_PER_SECOND,
        wall_seconds=wall,
        cpu_seconds=cpu,
        import_cpu_seconds=importing.cpu,
        queued_work_cpu_seconds=working.cpu,
        render_files=render_files,
        render_cpu_seconds=rendering.cpu,
        rendered_per_cpu_s=render_files / max(rendering.cpu, 1e-9),
        indexed=indexed,
        wagtail_indexed=found,
        failed_tasks=len(failed),
    )


if __name__ == "__main__":
    main()
