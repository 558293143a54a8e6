"""Background work: ingesting the access logs on a schedule (django-tasks)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from visits.ingest import ingest


@task()
def ingest_access_logs_task(reschedule=False):
    """Ingest the configured access logs once; with `reschedule`, enqueue the
    next run after VISITS_INGEST_INTERVAL_MINUTES so the statistics keep up.
    Safe to run again after a lost worker: the ingest resumes where the last
    commit left it."""
    summary = ingest()
    if (
        reschedule
        and ingest_access_logs_task.get_backend().supports_defer
        and queued_run() is None
    ):
        next_run = timezone.now() + timedelta(
            minutes=settings.VISITS_INGEST_INTERVAL_MINUTES
        )
        ingest_access_logs_task.using(run_after=next_run).enqueue(reschedule=True)
    return summary.counted


def queued_run():
    """The id of the ingest run waiting in the database queue, if any: one
    schedule, however often `ingest_access_logs --schedule` is given."""
    if not isinstance(ingest_access_logs_task.get_backend(), DatabaseBackend):
        return None
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=ingest_access_logs_task.module_path
    )
    return waiting.values_list("id", flat=True).first()
