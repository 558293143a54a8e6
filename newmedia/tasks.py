"""Background work: reading the accounts' feeds on a schedule (django-tasks)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .feeds import feed_accounts, read_feeds


@task()
def fetch_new_media_feeds_task(reschedule=False):
    """Read every open account's feed once; with `reschedule`, enqueue the
    next run after NEW_MEDIA_FETCH_INTERVAL_MINUTES. Returns the number of
    new posts stored."""
    results = read_feeds(feed_accounts())
    if (
        reschedule
        and fetch_new_media_feeds_task.get_backend().supports_defer
        and queued_run() is None
    ):
        next_run = timezone.now() + timedelta(
            minutes=settings.NEW_MEDIA_FETCH_INTERVAL_MINUTES
        )
        fetch_new_media_feeds_task.using(run_after=next_run).enqueue(reschedule=True)
    return sum(result.new_posts for result in results)


def queued_run():
    """The id of the feed run waiting in the database queue, if any: one
    schedule, however often `fetch_new_media_feeds --schedule` is given."""
    if not isinstance(fetch_new_media_feeds_task.get_backend(), DatabaseBackend):
        return None
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=fetch_new_media_feeds_task.module_path
    )
    return waiting.values_list("id", flat=True).first()
