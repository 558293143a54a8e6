"""Background work of the publishing area (django-tasks, run by db_worker)."""

import logging

from django_tasks import task
from modelsearch.index import get_search_backends_with_name

from cms.pages.models import ArticlePage

logger = logging.getLogger("govcluster.publishing")


@task()
def index_imported_pages_task(page_ids):
    """Add a batch of imported articles to the search index in one call per
    backend (the import inserts pages in bulk, without per-page signals)."""
    pages = list(ArticlePage.objects.filter(pk__in=page_ids))
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(ArticlePage, pages)
        except Exception:
            logger.exception("Indexing imported articles in %s failed", name)
