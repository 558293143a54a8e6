"""Turning pages into public search documents, and keeping them current.

A page is in the public index when it is live, public (no view restriction on
it or an ancestor), not expired and inside a site. What it contributes comes
from its own `search_fields` (text) and `search_facets()` (category, issuing
body, document number, date) — no list of models is kept here."""

import logging
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search import index

from cms.pages.models import PublishedContent
from search import doc_numbers
from search.engines import current_engine
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


def store(built):
    """Save built (document, text) pairs, replacing earlier versions."""
    documents = [document for document, _text in built]
    texts = [text for _document, text in built]
    page_ids = [document.page_id for document in documents if document.page_id]
    with transaction.atomic():
        replaced = list(
            SearchDocument.objects.filter(page_id__in=page_ids).values_list(
                "pk", flat=True
            )
        )
        current_engine().remove(replaced)
        SearchDocument.objects.filter(pk__in=replaced).delete()
        SearchDocument.objects.bulk_create(documents)
        current_engine().write(documents, texts)


def index_pages(page_ids):
    """Bring the index up to date for these pages: (re)index those that must
    be found, remove the others. Returns the number indexed."""
    pages = Page.objects.filter(pk__in=page_ids).specific()
    built = []
    for page in pages:
        result = build_document(page)
        if result:
            built.append(result)
    found_ids = {document.page_id for document, _text in built}
    remove_pages([page_id for page_id in page_ids if page_id not in found_ids])
    store(built)
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


def rebuild(batch_size=500, progress=None):
    """Rebuild the whole public index from the pages. `progress` is called with
    the number of pages handled after each batch. Returns (pages, indexed)."""
    current_engine().reset()
    page_ids = list(
        Page.objects.filter(depth__gt=2, live=True)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    indexed = 0
    try:
        for start in range(0, len(page_ids), batch_size):
            batch = page_ids[start : start + batch_size]
            indexed += index_pages(batch)
            if progress:
                progress(len(batch))
    finally:
        # Also after a failure: what was stored so far becomes searchable.
        current_engine().optimise()
    return len(page_ids), indexed
