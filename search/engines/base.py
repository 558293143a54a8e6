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


@dataclass
class Rebuild:
    """A rebuild of the public index under way: the index it fills (server
    engines), the path of the last page of the last batch done, and the
    pages handled and documents indexed so far."""

    target: str = ""
    done_through: str = ""
    pages: int = 0
    indexed: int = 0


class NoRebuildToResume(Exception):
    """`--resume` asked, but no interrupted rebuild is waiting."""


class RebuildUnfinished(Exception):
    """A rebuild was interrupted (or is running): resume it instead."""


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

    def begin_rebuild(self, resume=False):
        """Start rebuilding the public index (or, with `resume`, continue
        the interrupted rebuild); returns a Rebuild. The database engine
        rebuilds in place and cannot resume."""
        if resume:
            raise NoRebuildToResume
        self.reset()
        return Rebuild()

    def record_progress(self, rebuild):
        """Keep the Rebuild's progress where `--resume` finds it."""

    def finish_rebuild(self, rebuild):
        """The rebuilt index answers searches from now on."""
        self.optimise()

    def interrupted_rebuild(self, rebuild):
        """A rebuild stopped by an error: what was stored so far becomes
        searchable (the database engine rebuilds in place)."""
        self.optimise()

    def search(self, query):
        """An EngineResult; raises EngineUnavailable when the server is down."""
        raise NotImplementedError

    def health(self):
        """The state of the engine's server for /healthz ("green", "yellow",
        "red"), or None for an engine without a server of its own. Raises
        EngineUnavailable when the server does not answer."""
        return None
