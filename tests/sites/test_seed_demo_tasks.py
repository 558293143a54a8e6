"""The demo seed rebuilds the search indexes once at the end, so the index
updates its saves queued are dropped instead of being redone one by one by
the task worker (`make run` uses the database task backend)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.delivery.tasks import render_pending
from search.tasks import index_pages_task
from sites.management.commands.seed_demo import drop_superseded_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_only_the_index_updates_queued_during_the_seed_are_dropped(database_tasks):
    before_seed = index_pages_task.enqueue([1])
    DBTaskResult.objects.filter(pk=before_seed.id).update(
        enqueued_at=timezone.now() - timedelta(hours=1)
    )
    started = timezone.now()
    index_pages_task.enqueue([2])
    index_pages_task.enqueue([3])
    render = render_pending.enqueue()

    assert drop_superseded_tasks(started) == 2
    remaining = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    # The static render still has to happen; an update queued before the
    # seed (by an editor, say) is not the seed's to drop.
    assert remaining == {before_seed.id, render.id}
