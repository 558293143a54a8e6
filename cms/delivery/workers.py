"""Task workers that died holding a task, and giving their tasks back.

django-tasks-db records on each task result the ids of the workers that
claimed it (`worker_ids`), but nothing notices when a worker is killed
(SIGKILL, out of memory, power loss): its task stays RUNNING forever. Our
`db_worker` (cms/delivery/management/commands/db_worker.py) names each worker
by its process, `<host>:<pid>:<start>`, where `<start>` is the process's start
time in clock ticks since boot (Linux; empty elsewhere), so that on the same
host a worker is known to be gone exactly: no process with that pid, or one
that started at another time (the pid was reused). No heartbeat, no timeout.

`reclaim_tasks` marks the RUNNING tasks of gone workers as failed
(`WorkerLost`) and queues again those listed in `TASKS_RERUN_AFTER_WORKER_LOSS`.
"""

import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

MAX_WORKER_ID_LENGTH = 64  # what db_worker accepts for --worker-id


class WorkerLost(Exception):
    """Recorded as the error of a task whose worker died while running it."""


def host_name():
    return socket.gethostname()


def process_start(pid):
    """The start time of process `pid` in clock ticks since boot (field 22 of
    /proc/<pid>/stat); "" where /proc is not available, None when the process
    does not exist."""
    if not Path("/proc/self/stat").exists():
        return ""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces.
    return stat.rsplit(")", 1)[1].split()[19]


def worker_id(pid=None):
    """The id of the worker running as process `pid` (this one by default)."""
    pid = os.getpid() if pid is None else pid
    suffix = f":{pid}:{process_start(pid) or ''}"
    return host_name()[: MAX_WORKER_ID_LENGTH - len(suffix)] + suffix


def parse_worker_id(value):
    """(host, pid, start) of a worker id made by `worker_id`, else None (a
    worker started with its own --worker-id, or before ids named processes)."""
    host, _, rest = value.rpartition(":")
    host, _, pid = host.rpartition(":")
    if not host or not pid.isdigit() or not (rest == "" or rest.isdigit()):
        return None
    return host, int(pid), rest


def process_alive(pid, start):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, owned by another user
    return process_start(pid) == start


@dataclass
class Reclaim:
    """What `reclaim` found: RUNNING task results by what became of their worker."""

    failed: list = field(default_factory=list)  # worker gone: marked failed
    requeued: list = field(default_factory=list)  # ... and queued again
    alive: list = field(default_factory=list)  # worker still running
    unknown: dict = field(default_factory=dict)  # worker id -> rows not checkable


def worker_gone(worker, host, assumed_gone):
    """True, False, or None when this host cannot tell."""
    if worker in assumed_gone:
        return True
    parsed = parse_worker_id(worker)
    if parsed is None:
        return None
    worker_host, pid, start = parsed
    if worker_host != host[: MAX_WORKER_ID_LENGTH - len(f":{pid}:{start}")]:
        return None
    return not process_alive(pid, start)


def reclaim(assumed_gone=(), dry_run=False):
    """Fail the RUNNING task results whose worker is gone, and queue again
    the ones that are safe to run twice. `assumed_gone` names workers this
    host cannot check (another host's, or ids that name no process) that the
    caller knows are gone."""
    outcome = Reclaim()
    host = host_name()
    assumed_gone = set(assumed_gone)
    rerun = set(settings.TASKS_RERUN_AFTER_WORKER_LOSS)
    running = DBTaskResult.objects.running().order_by("started_at")
    for row in running:
        worker = row.worker_ids[-1] if row.worker_ids else ""
        gone = worker_gone(worker, host, assumed_gone)
        if gone is None:
            outcome.unknown.setdefault(worker, []).append(row)
            continue
        if not gone:
            outcome.alive.append(row)
            continue
        again = row.task_path in rerun
        if not dry_run and not _fail(row, worker, again):
            continue  # finished or reclaimed meanwhile
        outcome.failed.append(row)
        if again:
            outcome.requeued.append(row)
    return outcome


def _fail(row, worker, again):
    error = WorkerLost(
        f"worker {worker} exited while running this task"
        + ("; queued again" if again else "")
    )
    with transaction.atomic():
        # Only if still RUNNING as we read it: two reclaims never both act.
        changed = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{__name__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__qualname__}: {error}\n",
            return_value=None,
        )
        if changed and again:
            row.task.enqueue(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    return bool(changed)
