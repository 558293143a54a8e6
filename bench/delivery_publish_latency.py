"""Time from an editor's publish to the change being visible through nginx,
on the article itself and on the home page listing, with the task worker
(db_worker) running as in production. Target: under 5 s.

    .venv/bin/python bench/delivery_publish_latency.py [--runs 5] [--skip-prepare]
"""

import argparse
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
            started = time.monotonic()
            article.save_revision().publish()
            publish_call = time.monotonic() - started
            seen = visible_after(client, list(paths.values()), marker, started)
            for name, path in paths.items():
                results[name].append(seen.get(path, float("inf")))
            print(
                f"  run {run + 1} (publish call {publish_call:.2f} s): "
                + ", ".join(
                    f"{name} {seen.get(path, float('inf')):.2f} s"
                    for name, path in paths.items()
                )
            )
    print(
        f"Publish to visible through nginx — machine: {MACHINE}; db_worker --interval 0.5;"
        f" nginx open_file_cache_valid 1s; {options.runs} publishes"
    )
    for name, times in results.items():
        print(
            f"  {name}: median {statistics.median(times):.2f} s, max {max(times):.2f} s (target < 5 s)"
        )


if __name__ == "__main__":
    main()
