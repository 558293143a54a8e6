"""A task left RUNNING by a task worker that died is given back by
`reclaim_tasks`: marked failed, and queued again when safe to run twice.
The dead workers here are real processes that have exited."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from cms.delivery.management.commands.db_worker import Command as WorkerCommand
from cms.delivery.tasks import render_pending
from cms.delivery.workers import process_start, worker_id
from monitoring.tasks import probe_all_sites
from search.tasks import index_pages_task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_in_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(scope="module")
def dead_worker():
    """The id a worker had while it ran, once its process has exited."""
    process = subprocess.Popen(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", "import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
    )
    identity = worker_id(process.pid)
    process.communicate()
    return identity


def claimed(task, worker, *args, **kwargs):
    """A task result as db_worker leaves it while running it."""
    row = task.enqueue(*args, **kwargs).db_result
    row.claim(worker)
    return row


def reclaim_tasks(*args):
    out = StringIO()
    call_command("reclaim_tasks", *args, stdout=out)
    return out.getvalue()


def test_a_task_of_a_dead_worker_fails_and_is_queued_again(dead_worker):
    row = claimed(index_pages_task, dead_worker, [1, 2, 3])
    output = reclaim_tasks()
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.exception_class_path == "cms.delivery.workers.WorkerLost"
    assert dead_worker in row.traceback
    again = DBTaskResult.objects.ready().get()
    assert again.task_path == index_pages_task.module_path
    assert again.args_kwargs == {"args": [[1, 2, 3]], "kwargs": {}}
    assert "完成：1 个任务标记为失败，其中 1 个重新排队" in output
    assert not DBTaskResult.objects.running().exists()


def test_the_render_task_keeps_its_priority_when_queued_again(dead_worker):
    claimed(render_pending, dead_worker)
    reclaim_tasks()
    assert DBTaskResult.objects.ready().get().priority == 50


def test_a_task_not_safe_to_run_twice_is_only_failed(dead_worker, settings):
    settings.TASKS_RERUN_AFTER_WORKER_LOSS = []
    row = claimed(probe_all_sites, dead_worker, reschedule=True)
    output = reclaim_tasks()
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert not DBTaskResult.objects.ready().exists()
    assert "完成：1 个任务标记为失败，其中 0 个重新排队" in output


def test_a_running_worker_keeps_its_task():
    row = claimed(index_pages_task, worker_id(), [1])  # this process: alive
    output = reclaim_tasks()
    row.refresh_from_db()
    assert row.status == "RUNNING"
    assert "1 个仍在执行" in output


def test_a_reused_pid_is_not_the_worker():
    """Same pid, another start time: the worker's process is gone."""
    pid = os.getpid()
    start = process_start(pid)
    if not start:
        pytest.skip("process start times need Linux /proc")
    stale = worker_id(pid).removesuffix(start) + str(int(start) - 1)
    row = claimed(index_pages_task, stale, [1])
    reclaim_tasks()
    row.refresh_from_db()
    assert row.status == "FAILED"


def test_workers_this_host_cannot_check_are_left_until_named(dead_worker):
    foreign = claimed(index_pages_task, "other-host:4242:123", [1])
    legacy = claimed(index_pages_task, "aB3xRandomIdOfAnOlderWorker0000", [2])
    output = reclaim_tasks()
    assert DBTaskResult.objects.running().count() == 2
    assert "other-host:4242:123" in output
    assert "aB3xRandomIdOfAnOlderWorker0000" in output
    assert "2 个无法判断" in output

    reclaim_tasks("--worker-gone", "aB3xRandomIdOfAnOlderWorker0000")
    legacy.refresh_from_db()
    foreign.refresh_from_db()
    assert legacy.status == "FAILED"
    assert foreign.status == "RUNNING"


def test_dry_run_changes_nothing(dead_worker):
    row = claimed(index_pages_task, dead_worker, [1])
    output = reclaim_tasks("--dry-run")
    row.refresh_from_db()
    assert row.status == "RUNNING"
    assert not DBTaskResult.objects.ready().exists()
    assert "试运行：将有 1 个任务标记为失败，其中 1 个重新排队" in output


def test_the_worker_is_named_by_its_process():
    """db_worker records this id on the tasks it claims (a real killed worker:
    tests/delivery/test_faults.py, on PostgreSQL)."""
    parser = WorkerCommand().create_parser("manage.py", "db_worker")
    assert parser.parse_args([]).worker_id == worker_id()
