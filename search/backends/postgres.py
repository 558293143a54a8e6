"""modelsearch's PostgreSQL backend with Chinese segmentation."""

from modelsearch.backends.database.postgres import postgres as stock_postgres
from modelsearch.index import AutocompleteField

from search.backends.segmenting import indexer_class, segment_value, segmented_query


class SegmentingPostgresIndexer(stock_postgres.ObjectIndexer):
    def prepare_field(self, obj, field):
        for current_field, weight, value in super().prepare_field(obj, field):
            if isinstance(current_field, AutocompleteField):
                yield current_field, weight, value
            else:
                yield current_field, weight, segment_value(value)


class SegmentingPostgresIndex(stock_postgres.PostgresIndex):
    def add_items(self, model, objs):
        with indexer_class(stock_postgres, SegmentingPostgresIndexer):
            return super().add_items(model, objs)


class SegmentingPostgresQueryCompiler(stock_postgres.PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        return super().build_tsquery_content(
            segmented_query(query), config=config, invert=invert
        )


class SegmentingPostgresSearchBackend(stock_postgres.PostgresSearchBackend):
    index_class = SegmentingPostgresIndex
    query_compiler_class = SegmentingPostgresQueryCompiler

    def __init__(self, params):
        # Segmented text must not be stemmed or stop-worded as English.
        params.setdefault("SEARCH_CONFIG", "simple")
        super().__init__(params)
