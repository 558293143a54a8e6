from search import fulltext
from search.engines.base import FACET_NAMES, Engine, EngineResult


class DatabaseEngine(Engine):
    """SQLite FTS5 or PostgreSQL tsvector, whichever the database is."""

    def write(self, documents, texts):
        fulltext.write(documents, texts)

    def remove(self, document_ids):
        # The documents' rows are gone and their index rows with them (a
        # trigger on SQLite, a cascading foreign key on PostgreSQL).
        pass

    def reset(self):
        fulltext.clear()

    def optimise(self):
        fulltext.optimise()

    def search(self, query):
        if not query.words:
            return EngineResult(0, [], {name: {} for name in FACET_NAMES})
        if query.with_facets:
            hits, facets = fulltext.search_with_facets(query.words, query)
            total = sum(facets["site"].values())
        else:
            hits = fulltext.search(query.words, query)
            facets = {}
            total = fulltext.count(query.words, query)
        return EngineResult(total=total, hits=hits, facets=facets)
