from django.utils import timezone

from search import fulltext
from search.engines.base import FACET_NAMES, Engine, EngineQuery, EngineResult


def filters_for(query: EngineQuery):
    """SQL conditions over the documents table `d`, with their parameters."""
    conditions = ["(d.expire_at IS NULL OR d.expire_at > %s)"]
    params = [timezone.now()]
    if query.site_ids is not None:
        placeholders = ", ".join(["%s"] * len(query.site_ids)) or "NULL"
        conditions.append(f"d.site_id IN ({placeholders})")
        params.extend(query.site_ids)
    for column, value in (
        ("d.content_type_id", query.content_type_id),
        ("d.category", query.category),
        ("d.issuing_body", query.body),
        ("d.year", query.year),
    ):
        if value:
            conditions.append(f"{column} = %s")
            params.append(value)
    return conditions, params


class DatabaseEngine(Engine):
    """SQLite FTS5 or PostgreSQL tsvector, whichever the database is."""

    def write(self, documents, texts):
        fulltext.write(documents, texts)

    def remove(self, document_ids):
        # The documents' rows are gone; SQLite's trigger removed their FTS rows
        # and PostgreSQL keeps the vector in the row itself.
        pass

    def reset(self):
        fulltext.clear()

    def optimise(self):
        fulltext.optimise()

    def search(self, query):
        if not query.words:
            return EngineResult(0, [], {name: {} for name in FACET_NAMES})
        conditions, params = filters_for(query)
        hits = fulltext.search(
            query.words,
            conditions,
            params,
            query.order,
            query.limit,
            query.offset,
            pinned_key=query.pinned_key,
        )
        if query.with_facets:
            facets = fulltext.facet_counts(query.words, conditions, params)
            total = sum(facets["site"].values())
        else:
            facets = {}
            total = fulltext.count(query.words, conditions, params)
        return EngineResult(total=total, hits=hits, facets=facets)
