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

from contextlib import contextmanager
from datetime import UTC

from django.conf import settings
from django.utils import timezone
from elasticsearch.dsl import Q, Search

from search.engines.base import (
    FACET_NAMES,
    Engine,
    EngineResult,
    EngineUnavailable,
    NoRebuildToResume,
    Rebuild,
    RebuildUnfinished,
)

# Above any number of title words a query can have (GOVSEARCH_MAX_QUERY_LENGTH).
PINNED = 1000
# Terms per facet counted; the bitmap index counts every value, so this is
# far above the values a facet has (sites of a province, years, bodies).
FACET_SIZE = 10000
# Facet name: indexed field.
FACET_FIELDS = {name: name for name in FACET_NAMES}

# Queries ask whether a document holds a word (`term` filters, constant
# scores), never how often or where: no frequencies, positions or norms,
# which cut the node's indexing work by about a third (docs/search.md,
# Benchmarks).
SEGMENTED = {
    "type": "text",
    "analyzer": "whitespace",
    "norms": False,
    "index_options": "docs",
}
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
    """The public index's name: an alias of the index that answers (a new
    index replaces it whole when the index is rebuilt; see Rebuilds below)."""
    return f"{settings.GOVSEARCH_INDEX_PREFIX}documents"


def version_name(number):
    return f"{index_name()}_v{number}"


def version_of(name):
    """The version number of one of the public index's indices (0 for the
    index of a release before versions, named like the alias)."""
    suffix = name.removeprefix(index_name() + "_v")
    return int(suffix) if suffix.isdigit() else 0


def index_body(rebuild=None):
    """The body creating a version of the public index; one being rebuilt
    carries its progress in the mapping's `_meta`, and has no replicas and
    no periodic refresh (nobody searches it) until it takes over."""
    mappings = dict(MAPPING)
    index_settings = {
        "number_of_shards": 1,
        "number_of_replicas": settings.GOVSEARCH_INDEX_REPLICAS,
    }
    if rebuild is not None:
        mappings["_meta"] = {REBUILD_META: rebuild}
        index_settings.update(number_of_replicas=0, refresh_interval="-1")
    return {"settings": index_settings, "mappings": mappings}


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
        # Each word once: the queries only ask whether it is there.
        "words": " ".join(
            dict.fromkeys(" ".join((text.title, text.doc_number, text.body)).split())
        ),
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


# The key of the rebuild's progress in a new index's mapping `_meta`.
REBUILD_META = "govcluster_rebuild"


class ServerEngine(Engine):
    """An engine on a search server; subclasses set `client()`, `bulk`, the
    client library's errors meaning "no answer" and `status_of(error)`.

    Rebuilds (`update_index`) never empty the index searches read. The public
    index is an alias; a rebuild creates the next version (`<alias>_v<n>`),
    fills it batch by batch, writing its progress (the path of the last page
    of the last batch done) into that index's mapping `_meta` after each
    batch, then moves the alias to it in one atomic request and deletes the
    old version. While it runs, every write (publishing, the rebuild's own
    batches) goes to the live version and to the one being built, so both
    stay current and searches go on answering from the old one. An
    interrupted rebuild leaves its index and progress on the server:
    `update_index --resume` continues from the last batch done."""

    unavailable_errors = ()
    # HTTP statuses meaning "try again later": the node is starting, a
    # shard has no primary yet, too many requests queued.
    retry_statuses = frozenset({429, 502, 503, 504})

    def client(self):
        raise NotImplementedError

    def bulk(self, client, actions, **options):
        raise NotImplementedError

    def status_of(self, error):
        """The HTTP status of a client library error, or None."""
        raise NotImplementedError

    @contextmanager
    def answering(self):
        """Turns the client library's "the server did not answer" (no
        connection, a time-out, a 429/5xx answer, bulk items refused with
        those statuses) into EngineUnavailable; other errors pass."""
        try:
            yield
        except self.unavailable_errors as err:
            raise EngineUnavailable(str(err)) from err
        except Exception as err:
            statuses = {self.status_of(err)}
            statuses.update(
                next(iter(item.values())).get("status")
                for item in getattr(err, "errors", None) or []
                if isinstance(item, dict) and item
            )
            if statuses & self.retry_statuses:
                raise EngineUnavailable(str(err)) from err
            raise

    # --- The public index's versions ----------------------------------------

    def versions(self):
        """{index name: (is live, rebuild progress or None)} of the public
        index's versions on the server."""
        found = self.client().indices.get(
            index=f"{index_name()}*", allow_no_indices=True, ignore_unavailable=True
        )
        versions = {}
        for name, info in found.items():
            if name != index_name() and not name.startswith(index_name() + "_v"):
                continue
            meta = (info.get("mappings") or {}).get("_meta") or {}
            live = name == index_name() or index_name() in (info.get("aliases") or {})
            versions[name] = (live, meta.get(REBUILD_META))
        return versions

    def write_targets(self):
        """{index name: whether it is live} of the indices a write goes to:
        the live version, and any version being rebuilt, oldest first. The
        first write on an empty server creates version 1."""
        found = {
            name: live
            for name, (live, rebuild) in self.versions().items()
            if live or (rebuild and rebuild["state"] == "building")
        }
        if not found:
            self.ensure_index()
            found = {version_name(1): True}
        return {name: found[name] for name in sorted(found, key=version_of)}

    def ensure_index(self):
        """Version 1 behind the alias, unless the public index exists."""
        client = self.client()
        if client.indices.exists(index=index_name()):
            return
        body = index_body()
        body["aliases"] = {index_name(): {}}
        try:
            client.indices.create(index=version_name(1), body=body)
        except Exception as err:
            # Another process created it first.
            if self.status_of(err) != 400 or "already_exists" not in str(err):
                raise

    def write(self, documents, texts):
        """Index documents in the version(s) being rebuilt first, without
        waiting for a refresh (they have none until they take over: a
        `wait_for` there would wait for ever), then in the live version,
        refreshed as GOVSEARCH_SERVER_REFRESH says."""
        if not documents:
            return
        sources = [
            source_of(document, text)
            for document, text in zip(documents, texts, strict=True)
        ]
        with self.answering():
            targets = self.write_targets()
            for live, refresh in (
                (False, False),
                (True, settings.GOVSEARCH_SERVER_REFRESH),
            ):
                names = [name for name, is_live in targets.items() if is_live == live]
                if names:
                    self.bulk(
                        self.client(),
                        [
                            {"_index": name, "_id": source["id"], "_source": source}
                            for source in sources
                            for name in names
                        ],
                        refresh=refresh,
                    )

    def remove(self, document_ids):
        # Bulk deletes, not _delete_by_query: exact, and no module needed
        # (the embedded node has no reindex module). A document (or index)
        # already gone is no error.
        if not document_ids:
            return
        with self.answering():
            actions = [
                {"_op_type": "delete", "_index": target, "_id": pk}
                for target in self.write_targets()
                for pk in document_ids
            ]
            _done, errors = self.bulk(
                self.client(), actions, refresh=True, raise_on_error=False
            )
        failed = [item for item in errors if item["delete"].get("status") != 404]
        if failed:
            with self.answering():
                raise RemovalFailed(failed)

    def reset(self):
        """Delete every version and start again empty (the benchmark's bulk
        load; `update_index` rebuilds without emptying, see above)."""
        with self.answering():
            names = list(self.versions())
            if names:
                self.client().indices.delete(index=",".join(names))
            self.ensure_index()

    def optimise(self):
        with self.answering():
            self.client().indices.refresh(index=index_name(), ignore_unavailable=True)

    # --- Rebuilds -------------------------------------------------------------

    def begin_rebuild(self, resume=False):
        with self.answering():
            versions = self.versions()
        building = sorted(
            (
                name
                for name, (live, rebuild) in versions.items()
                if not live and rebuild and rebuild["state"] == "building"
            ),
            key=version_of,
        )
        if resume:
            if not building:
                raise NoRebuildToResume
            target = building[-1]
            progress = versions[target][1]
            return Rebuild(
                target=target,
                done_through=progress["done_through"],
                pages=progress["pages"],
                indexed=progress["indexed"],
            )
        if building:
            raise RebuildUnfinished(building[-1])
        number = max((version_of(name) for name in versions), default=0) + 1
        rebuild = Rebuild(target=version_name(number))
        with self.answering():
            self.client().indices.create(
                index=rebuild.target, body=index_body(self.progress_of(rebuild))
            )
        return rebuild

    def progress_of(self, rebuild, state="building"):
        return {
            "state": state,
            "done_through": rebuild.done_through,
            "pages": rebuild.pages,
            "indexed": rebuild.indexed,
        }

    def record_progress(self, rebuild):
        with self.answering():
            self.client().indices.put_mapping(
                index=rebuild.target,
                body={"_meta": {REBUILD_META: self.progress_of(rebuild)}},
            )

    def finish_rebuild(self, rebuild):
        """Give the new version its replicas, move the alias to it in one
        request, then delete the versions before it."""
        client = self.client()
        with self.answering():
            client.indices.put_settings(
                index=rebuild.target,
                body={
                    "number_of_replicas": settings.GOVSEARCH_INDEX_REPLICAS,
                    # The node's default (1 s) again.
                    "refresh_interval": None,
                },
            )
            client.indices.put_mapping(
                index=rebuild.target,
                body={"_meta": {REBUILD_META: self.progress_of(rebuild, "done")}},
            )
            client.indices.refresh(index=rebuild.target)
            versions = self.versions()
            old = [name for name in versions if name != rebuild.target]
            actions = [{"add": {"index": rebuild.target, "alias": index_name()}}]
            for name in old:
                if name == index_name():
                    # An index of a release before versions, named like the
                    # alias: removed in the same request.
                    actions.append({"remove_index": {"index": name}})
                elif versions[name][0]:
                    actions.append({"remove": {"index": name, "alias": index_name()}})
            client.indices.update_aliases(body={"actions": actions})
            leftovers = [name for name in old if name != index_name()]
            if leftovers:
                client.indices.delete(
                    index=",".join(leftovers), ignore_unavailable=True
                )

    def interrupted_rebuild(self, rebuild):
        """The new version and its progress stay for `--resume`."""

    def search(self, query):
        if not query.words:
            return EngineResult(0, [], {name: {} for name in FACET_NAMES})
        with self.answering():
            response = self.client().search(
                index=index_name(), body=search_body(query), ignore_unavailable=True
            )
        return result_of(response)

    def health(self):
        with self.answering():
            return self.client().cluster.health()["status"]
