"""The public search on Elasticsearch 8 (`SEARCH_BACKEND=elasticsearch`,
`ELASTICSEARCH_URL`): the index and query bodies of search/engines/server.py
through elasticsearch-py, which talks to Elasticsearch only (it refuses a
server that is not, such as OpenSearch)."""

from functools import cache

from django.conf import settings
from elasticsearch import ConnectionError as NoConnection
from elasticsearch import ConnectionTimeout, Elasticsearch
from elasticsearch.helpers import bulk

from search.engines.server import ServerEngine


@cache
def client_for(url, timeout):
    return Elasticsearch(hosts=[url], request_timeout=timeout)


class ElasticsearchEngine(ServerEngine):
    unavailable_errors = (NoConnection, ConnectionTimeout)

    def client(self):
        return client_for(settings.ELASTICSEARCH_URL, settings.GOVSEARCH_SERVER_TIMEOUT)

    def bulk(self, client, actions, **options):
        return bulk(client, actions, **options)

    def status_of(self, error):
        status = getattr(getattr(error, "meta", None), "status", None)
        return status if isinstance(status, int) else None
