"""Turning pages into public search documents, and keeping them current.

A page is in the public index when it is live, public (no view restriction on
it or an ancestor), not expired and inside a site. What it contributes comes
from its own `search_fields` (text) and `search_facets()` (category, issuing
body, document number, date) — no list of models is kept here."""

import logging
from collections import defaultdict
from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.html import strip_tags
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from modelsearch.index import get_search_backends_with_name
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from cms.pages.models import PublishedContent
from search import doc_numbers, fulltext
from search.engines import current_engine
from search.engines.base import EngineUnavailable
from search.fulltext import SegmentedText
from search.models import SearchDocument
from search.segmentation import segment

logger = logging.getLogger("govcluster.search")

# Plain text kept per document for snippets; the full text is in the index.
STORED_TEXT_LENGTH = 3000


def facets_of(page):
    """The page's search facets: those of published content (its
    `search_facets()`), none for other pages; the date falls back to when the
    page was published."""
    facets = {"category": None, "body": None, "doc_number": None, "date": None}
    if isinstance(page, PublishedContent):
        facets.update(page.search_facets() or {})
    if not facets["date"]:
        facets["date"] = page.first_published_at or page.last_published_at
    return facets


def as_datetime(value):
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time(0, 0)))
    return None


def plain_text_parts(value):
    """The plain-text pieces of a search field's value. Rich text and stream
    fields give their searchable content as lists of strings (nested for
    structs and lists), so a list is never turned into text with str()."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [part for item in value for part in plain_text_parts(item)]
    text = strip_tags(str(value)).strip()
    return [text] if text else []


def body_text(page):
    """The page's searchable text other than its title, as plain text."""
    parts = []
    for field in page.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name in (
            "title",
            "doc_number",
        ):
            continue
        parts.extend(plain_text_parts(field.get_value(page)))
    return "\n".join(parts)


def is_searchable(page):
    if not page.live or page.expired or page.depth <= 2:
        return False
    if page.expire_at and page.expire_at <= timezone.now():
        return False
    return not page.get_view_restrictions().exists()


def build_document(page):
    """(unsaved SearchDocument, SegmentedText) for `page`, or None when the
    page must not be found."""
    page = page.specific
    if not is_searchable(page):
        return None
    site = page.get_site()
    if site is None:
        return None
    url = page.get_full_url()
    if not url:
        return None
    facets = facets_of(page)
    when = as_datetime(facets["date"])
    text = body_text(page)
    doc_number = facets["doc_number"] or ""
    document = SearchDocument(
        page_id=page.pk,
        site=site,
        content_type_id=page.content_type_id,
        title=page.title[:255],
        url=url[:500],
        text=text[:STORED_TEXT_LENGTH],
        category=(facets["category"] or "")[:100],
        issuing_body=(facets["body"] or "")[:200],
        doc_number=doc_number[:100],
        doc_number_key=doc_numbers.normalise(doc_number),
        date=when,
        year=timezone.localtime(when).year if when else None,
        expire_at=page.expire_at,
    )
    segmented = SegmentedText(
        title=segment(page.title), doc_number=segment(doc_number), body=segment(text)
    )
    document.words = " ".join(segmented.lexemes())
    return document, segmented


class IndexWriteFailed(EngineUnavailable):
    """The search server stopped answering while documents were written.
    The transaction rolled back, but the server may have stored some of
    them: `document_ids` must be removed from it when the write is retried
    (search/tasks.py)."""

    def __init__(self, message, document_ids):
        super().__init__(message)
        self.document_ids = document_ids


def store(built, stale_document_ids=()):
    """Save built (document, text) pairs, replacing earlier versions; also
    remove `stale_document_ids` (of an earlier, failed attempt) from the
    engine."""
    documents = [document for document, _text in built]
    texts = [text for _document, text in built]
    page_ids = [document.page_id for document in documents if document.page_id]
    with transaction.atomic():
        replaced = list(
            SearchDocument.objects.filter(page_id__in=page_ids).values_list(
                "pk", flat=True
            )
        )
        # An id of a failed attempt that a document holds again (SQLite
        # reuses the ids of rolled-back rows) is that document's: its own
        # write replaces whatever the server kept under it.
        reused = set(
            SearchDocument.objects.filter(pk__in=stale_document_ids).values_list(
                "pk", flat=True
            )
        )
        stale = [pk for pk in stale_document_ids if pk not in reused]
        current_engine().remove([*stale, *replaced])
        SearchDocument.objects.filter(pk__in=replaced).delete()
        SearchDocument.objects.bulk_create(documents)
        try:
            current_engine().write(documents, texts)
        except EngineUnavailable as err:
            raise IndexWriteFailed(
                str(err), [document.pk for document in documents]
            ) from err


def index_pages(page_ids, stale_document_ids=()):
    """Bring the index up to date for these pages: (re)index those that must
    be found, remove the others (and `stale_document_ids`, see store()).
    Returns the number indexed."""
    pages = Page.objects.filter(pk__in=page_ids).specific()
    built = []
    for page in pages:
        result = build_document(page)
        if result:
            built.append(result)
    found_ids = {document.page_id for document, _text in built}
    remove_pages([page_id for page_id in page_ids if page_id not in found_ids])
    store(built, stale_document_ids)
    return len(built)


def remove_pages(page_ids):
    if not page_ids:
        return
    doomed = list(
        SearchDocument.objects.filter(page_id__in=page_ids).values_list("pk", flat=True)
    )
    with transaction.atomic():
        current_engine().remove(doomed)
        SearchDocument.objects.filter(pk__in=doomed).delete()


def subtree_page_ids(page):
    return list(
        Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    )


def relocate_pages(page_ids, source_site, target_site, section):
    """After a whole site's pages moved into `section` of another site
    (consolidation), bring their public search documents along: same text,
    new site and address. Returns the ids of the pages this could not do
    for, which must be indexed again (index_pages) once the move commits.

    On the database engine the documents are updated in bulk, in the
    caller's transaction: one UPDATE for their site and address, one change
    of two site bitmaps; nothing is segmented again. A search server holds
    its own copy of each document, so there every page is indexed again. So
    are all of them when a view restriction above the pages changed (on the
    closed site's home page, or above the section), since that changes which
    of them may be found."""
    page_ids = list(page_ids)
    if settings.GOVSEARCH_ENGINE != "database":
        return page_ids
    restricted_above = PageViewRestriction.objects.filter(
        page__in=[
            source_site.root_page_id,
            *section.get_ancestors().values_list("pk", flat=True),
        ]
    ).exists()
    if restricted_above:
        return page_ids
    old_prefix = source_site.root_url + "/"
    new_prefix = (
        target_site.root_url
        + "/"
        + section.url_path.removeprefix(target_site.root_page.url_path)
    )
    documents = SearchDocument.objects.filter(
        page_id__in=page_ids, site_id=source_site.pk, url__startswith=old_prefix
    ).annotate(new_length=Length("url") - len(old_prefix) + len(new_prefix))
    movable = documents.filter(new_length__lte=SearchDocument.url.field.max_length)
    moved = list(movable.values_list("pk", "page_id"))
    with transaction.atomic():
        SearchDocument.objects.filter(pk__in=[pk for pk, _page in moved]).update(
            site_id=target_site.pk,
            url=Concat(Value(new_prefix), Substr("url", len(old_prefix) + 1)),
        )
        fulltext.move_to_site(
            [pk for pk, _page in moved], source_site.pk, target_site.pk
        )
    relocated = {page_id for _pk, page_id in moved}
    return [page_id for page_id in page_ids if page_id not in relocated]


def keeps_filters_in_index(backend):
    """Whether a backend of Wagtail's own search (the admin's) keeps a
    page's filter fields (path, depth, live …) in its index. A search server
    does; modelsearch's database backends index the text only and filter on
    the page table, so a move changes nothing there."""
    return isinstance(backend, ElasticsearchBaseSearchBackend)


def index_admin_pages_in_bulk(page_ids, only_backends_keeping_filters=False):
    """Add or update pages in Wagtail's own search index (what the admin's
    search and `Page.objects.search()` read), one bulk call per page type
    and backend instead of one task per page. With
    `only_backends_keeping_filters` (pages that moved, text unchanged), the
    backends that index text only are left alone. Returns the pages sent."""
    backends = [
        (name, backend)
        for name, backend in get_search_backends_with_name(with_auto_update=True)
        if not only_backends_keeping_filters or keeps_filters_in_index(backend)
    ]
    if not backends or not page_ids:
        return 0
    by_model = defaultdict(list)
    for page in Page.objects.filter(pk__in=page_ids).specific(defer=False):
        by_model[type(page)].append(page)
    for name, backend in backends:
        for model, pages in by_model.items():
            try:
                backend.add_bulk(model, pages)
            except Exception:
                if not backend.catch_indexing_errors:
                    raise
                logger.exception("Bulk indexing in the %s search backend failed", name)
    return sum(len(pages) for pages in by_model.values())


def rebuild(batch_size=500, progress=None, resume=False):
    """Rebuild the whole public index from the live pages, in batches in page
    tree order; with `resume`, continue an interrupted rebuild after its last
    batch done (search servers only). `progress(rebuild, remaining)` is
    called once before the first batch with the Rebuild (pages done before
    a resume) and the number of pages left, then `progress(None, handled)`
    after each batch. Returns the finished Rebuild (pages, indexed).

    A search server keeps answering from the old index until the new one is
    complete (search/engines/server.py); the database engine rebuilds in
    place."""
    engine = current_engine()
    state = engine.begin_rebuild(resume=resume)
    pages = Page.objects.filter(depth__gt=2, live=True)
    if state.done_through:
        pages = pages.filter(path__gt=state.done_through)
    remaining = list(pages.order_by("path").values_list("pk", "path"))
    if progress:
        progress(state, len(remaining))
    try:
        for start in range(0, len(remaining), batch_size):
            batch = remaining[start : start + batch_size]
            state.indexed += index_pages([pk for pk, _path in batch])
            state.pages += len(batch)
            state.done_through = batch[-1][1]
            engine.record_progress(state)
            if progress:
                progress(None, len(batch))
    except BaseException:
        engine.interrupted_rebuild(state)
        raise
    engine.finish_rebuild(state)
    return state
