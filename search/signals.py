"""Publishing (one page, or imported pages in bulk), unpublishing, moving,
restricting or deleting a page queues the index update; it runs once the
change is committed."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.publishing.signals import pages_published_in_bulk as bulk_published
from search import fulltext, indexing
from search.models import SearchDocument
from search.service import SITE_LABELS_CACHE_KEY
from search.tasks import (
    index_admin_pages_task,
    index_pages_task,
    index_subtree_task,
    remove_documents_task,
)
from sites.consolidation import consolidating
from sites.models import SiteProfile
from sites.signals import site_consolidated

# Pages per index task queued for a bulk change.
BULK_TASK_PAGES = 500


def enqueue_on_commit(task, *args):
    transaction.on_commit(partial(task.enqueue, *args))


def page_changed(sender, instance, **kwargs):
    enqueue_on_commit(index_pages_task, [instance.pk])


def pages_published_in_bulk(sender, page_ids, **kwargs):
    enqueue_on_commit(index_pages_task, list(page_ids))


def page_moved(sender, instance, **kwargs):
    # A consolidation moves a whole site at once: site_moved_in() does it.
    if consolidating():
        return
    # Every page below moves too: their URLs (and perhaps site) change.
    enqueue_on_commit(index_subtree_task, instance.pk)


def site_moved_in(sender, source_site, target_site, section, moved_page_ids, **kw):
    """A closed site's pages moved into `section` of `target_site`: their
    public documents follow in bulk (indexing.relocate_pages); whatever that
    cannot do, and Wagtail's index on a search server (which keeps each
    page's path), is queued in tasks of BULK_TASK_PAGES pages."""
    left = indexing.relocate_pages(moved_page_ids, source_site, target_site, section)
    for start in range(0, len(left), BULK_TASK_PAGES):
        enqueue_on_commit(index_pages_task, left[start : start + BULK_TASK_PAGES])
    if any(
        indexing.keeps_filters_in_index(backend)
        for _name, backend in indexing.get_search_backends_with_name(
            with_auto_update=True
        )
    ):
        for start in range(0, len(moved_page_ids), BULK_TASK_PAGES):
            enqueue_on_commit(
                index_admin_pages_task,
                moved_page_ids[start : start + BULK_TASK_PAGES],
                True,
            )


def restriction_changed(sender, instance, **kwargs):
    enqueue_on_commit(index_subtree_task, instance.page_id)


def page_deleting(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        return
    # The documents go with the page (cascade); an external engine must be
    # told which ones.
    document_ids = list(
        SearchDocument.objects.filter(page_id=instance.pk).values_list("pk", flat=True)
    )
    if document_ids:
        enqueue_on_commit(remove_documents_task, document_ids)


def document_deleting(sender, instance, **kwargs):
    # A document deleted with its page or site must leave the database
    # engine's bitmaps in the same transaction (its words are still here).
    # The engine's own removals delete rows without this signal.
    from django.conf import settings

    if settings.GOVSEARCH_ENGINE == "database":
        fulltext.forget([instance])


def sites_changed(sender, **kwargs):
    from django.core.cache import cache

    cache.delete(SITE_LABELS_CACHE_KEY)


def connect():
    from wagtail.models import Site

    for model in (Site, SiteProfile):
        post_save.connect(
            sites_changed,
            sender=model,
            dispatch_uid=f"govsearch-{model.__name__}-saved",
        )
        post_delete.connect(
            sites_changed,
            sender=model,
            dispatch_uid=f"govsearch-{model.__name__}-deleted",
        )
    site_consolidated.connect(site_moved_in, dispatch_uid="govsearch-consolidated")
    page_published.connect(page_changed, dispatch_uid="govsearch-published")
    page_unpublished.connect(page_changed, dispatch_uid="govsearch-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="govsearch-moved")
    bulk_published.connect(
        pages_published_in_bulk, dispatch_uid="govsearch-bulk-published"
    )
    post_save.connect(
        restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="govsearch-restricted",
    )
    post_delete.connect(
        restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="govsearch-unrestricted",
    )
    pre_delete.connect(page_deleting, dispatch_uid="govsearch-deleting")
    pre_delete.connect(
        document_deleting,
        sender=SearchDocument,
        dispatch_uid="govsearch-document-deleting",
    )
