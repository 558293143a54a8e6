"""What the segmenting backends share: segmenting values and queries, and
running modelsearch's indexing code with a segmenting indexer."""

import threading
from contextlib import contextmanager

from django.utils.html import strip_tags
from modelsearch.index import AutocompleteField, SearchField
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


# Text arrives segmented: the search server splits it on whitespace only
# (the analyzer every text field without its own uses, queries included).
SEGMENTED_ANALYSIS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "whitespace",
                    "filter": ["lowercase"],
                }
            }
        }
    }
}


class SegmentingMappingMixin:
    """A search-server mapping whose searchable text values are segmented
    (autocomplete values stay whole, for the edge n-grams)."""

    def _get_document_field_data(self, field, obj):
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        if isinstance(field, SearchField) and not isinstance(field, AutocompleteField):
            # A stream field's searchable content is a list of strings.
            if isinstance(value, str):
                value = segment_value(value)
            elif isinstance(value, list):
                value = [
                    segment_value(item) if isinstance(item, str) else item
                    for item in value
                ]
        return name, value, edgengrams


class SegmentingQueryCompilerMixin:
    """A search-server query compiler that segments the reader's words."""

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        return super()._compile_plaintext_query(segmented_query(query), fields, boost)

    def _compile_phrase_query(self, query, fields):
        return super()._compile_phrase_query(segmented_query(query), fields)
