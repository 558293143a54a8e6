"""Wagtail's embedded search (modelsearch's database backend on SQLite FTS5
and PostgreSQL) taught to read Chinese: every indexed value and every query
string is segmented with rjieba first, so a word inside a sentence becomes a
token of its own. This is the backend the admin's search and any other
`Page.objects.search()` use; the public search has its own denormalised index
(see search/engine.py and docs/search.md).

Set `WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends.database"`."""

import threading
from contextlib import contextmanager

from django.db import connection
from django.utils.html import strip_tags
from modelsearch.backends.database.postgres import postgres as stock_postgres
from modelsearch.backends.database.sqlite import sqlite as stock_sqlite
from modelsearch.index import AutocompleteField
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


class SegmentingSQLiteIndexer(stock_sqlite.ObjectIndexer):
    def prepare_field(self, obj, field):
        for current_field, value in super().prepare_field(obj, field):
            if isinstance(current_field, AutocompleteField):
                yield current_field, value
            else:
                yield current_field, segment_value(value)


class SegmentingPostgresIndexer(stock_postgres.ObjectIndexer):
    def prepare_field(self, obj, field):
        for current_field, weight, value in super().prepare_field(obj, field):
            if isinstance(current_field, AutocompleteField):
                yield current_field, weight, value
            else:
                yield current_field, weight, segment_value(value)


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


class SegmentingSQLiteIndex(stock_sqlite.SQLiteIndex):
    def add_items(self, model, objs):
        with indexer_class(stock_sqlite, SegmentingSQLiteIndexer):
            return super().add_items(model, objs)


class SegmentingPostgresIndex(stock_postgres.PostgresIndex):
    def add_items(self, model, objs):
        with indexer_class(stock_postgres, SegmentingPostgresIndexer):
            return super().add_items(model, objs)


class SegmentingSQLiteQueryCompiler(stock_sqlite.SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(segmented_query(query), config)


class SegmentingPostgresQueryCompiler(stock_postgres.PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        return super().build_tsquery_content(
            segmented_query(query), config=config, invert=invert
        )


class SegmentingSQLiteSearchBackend(stock_sqlite.SQLiteSearchBackend):
    index_class = SegmentingSQLiteIndex
    query_compiler_class = SegmentingSQLiteQueryCompiler


class SegmentingPostgresSearchBackend(stock_postgres.PostgresSearchBackend):
    index_class = SegmentingPostgresIndex
    query_compiler_class = SegmentingPostgresQueryCompiler

    def __init__(self, params):
        # Segmented text must not be stemmed or stop-worded as English.
        params.setdefault("SEARCH_CONFIG", "simple")
        super().__init__(params)


def SearchBackend(params):  # noqa: N802  (modelsearch looks this name up)
    if connection.vendor == "postgresql":
        return SegmentingPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        return SegmentingSQLiteSearchBackend(params)
    raise NotImplementedError(
        "GovCluster's segmenting search backend supports SQLite and PostgreSQL."
    )
