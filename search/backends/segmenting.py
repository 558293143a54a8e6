"""What the segmenting backends share: segmenting values and queries, and
running modelsearch's indexing code with a segmenting indexer."""

import threading
from contextlib import contextmanager

from django.utils.html import strip_tags
from modelsearch.query import Phrase, PlainText

from search.segmentation import segment


def segment_value(value):
    # Rich text arrives as HTML; its tags are not words.
    return segment(strip_tags(value)) if "<" in value else segment(value)


def segmented_query(query):
    """A PlainText or Phrase query with its text segmented; others unchanged."""
    if isinstance(query, PlainText):
        return PlainText(segment(query.query_string), operator=query.operator)
    if isinstance(query, Phrase):
        return Phrase(segment(query.query_string))
    return query


_swap_lock = threading.RLock()


@contextmanager
def indexer_class(module, replacement):
    """Run the stock `add_items` with the segmenting indexer: the stock code
    looks its indexer class up as a module global, so it is replaced for the
    duration of the call, under a lock (indexing is not on a hot path)."""
    with _swap_lock:
        original = module.ObjectIndexer
        module.ObjectIndexer = replacement
        try:
            yield
        finally:
            module.ObjectIndexer = original
