"""Background index upkeep (django-tasks; `manage.py db_worker` runs them).

When the search server does not answer, a task queues itself again after a
delay that doubles each attempt (GOVSEARCH_RETRY_DELAY, capped at
GOVSEARCH_RETRY_MAX_DELAY), up to GOVSEARCH_RETRY_ATTEMPTS attempts, so an
outage loses no update: the retried task indexes the pages as they are when
it runs. A backend that cannot defer (the immediate one of the tests) fails
the task instead."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from search import indexing
from search.engines import current_engine
from search.engines.base import EngineUnavailable

logger = logging.getLogger("govcluster.search")


def retry_delay(attempt):
    """Seconds to wait before attempt `attempt + 1`."""
    return min(
        settings.GOVSEARCH_RETRY_MAX_DELAY,
        settings.GOVSEARCH_RETRY_DELAY * 2 ** (attempt - 1),
    )


def retry_later(task_to_retry, attempt, error, **arguments):
    """Queue `task_to_retry` again after its delay, or re-raise `error` when
    the backend cannot defer or the attempts are used up."""
    if (
        not task_to_retry.get_backend().supports_defer
        or attempt >= settings.GOVSEARCH_RETRY_ATTEMPTS
    ):
        logger.error(
            "Search index update %s failed after %d attempts; run "
            "`manage.py update_index --public-only` once the server answers",
            task_to_retry.name,
            attempt,
        )
        raise error
    delay = retry_delay(attempt)
    task_to_retry.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
        attempt=attempt + 1, **arguments
    )
    logger.warning(
        "Search server unavailable (%s); %s retried in %s s (attempt %d)",
        error,
        task_to_retry.name,
        delay,
        attempt + 1,
    )
    return f"retry {attempt + 1} queued"


@task()
def index_pages_task(
    page_ids: list[int], attempt: int = 1, stale_document_ids: list[int] | None = None
):
    stale = stale_document_ids or []
    try:
        indexing.index_pages(page_ids, stale)
    except EngineUnavailable as err:
        # Documents the server may have taken before it failed (see store()).
        stale = [*stale, *getattr(err, "document_ids", [])]
        return retry_later(
            index_pages_task, attempt, err, page_ids=page_ids, stale_document_ids=stale
        )
    return None


@task()
def index_subtree_task(page_id: int, attempt: int = 1):
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return None
    page_ids = indexing.subtree_page_ids(page)
    try:
        indexing.index_pages(page_ids)
    except EngineUnavailable as err:
        stale = getattr(err, "document_ids", [])
        # The subtree as it is now goes on as one page list.
        return retry_later(
            index_pages_task, attempt, err, page_ids=page_ids, stale_document_ids=stale
        )
    return None


@task()
def remove_documents_task(document_ids: list[int], attempt: int = 1):
    try:
        current_engine().remove(document_ids)
    except EngineUnavailable as err:
        return retry_later(
            remove_documents_task, attempt, err, document_ids=document_ids
        )
    return None


@task()
def index_admin_pages_task(page_ids: list[int], only_backends_keeping_filters: bool):
    """Wagtail's own search index (the admin's) for many pages at once:
    indexing.index_admin_pages_in_bulk."""
    return indexing.index_admin_pages_in_bulk(
        page_ids, only_backends_keeping_filters=only_backends_keeping_filters
    )
