"""Search engines answering the public search: the bitmap index in the
database (default), OpenSearch (`SEARCH_BACKEND=opensearch`) or Elasticsearch
(`SEARCH_BACKEND=elasticsearch`); the last two share their index and query
bodies (search/engines/server.py)."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

ENGINES = {
    "database": "search.engines.database.DatabaseEngine",
    "opensearch": "search.engines.opensearch.OpenSearchEngine",
    "elasticsearch": "search.engines.elasticsearch.ElasticsearchEngine",
}


@cache
def engine_named(name):
    return import_string(ENGINES[name])()


def current_engine():
    return engine_named(settings.GOVSEARCH_ENGINE)
