"""Benchmark: consolidating (关停上移) a site of 10,000 pages, end to end.

    .venv/bin/python -m bench.monitoring_consolidate [--pages 10000]
        [--database NAME] [--port PORT]

Timed from the consolidation's start until everything it leads to is done:
the redirects; every old URL answering 301 through the shipped nginx
configuration (a real nginx on `--port`, in front of gunicorn); the public
search and Wagtail's own (admin) search finding the moved pages under their
new site; and every task the consolidation queued (static renders of the
superior's changed pages and of the moved pages at their new addresses,
search and reference index upkeep), run in this process as `db_worker`
runs them. A sample of old URLs is polled while the clock runs; every old
URL is checked once the clock has stopped.

Production settings. The database is SQLite `/tmp/NAME.sqlite3` (fresh), or
NAME on the PostgreSQL server of DATABASE_URL when that is a postgres URL
(dropped and created again); published files go to bench/out/NAME/. The
Redis cache (REDIS_URL, default 127.0.0.1:6379) gets a key prefix of NAME.
Built with bulk inserts and not timed: the county portal and a township
with `--pages` pages (articles with bodies drawn from bench/corpus.py), both
indexed in both searches; the township's published files (its home page and
columns rendered, every article's file a copy of one rendered article: what
nginx serves does not depend on the words) and the county's, all rendered."""

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bench
from bench.delivery_env import BASE_DIR, GUNICORN, environment, free_port, wait_for

COUNTY = "county.bench.localhost"
TOWN = "town.bench.localhost"
TARGET_SECONDS = 60
SAMPLE = 200
# Give up waiting for old URLs or search after this long.
PATIENCE_SECONDS = 1800


def options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--pages", type=int, default=10_000, help="Pages of the closed site"
    )
    parser.add_argument(
        "--database",
        default=f"bench_consolidate_{os.getpid()}",
        help="Database name (SQLite file /tmp/NAME.sqlite3, or on the "
        "PostgreSQL server of DATABASE_URL); also names the output directory",
    )
    parser.add_argument(
        "--port", type=int, default=0, help="nginx's port (default: a free one)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the database and files afterwards"
    )
    return parser.parse_args()


def configure(args):
    """Production settings on this run's own database, files and cache."""
    out = BASE_DIR / "bench" / "out" / args.database
    shutil.rmtree(out, ignore_errors=True)
    (out / "published").mkdir(parents=True)
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        import psycopg

        server = database_url.rsplit("/", 1)[0]
        with psycopg.connect(
            server.replace("postgres://", "postgresql://", 1) + "/postgres",
            autocommit=True,
        ) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
            connection.execute(f'CREATE DATABASE "{args.database}"')
        database_url = f"{server}/{args.database}"
    else:
        sqlite = Path(f"/tmp/{args.database}.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
        database_url = f"sqlite:///{sqlite}"
    env = {
        **environment(),
        "DATABASE_URL": database_url,
        "CACHE_KEY_PREFIX": args.database,
        "STATIC_PUBLISH_ROOT": str(out / "published"),
        "STATIC_ROOT": str(out / "static"),
        "MEDIA_ROOT": str(out / "media"),
        "ACCESS_LOG_PATH": "",
    }
    os.environ.update(env)
    import django

    django.setup()
    return env, out


def build(pages):
    """The county portal and a township of `pages` pages, indexed and
    published (not timed)."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from wagtail.models import Page

    from bench.corpus import generate
    from bench.monitoring_cluster import add_subtree
    from cms.delivery.models import StaticRenderRequest
    from cms.delivery.publisher import StaticRenderer, file_for, site_paths
    from cms.pages.models import ArticlePage
    from search import indexing
    from sites.models import SiteLevel
    from sites.provisioning import SiteRequest, provision_site

    call_command("migrate", verbosity=0)
    if not (Path(os.environ["STATIC_ROOT"]) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()
    county = provision_site(
        SiteRequest("基准县人民政府", "基准县", COUNTY, "5120210001", SiteLevel.CITY)
    ).profile
    town = provision_site(
        SiteRequest(
            "基准镇人民政府",
            "基准镇",
            TOWN,
            "5120210011",
            SiteLevel.TOWNSHIP,
            superior=COUNTY,
        )
    ).profile
    home = Page.objects.get(pk=town.site.root_page_id)
    add_subtree(home, pages - 100, 90, random.Random(1), timezone.now(), False, "x-")
    articles = list(
        ArticlePage.objects.descendant_of(home).order_by("pk").values_list("pk")
    )
    bodies = generate(len(articles))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {ArticlePage._meta.db_table} SET body = %s WHERE page_ptr_id = %s",  # noqa: S608
            [
                (f"<p>{document['text']}</p>", pk)
                for (pk,), document in zip(articles, bodies, strict=True)
            ],
        )
    indexing.rebuild()
    indexing.index_admin_pages_in_bulk(
        list(Page.objects.filter(depth__gt=1).values_list("pk", flat=True))
    )
    StaticRenderRequest.objects.all().delete()
    renderer = StaticRenderer()
    for path in site_paths(county.site):
        renderer.render(COUNTY, path)
    article_file = None
    for path in site_paths(town.site):
        if path.count("/") <= 2 or not path.endswith("/"):
            renderer.render(TOWN, path)  # home, columns, sitemap, feed
        elif article_file is None:
            renderer.render(TOWN, path)
            article_file = file_for(TOWN, path)
        else:
            target = file_for(TOWN, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(article_file, target)
    return county, town


class ServingStack:
    """gunicorn with the production settings behind the shipped nginx."""

    def __init__(self, env, published, port):
        self.env, self.published, self.port = env, published, port

    def __enter__(self):
        from cms.delivery.local_nginx import LocalNginx

        upstream = free_port()
        self.gunicorn = subprocess.Popen(  # noqa: S603 - fixed arguments
            [GUNICORN, "cms.wsgi:application", "--bind", f"127.0.0.1:{upstream}"]
            + ["--workers", "2", "--log-level", "warning"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(upstream)
        self.nginx = LocalNginx(self.published, f"127.0.0.1:{upstream}")
        if self.port:
            self.nginx.port = self.port
        self.nginx.start()
        return self

    def __exit__(self, *exc):
        self.nginx.stop()
        self.gunicorn.terminate()
        self.gunicorn.wait(timeout=20)

    @property
    def base_url(self):
        return self.nginx.base_url


def statuses(base_url, host, paths, workers=8):
    """{path: (status, served from a published file)} through nginx."""
    import httpx

    def fetch(client, path):
        response = client.get(path)
        return path, (
            response.status_code,
            response.headers.get("X-GovCluster-Static") == "1",
        )

    with (
        httpx.Client(base_url=base_url, headers={"Host": host}) as client,
        ThreadPoolExecutor(workers) as pool,
    ):
        return dict(pool.map(lambda path: fetch(client, path), paths))


def run_queued_tasks():
    """Every ready task, run in this process exactly as db_worker runs them;
    returns {task path: [count, seconds, CPU seconds]}."""
    from django_tasks_db.management.commands.db_worker import Worker

    spent = defaultdict(lambda: [0, 0.0, 0.0])

    class TimedWorker(Worker):
        def run_task(self, db_task_result):
            started, cpu = time.monotonic(), time.process_time()
            super().run_task(db_task_result)
            figures = spent[db_task_result.task_path]
            figures[0] += 1
            figures[1] += time.monotonic() - started
            figures[2] += time.process_time() - cpu

    TimedWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench-consolidate",
        excluded_queue_names=[],
    ).run()
    return spent


def found_under(base_url, host, title, expected_prefix):
    """Whether the public search of `host` (through nginx) finds `title` at
    an address starting with `expected_prefix`."""
    import httpx

    response = httpx.get(
        f"{base_url}/api/search/",
        params={"q": title},
        headers={"Host": host},
        timeout=180,  # a loaded machine answers slowly
    )
    results = response.json().get("results", [])
    return any(
        result["title"] == title and result["url"].startswith(expected_prefix)
        for result in results
    )


def waited_too_long(started, what):
    if time.monotonic() - started > PATIENCE_SECONDS:
        raise SystemExit(f"gave up after {PATIENCE_SECONDS} s waiting for {what}")


def main():
    sys.stdout.reconfigure(line_buffering=True)
    args = options()
    env, out = configure(args)
    from django.db import connection
    from django_tasks_db.models import DBTaskResult
    from wagtail.models import Page

    from cms.delivery.models import StaticRenderRequest
    from sites.consolidation import consolidate, plan_consolidation

    county, town = build(args.pages)
    published = out / "published"
    old_files = sum(1 for entry in (published / TOWN).rglob("*") if entry.is_file())
    county_home = Page.objects.get(pk=county.site.root_page_id)
    print(
        f"{args.pages} pages on {TOWN} ({old_files} published files), "
        f"{connection.vendor}; machine: {bench.machine()}"
    )
    with ServingStack(env, published, args.port) as stack:
        plan = plan_consolidation(TOWN, COUNTY)
        old_paths = ["/"] + [old_path + "/" for _pk, _t, old_path in plan.pages]
        rng = random.Random(2)
        sample = list(
            dict.fromkeys(
                [old_paths[-1], *rng.sample(old_paths, min(SAMPLE, len(old_paths)))]
            )
        )
        before = statuses(stack.base_url, TOWN, sample[:20])
        assert all(status == (200, True) for status in before.values()), before
        probe_pk, probe_title, _old = plan.pages[-1]
        assert found_under(stack.base_url, TOWN, probe_title, f"http://{TOWN}/")
        DBTaskResult.objects.all().delete()

        with bench.Clock() as total:
            started = time.monotonic()
            with bench.Clock() as redirects:
                section = consolidate(plan)
            render_requests = StaticRenderRequest.objects.count()
            new_prefix = f"http://{COUNTY}/{section.slug}/"
            answered = {}
            while len(answered) < len(sample):
                waited_too_long(started, "old URLs to answer 301")
                waiting = [path for path in sample if path not in answered]
                for path, (status, _static) in statuses(
                    stack.base_url, TOWN, waiting
                ).items():
                    if status == 301:
                        answered[path] = time.monotonic()
            old_urls_seconds = max(answered.values()) - started
            tasks = defaultdict(lambda: [0, 0.0, 0.0])

            def run_tasks():
                for path, figures in run_queued_tasks().items():
                    for n, value in enumerate(figures):
                        tasks[path][n] += value

            searched_at = None
            while searched_at is None:
                waited_too_long(started, "search to find the moved pages")
                admin_found = (
                    Page.objects.live()
                    .descendant_of(county_home)
                    .search(probe_title)
                    .results()
                )
                if found_under(stack.base_url, COUNTY, probe_title, new_prefix) and any(
                    page.pk == probe_pk for page in admin_found
                ):
                    searched_at = time.monotonic()
                else:
                    # Search must find them without help: tasks are run
                    # here only if it does not (counted in the figures).
                    run_tasks()
            search_seconds = searched_at - started
            run_tasks()
            while DBTaskResult.objects.ready().exists():
                run_tasks()

        files_left = sum(
            1 for entry in (published / TOWN).rglob("*") if entry.is_file()
        )
        checked = statuses(stack.base_url, TOWN, old_paths)
        redirected = sum(status == 301 for status, _static in checked.values())
        moved_paths = [
            "/" + url_path.removeprefix(county_home.url_path)
            for url_path in Page.objects.descendant_of(section, inclusive=True)
            .live()
            .values_list("url_path", flat=True)
        ]
        served = statuses(
            stack.base_url,
            COUNTY,
            rng.sample(moved_paths, min(SAMPLE, len(moved_paths))),
        )
        failed = DBTaskResult.objects.filter(status="FAILED").count()

    render = [
        figures for path, figures in tasks.items() if path.startswith("cms.delivery")
    ]
    render_cpu = sum(cpu for _count, _seconds, cpu in render)
    render_files = sum(
        (value or {}).get("written", 0)
        for value in DBTaskResult.objects.filter(
            task_path="cms.delivery.tasks.render_pending"
        ).values_list("return_value", flat=True)
    )
    index = [
        figures
        for path, figures in tasks.items()
        if not path.startswith("cms.delivery")
    ]
    print(f"machine at the end: {bench.machine()}")
    for path, (count, seconds, cpu) in sorted(tasks.items()):
        print(f"  {path}: {count} task(s), {seconds:.1f} s, CPU {cpu:.1f} s")
    print(
        f"old URLs answering 301 through nginx: {redirected}/{len(old_paths)}; "
        f"moved pages served from published files: "
        f"{sum(static for _s, static in served.values())}/{len(served)}"
    )
    bench.print_result(
        pages=args.pages,
        database=connection.vendor,
        seconds=total.wall,
        cpu_seconds=total.cpu,
        target_seconds=TARGET_SECONDS,
        redirects_seconds=redirects.wall,
        old_urls_301_seconds=old_urls_seconds,
        search_found_seconds=search_seconds,
        render_seconds=sum(seconds for _count, seconds, _cpu in render),
        render_cpu_seconds=render_cpu,
        render_files=render_files,
        rendered_per_cpu_s=render_files / max(render_cpu, 1e-9),
        index_seconds=sum(seconds for _count, seconds, _cpu in index),
        index_cpu_seconds=sum(cpu for _count, _seconds, cpu in index),
        tasks=sum(figures[0] for figures in tasks.values()),
        failed_tasks=failed,
        render_requests=render_requests,
        files_removed=old_files - files_left,
        files_left=files_left,
        old_urls_301=redirected,
        old_urls=len(old_paths),
        last_old_url_status=checked[old_paths[-1]][0],
        moved_served_static=sum(static for _s, static in served.values()),
        moved_sampled=len(served),
    )
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
        drop_database(connection)


def drop_database(connection):
    if connection.vendor != "postgresql":
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
        return
    import psycopg

    name = connection.settings_dict["NAME"]
    connection.close()
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(
        server.replace("postgres://", "postgresql://", 1) + "/postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
