from search import fulltext
from search.engines.base import FACET_NAMES, Engine, EngineResult


class DatabaseEngine(Engine):
    """Bitmaps of document ids per token in the database, SQLite or
    PostgreSQL alike (search/fulltext.py)."""

    def write(self, documents, texts):
        # The words are stored on each document (indexing.build_document).
        fulltext.write(documents)

    def remove(self, document_ids):
        # Deletes the documents' rows too, in the same transaction. Rows
        # deleted another way (with their page or site) leave the bitmaps
        # through the pre_delete signal (search/signals.py).
        fulltext.remove(document_ids)

    def reset(self):
        fulltext.clear()

    def optimise(self):
        fulltext.optimise()

    def search(self, query):
        if not query.words:
            return EngineResult(0, [], {name: {} for name in FACET_NAMES})
        total, hits, facets = fulltext.search(query, with_facets=query.with_facets)
        return EngineResult(total=total, hits=hits, facets=facets)
