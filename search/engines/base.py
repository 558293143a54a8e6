from dataclasses import dataclass, field

FACET_NAMES = ("site", "type", "category", "body", "year")


@dataclass
class EngineQuery:
    """What every engine is asked: documents matching every clause, narrowed
    by the filters, one page of them in `order`.

    `clauses` is [[alternative, ...], ...] with each alternative a tuple of
    words (search/synonyms.py): a document matches a clause when it holds
    every word of one of its alternatives. A document's relevance is the
    number of clauses its title matches."""

    clauses: list
    site_ids: list | None = None  # None: the whole cluster
    content_type_id: int | None = None
    category: str = ""
    body: str = ""
    year: int | None = None
    order: str = "relevance"  # or "date"
    offset: int = 0
    limit: int = 10
    # Normalised document number: documents with it come first.
    pinned_key: str = ""
    with_facets: bool = True

    @property
    def words(self):
        """Every word of every alternative, once, in order: what snippets
        highlight; empty when there is nothing to search for."""
        found = []
        for clause in self.clauses:
            for option in clause:
                found.extend(word for word in option if word not in found)
        return found

    def facet_filters(self):
        """[(facet name, value)] of the facet filters this query sets, other
        than the site scope: every engine narrows by exactly these."""
        return [
            (name, value)
            for name, value in (
                ("type", self.content_type_id),
                ("category", self.category),
                ("body", self.body),
                ("year", self.year),
            )
            if value
        ]


@dataclass
class EngineResult:
    total: int
    # [(SearchDocument id, score), ...] for the requested page
    hits: list
    # {facet name: {value as str: count}}
    facets: dict = field(default_factory=dict)


class EngineUnavailable(Exception):
    """The engine's server did not answer (down, unreachable, timed out)."""


class Engine:
    def write(self, documents, texts):
        """Index saved SearchDocuments with their SegmentedTexts."""
        raise NotImplementedError

    def remove(self, document_ids):
        """Take documents out of the index: before their rows are deleted
        (the database engine deletes them itself), and once more after a
        page's deletion has committed (search/tasks.py)."""
        raise NotImplementedError

    def reset(self):
        raise NotImplementedError

    def optimise(self):
        """Called after a bulk load."""

    def search(self, query):
        """An EngineResult; raises EngineUnavailable when the server is down."""
        raise NotImplementedError

    def health(self):
        """The state of the engine's server for /healthz ("green", "yellow",
        "red"), or None for an engine without a server of its own. Raises
        EngineUnavailable when the server does not answer."""
        return None
