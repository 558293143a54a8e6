"""Load and faults, through the production path (nginx + static files,
gunicorn with 2 workers, db_worker):

1. saturation for --seconds (default 300) with wrk, while an editor publishes
   a new revision every few seconds: zero 5xx, no revision lost, the last
   revision is what nginx serves at the end;
2. a process killed with SIGKILL in the middle of a publish: nothing
   half-published, the retried publish completes (tests/delivery/test_faults.py
   kills the real gunicorn worker handling an admin publish request);
3. the task worker killed with SIGKILL in the middle of a site-wide render:
   every file on disk is complete, and after restart (publish_static
   --pending, as the systemd unit's ExecStartPre does) the work completes.

    .venv/bin/python bench/delivery_load_faults.py [--seconds 300] [--skip-prepare]
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.delivery_env import (  # noqa: E402
    BASE_DIR,
    MACHINE,
    PYTHON,
    db_worker,
    environment,
    gunicorn,
    manage,
    prepare_cluster,
    setup_django,
)

HOST = "yunling.localhost"
SCRIPT = Path(__file__).with_name("delivery_load.lua")


def incomplete_files(root):
    """Published HTML files (what nginx serves) that are not whole documents."""
    return [
        path
        for path in Path(root).rglob("*.html")
        if not path.name.startswith(".")
        and not path.read_bytes().rstrip().endswith(b"</html>")
    ]


def temporaries(root):
    """Temporary files of a killed writer (never served; removed on restart)."""
    return list(Path(root).rglob(".tmp-*"))


def wait_idle(timeout=600):
    from cms.delivery.models import StaticRenderRequest

    deadline = time.monotonic() + timeout
    while StaticRenderRequest.objects.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def editor_publishing(article, stop, published):
    """Publish a new revision of `article` every 3 s until `stop` is set."""
    from django.db import close_old_connections

    number = 0
    while not stop.wait(3):
        number += 1
        article.title = f"负载期间第{number}次修订的通知"
        revision = article.save_revision()
        revision.publish()
        published.append((revision.pk, article.title))
    close_old_connections()


def phase_load(options, env, front_url):
    from cms.pages.models import ArticlePage

    article = ArticlePage.objects.get(slug="bench-4")
    revisions_before = article.revisions.count()
    stop, published = threading.Event(), []
    editor = threading.Thread(target=editor_publishing, args=(article, stop, published))
    editor.start()
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{options.connections}",
            f"-d{options.seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(SCRIPT),
            "-H",
            f"Host: {HOST}",
            front_url + "/",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=options.seconds + 120,
    ).stdout
    stop.set()
    editor.join()
    server_errors = int(re.search(r"5xx responses: (\d+)", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    socket_errors = re.search(r"Socket errors:.*", output)
    caught_up = wait_idle()
    article.refresh_from_db()
    revisions_after = article.revisions.count()
    import httpx

    served = httpx.get(
        front_url + article.url.split(HOST, 1)[-1], headers={"Host": HOST}
    )
    time.sleep(1.1)  # nginx's open_file_cache_valid
    served = httpx.get(front_url + "/news/bench-4/", headers={"Host": HOST})
    last_title = published[-1][1] if published else None
    print(
        f"1. saturation {options.seconds} s, wrk -t2 -c{options.connections}: "
        f"{total} requests, {rate:.0f} req/s, 5xx: {server_errors}"
        + (f", {socket_errors.group(0)}" if socket_errors else "")
    )
    print(
        f"   publishes during load: {len(published)}; revisions {revisions_before} -> "
        f"{revisions_after} (lost: {len(published) - (revisions_after - revisions_before)}); "
        f"live revision is the last one: {article.live_revision_id == published[-1][0] if published else 'n/a'}; "
        f"nginx serves the last title: {last_title in served.text if last_title else 'n/a'}; "
        f"render queue drained: {caught_up}"
    )
    return server_errors == 0


KILLED_PUBLISH = """
import os, time
from wagtail.signals import page_published
from cms.pages.models import ArticlePage
def stall(**kwargs):
    print("inside-transaction", flush=True)
    time.sleep(60)
page_published.connect(stall)
article = ArticlePage.objects.get(slug="bench-7")
article.title = "被中断的发布"
article.save_revision().publish()
"""


def phase_killed_publish(env):
    from cms.delivery.models import StaticRenderRequest
    from cms.delivery.publisher import file_for
    from cms.pages.models import ArticlePage

    before = file_for(HOST, "/news/bench-7/").read_bytes()
    process = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c", KILLED_PUBLISH],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    process.stdout.readline()  # the publish transaction is open now
    process.send_signal(signal.SIGKILL)
    process.wait()
    article = ArticlePage.objects.get(slug="bench-7")
    unchanged = (
        article.title != "被中断的发布"
        and file_for(HOST, "/news/bench-7/").read_bytes() == before
        and not StaticRenderRequest.objects.filter(path="/news/bench-7/").exists()
    )
    article.title = "被中断后重新发布"
    article.save_revision().publish()
    completed = wait_idle()
    time.sleep(0.2)
    retried = "被中断后重新发布" in file_for(HOST, "/news/bench-7/").read_text(
        encoding="utf-8"
    )
    print(
        f"2. publishing process killed inside its transaction: nothing half-published: "
        f"{unchanged}; retried publish rendered: {completed and retried}"
    )
    return unchanged and retried


def phase_killed_worker(env, worker):
    from django.db import transaction
    from wagtail.models import Site

    from cms.delivery.affected import paths_for_site
    from cms.delivery.models import StaticRenderRequest
    from cms.delivery.publisher import (
        publish_root,
        request_renders,
        schedule_render_task,
    )

    site = Site.objects.get(hostname=HOST)
    with transaction.atomic():
        queued = request_renders(paths_for_site(site))
        schedule_render_task()
    # Kill the worker once it is part-way through the site.
    deadline = time.monotonic() + 120
    while (
        StaticRenderRequest.objects.count() > queued * 0.6
        and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    left = StaticRenderRequest.objects.count()
    broken = incomplete_files(publish_root())
    left_temporaries = len(temporaries(publish_root()))
    restart = manage("publish_static", "--pending", env=env)
    remaining = StaticRenderRequest.objects.count()
    after = len(temporaries(publish_root()))
    print(
        f"3. task worker killed after {queued - left} of {queued} renders: incomplete files "
        f"on disk: {len(broken)} (temporaries: {left_temporaries}); after restart "
        f"(publish_static --pending): {restart.stdout.strip()} pending left: "
        f"{remaining}, temporaries left: {after}"
    )
    return not broken and remaining == 0 and after == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--skip-prepare", action="store_true")
    options = parser.parse_args()
    if not options.skip_prepare:
        prepare_cluster()
    setup_django()
    from cms.delivery.local_nginx import LocalNginx

    env = environment()
    print(
        f"Delivery load and faults — machine: {MACHINE}; gunicorn 2 workers, nginx 2 "
        f"workers, db_worker; load average at start {os.getloadavg()[0]:.1f}"
    )
    with (
        gunicorn(workers=2, env=env) as (_gunicorn, app_port),
        LocalNginx(
            env["STATIC_PUBLISH_ROOT"],
            f"127.0.0.1:{app_port}",
            workers=2,
            static_root=env["STATIC_ROOT"],
            media_root=env["MEDIA_ROOT"],
        ) as front,
    ):
        with db_worker(env=env, interval="0.5"):
            ok_load = phase_load(options, env, front.base_url)
            ok_publish = phase_killed_publish(env)
        with db_worker(env=env, interval="0.5") as worker:
            ok_worker = phase_killed_worker(env, worker)
    print(
        "all checks passed" if ok_load and ok_publish and ok_worker else "CHECKS FAILED"
    )
    return 0 if ok_load and ok_publish and ok_worker else 1


if __name__ == "__main__":
    sys.exit(main())
