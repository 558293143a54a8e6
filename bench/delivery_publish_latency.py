"""Time from an editor's publish to the change being visible through nginx,
on the article itself and on the home page listing, with the task worker
(db_worker) running as in production. Target: under 5 s.

Each run also shows where the time went: the publish call, the wait of the
render task in the queue (db_worker's poll interval, a task in hand), the
moment the home page file was written, and nginx's open_file_cache_valid.

    .venv/bin/python bench/delivery_publish_latency.py [--runs 5] [--skip-prepare]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.delivery_env import (  # noqa: E402
    MACHINE,
    db_worker,
    environment,
    gunicorn,
    prepare_cluster,
    setup_django,
)

HOST = "yunling.localhost"


def wait_until_idle(timeout=300):
    from django_tasks_db.models import DBTaskResult

    from cms.delivery.models import StaticRenderRequest

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (
            not DBTaskResult.objects.ready().exists()
            and not StaticRenderRequest.objects.exists()
        ):
            return
        time.sleep(0.2)
    raise RuntimeError("the task worker did not catch up")


def breakdown(started_wall):
    """Seconds from the publish to the render task's start, and to the home
    page file's rename (its mtime)."""
    from django_tasks_db.models import DBTaskResult

    from cms.delivery.publisher import file_for
    from cms.delivery.tasks import render_pending

    task = (
        DBTaskResult.objects.filter(task_path=render_pending.module_path)
        .order_by("-enqueued_at")
        .first()
    )
    if task and task.started_at:
        task_start = f"{task.started_at.timestamp() - started_wall:.2f} s"
    else:
        task_start = "no (picked up by the task already running)"
    home_written = file_for(HOST, "/").stat().st_mtime - started_wall
    return task_start, home_written


def visible_after(client, paths, marker, started, timeout=30):
    seen = {}
    while len(seen) < len(paths) and time.monotonic() - started < timeout:
        for path in paths:
            if path not in seen and marker in client.get(path).text:
                seen[path] = time.monotonic() - started
        time.sleep(0.02)
    return seen


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-prepare", action="store_true")
    options = parser.parse_args()
    if not options.skip_prepare:
        prepare_cluster()
    setup_django()
    import httpx

    from cms.delivery.local_nginx import LocalNginx
    from cms.pages.models import ArticlePage

    env = environment()
    article = ArticlePage.objects.get(slug="bench-1")
    paths = {"article": article.url.replace("http://" + HOST, ""), "home page": "/"}
    results = {name: [] for name in paths}
    with (
        gunicorn(workers=2, env=env) as (_process, app_port),
        LocalNginx(
            env["STATIC_PUBLISH_ROOT"],
            f"127.0.0.1:{app_port}",
            workers=2,
            static_root=env["STATIC_ROOT"],
            media_root=env["MEDIA_ROOT"],
        ) as front,
        db_worker(env=env, interval="0.5"),
        httpx.Client(base_url=front.base_url, headers={"Host": HOST}) as client,
    ):
        # One publish first to warm this process and the worker (imports,
        # template compilation); reported separately, not in the figures.
        started = time.monotonic()
        article.save_revision().publish()
        wait_until_idle()
        print(f"  warm-up publish and render: {time.monotonic() - started:.2f} s")
        for run in range(options.runs):
            marker = f"时效测试{time.time_ns()}"
            article.title = f"关于开展政务服务专项行动的通知（{marker}）"
            article.published_at = article.published_at  # stays first in the listing
            started, started_wall = time.monotonic(), time.time()
            article.save_revision().publish()
            publish_call = time.monotonic() - started
            seen = visible_after(client, list(paths.values()), marker, started)
            task_start, home_written = breakdown(started_wall)
            for name, path in paths.items():
                results[name].append(seen.get(path, float("inf")))
            print(
                f"  run {run + 1}: publish call {publish_call:.2f} s, render task "
                f"started {task_start}, home page file written "
                f"{home_written:.2f} s; visible: "
                + ", ".join(
                    f"{name} {seen.get(path, float('inf')):.2f} s"
                    for name, path in paths.items()
                )
                + f" (load {os.getloadavg()[0]:.1f})"
            )
    print(
        f"Publish to visible through nginx — machine: {MACHINE}; db_worker --interval"
        f" 0.5; {options.runs} publishes; load average {os.getloadavg()[0]:.1f}"
    )
    for name, times in results.items():
        print(
            f"  {name}: median {statistics.median(times):.2f} s, max {max(times):.2f} s (target < 5 s)"
        )


if __name__ == "__main__":
    main()
