"""Background work: the availability probes on a schedule (django-tasks)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .probes import probe, probe_targets


@task()
def probe_all_sites(reschedule=False):
    """Probe every site once; with `reschedule`, enqueue the next round after
    MONITORING_PROBE_INTERVAL_MINUTES so the probes keep running."""
    stored = probe(probe_targets())
    # A backend that cannot defer (the immediate one used in tests) runs once.
    if (
        reschedule
        and probe_all_sites.get_backend().supports_defer
        and queued_round() is None
    ):
        next_run = timezone.now() + timedelta(
            minutes=settings.MONITORING_PROBE_INTERVAL_MINUTES
        )
        probe_all_sites.using(run_after=next_run).enqueue(reschedule=True)
    return len(stored)


def queued_round():
    """The id of the probe round waiting in the database queue, if any. There
    is one schedule: a round rerun after its worker died (`reclaim_tasks`),
    or a second `probe_sites --schedule`, must not start a second chain."""
    if not isinstance(probe_all_sites.get_backend(), DatabaseBackend):
        return None
    # Status, not .ready(): a round deferred to its time is not "ready" yet.
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=probe_all_sites.module_path
    )
    return waiting.values_list("id", flat=True).first()
