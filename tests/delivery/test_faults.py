"""Faults while publishing leave nothing half-published and lose no work.

In-process: a publish that dies inside its transaction changes nothing, and a
render that dies mid-write keeps the old file and the work. On the production
path: a gunicorn worker (2 workers) SIGKILLed in the middle of an admin publish
request, and the task worker (db_worker) SIGKILLed in the middle of a render
and restarted as its systemd unit does (its task does not stay RUNNING).
The load run is bench/delivery_load_faults.py."""

import os
import shlex
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import httpx
import pytest
from django.conf import settings
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult
from wagtail.signals import page_published

from cms.delivery import publisher
from cms.delivery.affected import paths_for_page, paths_for_site
from cms.delivery.local_nginx import free_port, wait_for_port
from cms.delivery.models import StaticRenderRequest
from cms.delivery.publisher import (
    StaticRenderer,
    drain_pending,
    file_for,
    is_dynamic_path,
    request_renders,
    schedule_render_task,
)
from cms.delivery.tasks import render_pending
from tests.factories import PASSWORD, UserFactory, add_article, column

pytestmark = pytest.mark.django_db


class Killed(Exception):
    """Stands in for SIGKILL of the publishing process."""


def start_task_worker(server_env):
    """db_worker started with the shipped systemd unit's ExecStart."""
    return subprocess.Popen(  # noqa: S603 - fixed binary and arguments
        [sys.executable, "manage.py", *unit_command("ExecStart"), "--no-startup-delay"],
        cwd=settings.BASE_DIR,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_publish_that_dies_in_its_transaction_changes_nothing(
    publish_root, two_sites, django_capture_on_commit_callbacks
):
    city, _town = two_sites
    with django_capture_on_commit_callbacks(execute=True):
        article = add_article(column(city, "news"), "原标题", slug="original")
    before = file_for("city.localhost", "/news/original/").read_bytes()

    def die(**kwargs):
        raise Killed

    page_published.connect(die, dispatch_uid="test_die")
    try:
        article.title = "未发布成功的标题"
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(Killed),
            transaction.atomic(),
        ):
            article.save_revision().publish()
    finally:
        page_published.disconnect(dispatch_uid="test_die")
    assert callbacks == []
    assert not StaticRenderRequest.objects.exists()
    assert file_for("city.localhost", "/news/original/").read_bytes() == before
    article.refresh_from_db()
    assert article.title == "原标题"


def test_a_render_that_dies_mid_write_keeps_the_old_file_and_the_work(
    publish_root, two_sites, django_capture_on_commit_callbacks
):
    city, _town = two_sites
    with django_capture_on_commit_callbacks(execute=True):
        article = add_article(column(city, "news"), "第一版", slug="story")
    target = file_for("city.localhost", "/news/story/")
    before = target.read_bytes()
    article.title = "第二版"
    article.save_revision().publish()  # queued; the task has not run
    with mock.patch.object(publisher.os, "replace", side_effect=Killed):
        drain_pending()
    assert target.read_bytes() == before
    assert not list(target.parent.glob(".tmp-*"))
    assert StaticRenderRequest.objects.filter(path="/news/story/").exists()
    drain_pending()  # the restarted worker
    assert "第二版" in target.read_text(encoding="utf-8")
    assert not StaticRenderRequest.objects.exists()


# --- The production path: gunicorn and db_worker as separate processes -------

BIN = Path(sys.executable).parent
WORKER_UNIT = settings.BASE_DIR / "deploy" / "systemd" / "govcluster-worker.service"
server_test = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def server_env(publish_root):
    """Environment of the processes the test starts: the test database, the
    test's publish root, tasks stored in the database (see server_settings)."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "gunicorn and db_worker are separate processes and cannot open an "
            "in-memory SQLite test database; run with DATABASE_URL=postgres://..."
        )
    publish_root.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.delivery.server_settings",
        "GOVCLUSTER_TEST_DATABASE": str(connection.settings_dict["NAME"]),
        "STATIC_PUBLISH_ROOT": str(publish_root),
        "PYTHONPATH": str(settings.BASE_DIR),
    }


@pytest.fixture
def tasks_in_database(settings):
    """This process queues tasks in the database too, for db_worker to run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def manage(env, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def children_of(pid):
    """Pids of the live processes whose parent is `pid` (gunicorn's workers)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def wait_until(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message)
        time.sleep(0.02)


def affected_pairs(page):
    return {pair for pair in paths_for_page(page) if not is_dynamic_path(pair[1])}


def assert_files_match_database(pairs, publish_root):
    """Every file in place, each exactly what Django serves from the database
    now (and none for a path Django must answer itself, like a form), no
    render left waiting and no temporary file left behind."""
    renderer = StaticRenderer()
    for hostname, path in sorted(pairs):
        target = file_for(hostname, path)
        if is_dynamic_path(path):
            assert not target.exists(), (hostname, path)
            continue
        response, content = renderer.fetch(hostname, path)
        if renderer.is_shareable(response):
            assert target.read_bytes() == content, (hostname, path)
        else:
            assert not target.exists(), (hostname, path)
    assert not StaticRenderRequest.objects.exists()
    assert not list(Path(publish_root).rglob(".tmp-*"))


@pytest.fixture
def gunicorn(server_env, tmp_path, request):
    """gunicorn with 2 workers serving the app; the first publish stalls at
    the point the test names (tests/delivery/gunicorn_stall.py)."""
    port = free_port()
    stall_file = tmp_path / "stalled-worker.pid"
    process = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
        [
            str(BIN / "gunicorn"),
            "cms.wsgi:application",
            "--config",
            str(Path(__file__).with_name("gunicorn_stall.py")),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
            "--log-level",
            "critical",
        ],
        cwd=settings.BASE_DIR,
        env={
            **server_env,
            "GOVCLUSTER_STALL_AT": request.param,
            "GOVCLUSTER_STALL_FILE": str(stall_file),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for_port(port, timeout=60), "gunicorn did not start"
        wait_until(
            lambda: len(children_of(process.pid)) == 2, 60, "gunicorn has no workers"
        )
        yield process, port, stall_file, request.param
    finally:
        stop(process)


@contextmanager
def admin_client(port, user):
    """An HTTP client logged in to the admin through its login form."""
    with httpx.Client(
        base_url=f"http://127.0.0.1:{port}",
        headers={"Host": "city.localhost"},
        timeout=60,
    ) as client:
        client.get("/admin/login/")
        response = client.post(
            "/admin/login/",
            data={
                "username": user.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": client.cookies["csrftoken"],
                "next": "/admin/",
            },
        )
        assert response.status_code == 302, response.text[:500]
        yield client


def publish_through_admin(client, page):
    """The admin's publish action (bulk action on one page): publishes the
    page's latest revision in one transaction."""
    return client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/",
        data={"csrfmiddlewaretoken": client.cookies["csrftoken"]},
    )


@server_test
@pytest.mark.parametrize("gunicorn", ["transaction", "commit"], indirect=True)
def test_a_gunicorn_worker_killed_mid_publish_leaves_no_half_published_page(
    two_sites, publish_root, server_env, gunicorn
):
    process, port, stall_file, stall_at = gunicorn
    city, _town = two_sites
    editor = UserFactory(username="chief-editor", is_superuser=True, is_staff=True)
    article = add_article(column(city, "news"), "原标题", slug="notice")
    drain_pending()  # the site as published before the fault
    before = {pair: file_for(*pair).read_bytes() for pair in affected_pairs(article)}
    article.refresh_from_db()
    live_before = article.live_revision_id
    article.title = "修改后的标题"
    draft = article.save_revision(user=editor)

    with admin_client(port, editor) as client, ThreadPoolExecutor(1) as pool:
        in_flight = pool.submit(publish_through_admin, client, article)
        wait_until(
            lambda: stall_file.exists() and stall_file.read_text(), 30, "no stall"
        )
        worker = int(stall_file.read_text())
        assert worker in children_of(process.pid)
        os.kill(worker, signal.SIGKILL)
        with pytest.raises(httpx.TransportError):
            in_flight.result(timeout=30)  # the editor sees the request fail

        # gunicorn's master replaces the worker and the site keeps answering.
        wait_until(
            lambda: (
                (workers := children_of(process.pid))
                and len(workers) == 2
                and worker not in workers
            ),
            30,
            "gunicorn did not respawn the killed worker",
        )
        assert process.poll() is None
        for _request in range(4):
            assert client.get("/healthz").status_code == 200
            assert client.get("/news/").status_code == 200

        article.refresh_from_db()
        draft.refresh_from_db()  # no revision lost either way
        if stall_at == "transaction":
            # Killed inside the transaction: nothing of the publish remains.
            assert article.live_revision_id == live_before
            assert article.title == "原标题"
            assert article.has_unpublished_changes
            assert not StaticRenderRequest.objects.exists()
            assert not DBTaskResult.objects.exists()
            # The editor publishes again.
            assert publish_through_admin(client, article).status_code == 302
            article.refresh_from_db()
        assert article.live_revision_id == draft.pk
        assert article.title == "修改后的标题"

    # Published: every affected path waits for the task worker, and readers
    # still get the old, whole files until it runs.
    pending = set(StaticRenderRequest.objects.values_list("hostname", "path"))
    assert pending == affected_pairs(article)
    queued = DBTaskResult.objects.ready().filter(task_path=render_pending.module_path)
    assert queued.count() == 1
    assert {pair: file_for(*pair).read_bytes() for pair in before} == before

    manage(server_env, "db_worker", "--batch", "--no-startup-delay")
    assert_files_match_database(affected_pairs(article), publish_root)
    assert "修改后的标题" in file_for("city.localhost", "/news/notice/").read_text(
        encoding="utf-8"
    )


def unit_commands(name):
    """The manage.py arguments of each line (ExecStart, ExecStartPre) of the
    shipped systemd unit of the task worker, in order."""
    commands = []
    for line in WORKER_UNIT.read_text().splitlines():
        if line.startswith(f"{name}="):
            words = shlex.split(line.removeprefix(f"{name}="))
            commands.append(words[words.index("manage.py") + 1 :])
    assert commands, f"{WORKER_UNIT.name} has no {name}"
    return commands


def unit_command(name):
    (command,) = unit_commands(name)
    return command


@server_test
def test_the_task_worker_killed_mid_render_finishes_the_work_after_restart(
    two_sites, publish_root, server_env, tasks_in_database
):
    city, _town = two_sites
    news = column(city, "news")
    for number in range(60):
        add_article(news, f"第{number}号通知", slug=f"notice-{number}")
    with transaction.atomic():
        queued = request_renders(paths_for_site(city.site))
        schedule_render_task()
    assert queued > 60

    worker = start_task_worker(server_env)
    try:
        wait_until(
            lambda: StaticRenderRequest.objects.count() < queued,
            60,
            "the task worker rendered nothing",
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        stop(worker)
    left = StaticRenderRequest.objects.count()
    assert 0 < left < queued, "the worker was not killed in the middle of the site"
    for page in Path(publish_root).rglob("*.html"):
        assert page.read_bytes().rstrip().endswith(b"</html>"), page
    (orphan,) = DBTaskResult.objects.running()  # the killed worker's task

    # Restarted as systemd does: each ExecStartPre, then ExecStart.
    for command in unit_commands("ExecStartPre"):
        manage(server_env, *command)
    assert_files_match_database(paths_for_site(city.site), publish_root)
    orphan.refresh_from_db()
    assert orphan.status == "FAILED"
    assert orphan.exception_class_path == "cms.delivery.workers.WorkerLost"
    assert not DBTaskResult.objects.running().exists()
    # Queued again (it is safe to run twice); it finds nothing left to render.
    assert DBTaskResult.objects.ready().filter(task_path=orphan.task_path).exists()
    worker = start_task_worker(server_env)
    try:
        late = add_article(news, "重启后发布的通知", slug="after-restart")
        target = file_for("city.localhost", "/news/after-restart/")
        wait_until(target.exists, 60, "the restarted worker rendered nothing")
        wait_until(
            lambda: not StaticRenderRequest.objects.exists(),
            60,
            "the restarted worker left work behind",
        )
        wait_until(
            lambda: (
                not DBTaskResult.objects.exclude(status="FAILED")
                .exclude(status="SUCCESSFUL")
                .exists()
            ),
            60,
            "the restarted worker left a task unfinished",
        )
    finally:
        stop(worker)
    assert_files_match_database(affected_pairs(late), publish_root)
    assert list(DBTaskResult.objects.failed()) == [orphan]
