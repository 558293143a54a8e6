"""The public search on Elasticsearch: documents in their own index analysed
with a Chinese-aware analyzer (`cjk` by default, `smartcn` when the plugin is
installed: setting GOVSEARCH_ES_ANALYZER), queried through
`elasticsearch.dsl.FacetedSearch` for the facet counts."""

from django.conf import settings
from django.utils import timezone
from elasticsearch.dsl import (
    Date,
    Document,
    FacetedSearch,
    Integer,
    Keyword,
    Q,
    TermsFacet,
    Text,
    connections,
)
from elasticsearch.helpers import bulk

from search.engines.base import FACET_NAMES, Engine, EngineResult

CONNECTION_ALIAS = "govsearch"


def analyzer_name():
    return settings.GOVSEARCH_ES_ANALYZER


def index_name():
    return f"{settings.GOVSEARCH_ES_INDEX_PREFIX}documents"


def client():
    try:
        return connections.get_connection(CONNECTION_ALIAS)
    except KeyError:
        connections.create_connection(
            alias=CONNECTION_ALIAS,
            hosts=[settings.ELASTICSEARCH_URL],
            request_timeout=settings.GOVSEARCH_ES_TIMEOUT,
        )
        return connections.get_connection(CONNECTION_ALIAS)


def document_class():
    """The mapping, built when first needed so the analyzer and index name
    follow the settings."""
    text = {"analyzer": analyzer_name()}

    class GovDocument(Document):
        site = Integer()
        type = Integer()
        title = Text(**text)
        doc_number = Text(**text)
        doc_number_key = Keyword()
        text = Text(**text)
        category = Keyword()
        body = Keyword()
        date = Date()
        year = Integer()
        expire_at = Date()

        class Index:
            name = index_name()
            settings = {"number_of_shards": 1}  # noqa: RUF012

    return GovDocument


def make_faceted_search(query, document):
    """A FacetedSearch over the documents for `query` (an EngineQuery)."""

    class ClusterSearch(FacetedSearch):
        index = index_name()
        using = CONNECTION_ALIAS
        doc_types = [document]
        fields = ["title^10", "doc_number^20", "text"]
        facets = {  # noqa: RUF012
            "site": TermsFacet(field="site", size=200),
            "type": TermsFacet(field="type", size=50),
            "category": TermsFacet(field="category", size=100),
            "body": TermsFacet(field="body", size=100),
            "year": TermsFacet(field="year", size=50),
        }

        def query(self, search, query_text):
            must = Q(
                "multi_match",
                query=query_text,
                fields=self.fields,
                operator="and",
                type="cross_fields",
            )
            should = []
            if query.pinned_key:
                should.append(
                    Q("term", doc_number_key={"value": query.pinned_key, "boost": 1000})
                )
            not_expired = Q(
                "bool",
                should=[
                    Q("bool", must_not=Q("exists", field="expire_at")),
                    Q("range", expire_at={"gt": timezone.now().isoformat()}),
                ],
            )
            filters = [not_expired]
            if query.site_ids is not None:
                filters.append(Q("terms", site=query.site_ids))
            return search.query(Q("bool", must=[must], should=should, filter=filters))

    filters = {}
    if query.content_type_id:
        filters["type"] = query.content_type_id
    if query.category:
        filters["category"] = query.category
    if query.body:
        filters["body"] = query.body
    if query.year:
        filters["year"] = query.year
    sort = ["_score", "-date"] if query.order == "relevance" else ["-date"]
    if query.pinned_key and query.order == "date":
        sort = ["_score", "-date"]
    return ClusterSearch(" ".join(query.words), filters=filters, sort=sort)


class ElasticsearchEngine(Engine):
    def __init__(self):
        self.document = document_class()

    def ensure_index(self):
        self.document.init(using=client())

    def write(self, documents, texts):
        self.ensure_index()
        actions = []
        for document, _text in zip(documents, texts, strict=True):
            actions.append(
                {
                    "_index": index_name(),
                    "_id": document.pk,
                    "_source": {
                        "site": document.site_id,
                        "type": document.content_type_id,
                        "title": document.title,
                        "doc_number": document.doc_number,
                        "doc_number_key": document.doc_number_key,
                        "text": document.text,
                        "category": document.category,
                        "body": document.issuing_body,
                        "date": document.date,
                        "year": document.year,
                        "expire_at": document.expire_at,
                    },
                }
            )
        bulk(client(), actions, refresh=settings.GOVSEARCH_ES_REFRESH)

    def remove(self, document_ids):
        if document_ids:
            client().delete_by_query(
                index=index_name(),
                query={"ids": {"values": [str(pk) for pk in document_ids]}},
                refresh=True,
                ignore_unavailable=True,
            )

    def reset(self):
        client().indices.delete(index=index_name(), ignore_unavailable=True)
        self.ensure_index()

    def optimise(self):
        client().indices.refresh(index=index_name())

    def search(self, query):
        if not query.words:
            return EngineResult(0, [], {name: {} for name in FACET_NAMES})
        faceted = make_faceted_search(query, self.document)
        client()  # makes sure the connection the search uses exists
        response = faceted[query.offset : query.offset + query.limit].execute()
        facets = {name: {} for name in FACET_NAMES}
        for name, values in response.facets.to_dict().items():
            for value, count, _selected in values:
                facets[name][str(value)] = count
        hits = [(int(hit.meta.id), hit.meta.score or 0.0) for hit in response]
        return EngineResult(total=response.hits.total.value, hits=hits, facets=facets)
