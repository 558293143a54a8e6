"""The public search on a search server, OpenSearch or Elasticsearch: one
index of SearchDocuments, its mapping, the documents and the query bodies
(built with `elasticsearch.dsl`), shared by both. The subclasses in
opensearch.py and elasticsearch.py bring only the client library.

The index holds the same tokens as the bitmap index (search/fulltext.py):
the project's segmenter cuts the text before indexing and the query before
searching, the server only splits on whitespace. A document matches when
every clause of the query (search/synonyms.py) has an alternative whose words
are all among its words; the score is the number of clauses its title
matches (each a constant 1), plus PINNED for the document number asked
for; ties go to the newest date, then the highest id, undated documents
last. So every engine returns the same documents, counts and order."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from elasticsearch.dsl import Q, Search

from search.engines.base import FACET_NAMES, Engine, EngineResult, EngineUnavailable

# Above any number of title words a query can have (GOVSEARCH_MAX_QUERY_LENGTH).
PINNED = 1000
# Terms per facet counted; the bitmap index counts every value, so this is
# far above the values a facet has (sites of a province, years, bodies).
FACET_SIZE = 10000
# Facet name: indexed field.
FACET_FIELDS = {name: name for name in FACET_NAMES}

SEGMENTED = {"type": "text", "analyzer": "whitespace", "norms": False}
MAPPING = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "long"},
        "site": {"type": "integer"},
        "type": {"type": "integer"},
        "category": {"type": "keyword"},
        "body": {"type": "keyword"},
        "year": {"type": "integer"},
        # Segmented words of the title, document number and text; of the title.
        "words": SEGMENTED,
        "title_words": SEGMENTED,
        "doc_number_key": {"type": "keyword"},
        "date": {"type": "date"},
        # The date in microseconds: orders exactly as the database does.
        "date_order": {"type": "long"},
        "expire_at": {"type": "date"},
    },
}


def index_name():
    return f"{settings.GOVSEARCH_INDEX_PREFIX}documents"


def index_body():
    return {
        "settings": {
            "number_of_shards": 1,
            "number_of_replicas": settings.GOVSEARCH_INDEX_REPLICAS,
        },
        "mappings": MAPPING,
    }


def microseconds(when):
    if when is None:
        return None
    return round(when.astimezone(UTC).timestamp() * 1_000_000)


def source_of(document, text):
    """The indexed form of a saved SearchDocument and its SegmentedText."""
    return {
        "id": document.pk,
        "site": document.site_id,
        "type": document.content_type_id,
        "category": document.category or None,
        "body": document.issuing_body or None,
        "year": document.year,
        "words": " ".join((text.title, text.doc_number, text.body)),
        "title_words": text.title,
        "doc_number_key": document.doc_number_key or None,
        "date": document.date.isoformat() if document.date else None,
        "date_order": microseconds(document.date),
        "expire_at": document.expire_at.isoformat() if document.expire_at else None,
    }


def clause_query(clause, field):
    """The query for one clause of an EngineQuery on `field`: every word of
    one of its alternatives."""

    def all_of(option):
        if len(option) == 1:
            return Q("term", **{field: option[0]})
        return Q("bool", filter=[Q("term", **{field: word}) for word in option])

    if len(clause) == 1:
        return all_of(clause[0])
    return Q(
        "bool", should=[all_of(option) for option in clause], minimum_should_match=1
    )


def search_body(query, now=None):
    """The request body for an EngineQuery (with words)."""
    now = now or timezone.now()
    filters = [clause_query(clause, "words") for clause in query.clauses]
    filters.append(
        Q(
            "bool",
            should=[
                Q("bool", must_not=Q("exists", field="expire_at")),
                Q("range", expire_at={"gt": now.isoformat()}),
            ],
            minimum_should_match=1,
        )
    )
    if query.site_ids is not None:
        filters.append(Q("terms", site=query.site_ids))
    filters.extend(Q("term", **{name: value}) for name, value in query.facet_filters())
    scoring = []
    if query.order == "relevance":
        scoring.extend(
            Q("constant_score", filter=clause_query(clause, "title_words"), boost=1)
            for clause in query.clauses
        )
    if query.pinned_key:
        scoring.append(
            Q(
                "constant_score",
                filter=Q("term", doc_number_key=query.pinned_key),
                boost=PINNED,
            )
        )
    search = (
        Search()
        .query(Q("bool", filter=filters, should=scoring))
        .sort(
            "_score",
            {"date_order": {"order": "desc", "missing": "_last"}},
            {"id": {"order": "desc"}},
        )
        .source(False)
        .extra(track_total_hits=True)
    )
    if query.with_facets:
        for name, field in FACET_FIELDS.items():
            search.aggs.bucket(name, "terms", field=field, size=FACET_SIZE)
    return search[query.offset : query.offset + query.limit].to_dict()


def result_of(response):
    """The EngineResult of a search response (a dict)."""
    facets = {name: {} for name in FACET_NAMES}
    for name, aggregation in (response.get("aggregations") or {}).items():
        for bucket in aggregation["buckets"]:
            facets[name][str(bucket["key"])] = bucket["doc_count"]
    hits = [(int(hit["_id"]), hit["sort"][0]) for hit in response["hits"]["hits"]]
    return EngineResult(
        total=response["hits"]["total"]["value"], hits=hits, facets=facets
    )


class RemovalFailed(Exception):
    """The server refused to delete documents (other than missing ones)."""


class ServerEngine(Engine):
    """An engine on a search server; subclasses set `client()`, `bulk` and
    the client library's errors meaning "no answer"."""

    unavailable_errors = ()

    def client(self):
        raise NotImplementedError

    def bulk(self, client, actions, **options):
        raise NotImplementedError

    def ensure_index(self):
        client = self.client()
        if not client.indices.exists(index=index_name()):
            client.indices.create(index=index_name(), body=index_body())

    def write(self, documents, texts):
        self.ensure_index()
        actions = [
            {
                "_index": index_name(),
                "_id": document.pk,
                "_source": source_of(document, text),
            }
            for document, text in zip(documents, texts, strict=True)
        ]
        if actions:
            self.bulk(self.client(), actions, refresh=settings.GOVSEARCH_SERVER_REFRESH)

    def remove(self, document_ids):
        # Bulk deletes, not _delete_by_query: exact, and no module needed
        # (the embedded node has no reindex module). A document (or index)
        # already gone is no error.
        actions = [
            {"_op_type": "delete", "_index": index_name(), "_id": pk}
            for pk in document_ids
        ]
        if not actions:
            return
        _done, errors = self.bulk(
            self.client(), actions, refresh=True, raise_on_error=False
        )
        failed = [item for item in errors if item["delete"].get("status") != 404]
        if failed:
            raise RemovalFailed(failed)

    def reset(self):
        self.client().indices.delete(index=index_name(), ignore_unavailable=True)
        self.ensure_index()

    def optimise(self):
        self.client().indices.refresh(index=index_name(), ignore_unavailable=True)

    def search(self, query):
        if not query.words:
            return EngineResult(0, [], {name: {} for name in FACET_NAMES})
        try:
            response = self.client().search(
                index=index_name(), body=search_body(query), ignore_unavailable=True
            )
        except self.unavailable_errors as err:
            raise EngineUnavailable(str(err)) from err
        return result_of(response)

    def health(self):
        try:
            return self.client().cluster.health()["status"]
        except self.unavailable_errors as err:
            raise EngineUnavailable(str(err)) from err
