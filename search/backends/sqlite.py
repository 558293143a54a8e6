"""modelsearch's SQLite FTS5 backend with Chinese segmentation."""

from modelsearch.backends.database.sqlite import sqlite as stock_sqlite
from modelsearch.index import AutocompleteField

from search.backends.segmenting import indexer_class, segment_value, segmented_query


class SegmentingSQLiteIndexer(stock_sqlite.ObjectIndexer):
    def prepare_field(self, obj, field):
        for current_field, value in super().prepare_field(obj, field):
            if isinstance(current_field, AutocompleteField):
                yield current_field, value
            else:
                yield current_field, segment_value(value)


class SegmentingSQLiteIndex(stock_sqlite.SQLiteIndex):
    def add_items(self, model, objs):
        with indexer_class(stock_sqlite, SegmentingSQLiteIndexer):
            return super().add_items(model, objs)


class SegmentingSQLiteQueryCompiler(stock_sqlite.SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(segmented_query(query), config)


class SegmentingSQLiteSearchBackend(stock_sqlite.SQLiteSearchBackend):
    index_class = SegmentingSQLiteIndex
    query_compiler_class = SegmentingSQLiteQueryCompiler
