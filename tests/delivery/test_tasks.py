"""Publishing many pages queues one render task, not one per publish."""

import pytest
from django_tasks_db.models import DBTaskResult

from cms.delivery.publisher import schedule_render_task

pytestmark = pytest.mark.django_db


def test_one_waiting_render_task_serves_many_publishes(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            schedule_render_task()
    assert DBTaskResult.objects.ready().count() == 1
