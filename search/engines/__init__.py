"""Search engines answering the public search: the database's own full-text
engine (default) or Elasticsearch (`SEARCH_BACKEND=elasticsearch`)."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

ENGINES = {
    "database": "search.engines.database.DatabaseEngine",
    "elasticsearch": "search.engines.elasticsearch.ElasticsearchEngine",
}


@cache
def engine_named(name):
    return import_string(ENGINES[name])()


def current_engine():
    return engine_named(settings.GOVSEARCH_ENGINE)
