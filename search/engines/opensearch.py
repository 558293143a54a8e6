"""The public search on OpenSearch 2 (`SEARCH_BACKEND=opensearch`,
`OPENSEARCH_URL`): the index and query bodies of search/engines/server.py
through opensearch-py (2.x, the version modelsearch's opensearch2 backend
calls)."""

from functools import cache

from django.conf import settings
from opensearchpy import ConnectionError as NoConnection
from opensearchpy import ConnectionTimeout, OpenSearch
from opensearchpy.helpers import bulk

from search.engines.server import ServerEngine


@cache
def client_for(url, timeout):
    return OpenSearch(hosts=[url], timeout=timeout)


class OpenSearchEngine(ServerEngine):
    unavailable_errors = (NoConnection, ConnectionTimeout)

    def client(self):
        return client_for(settings.OPENSEARCH_URL, settings.GOVSEARCH_SERVER_TIMEOUT)

    def bulk(self, client, actions, **options):
        return bulk(client, actions, **options)

    def status_of(self, error):
        status = getattr(error, "status_code", None)
        return status if isinstance(status, int) else None
