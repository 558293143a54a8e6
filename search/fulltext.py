"""The public search index in the database's own full-text engine.

Rows of `SearchDocument` carry what a result shows; the words of each document
go into a narrow index beside it:

* SQLite: the FTS5 table `govsearch_fts(words)` (rowid = document id,
  `detail=none`: doclists of row ids only), facets read from the covering
  index on `govsearch_searchdocument`;
* PostgreSQL: the table `govsearch_searchindex` (document id, the facets as
  small integers, date, expiry and a `tsvector` of the words kept out of line)
  with a GIN index; issuing bodies and subject classifications are numbered in
  `govsearch_facetterm`.

A document's words are its segmented title, document number and body, plus
every title word again behind TITLE_MARK, so "is this query word in the title"
is one more index lookup instead of reading the document. Both databases are
asked the same shape of SQL: one statement for the ranked page of results and
one for every facet count (the total is the sum of the site facet)."""

# SQL here is assembled from constant identifiers only; every value is a query
# parameter.
# ruff: noqa: S608

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from search.models import SearchDocument

# Marks a title word. A private-use character: segmentation keeps word
# characters only, so no token of any text can start with it, and FTS5's
# unicode61 tokenizer treats it as part of the token.
TITLE_MARK = "\ue000"
FACET_NAMES = ("site", "type", "category", "body", "year")
# The facet columns of the narrow index, per database.
FACET_COLUMNS = {
    "sqlite": {
        "site": "s.site_id",
        "type": "s.content_type_id",
        "category": "s.category",
        "body": "s.issuing_body",
        "year": "s.year",
    },
    "postgresql": {
        "site": "s.site_id",
        "type": "s.content_type_id",
        "category": "s.category_id",
        "body": "s.body_id",
        "year": "s.year",
    },
}
# Facets stored as numbers of govsearch_facetterm on PostgreSQL.
TERM_FACETS = ("category", "body")
PG_GIN_INDEX = "govsearch_searchindex_vector"
PG_CREATE_GIN = (
    f"CREATE INDEX IF NOT EXISTS {PG_GIN_INDEX} ON govsearch_searchindex "
    "USING gin (vector) WITH (fastupdate = off)"
)


@dataclass
class SegmentedText:
    title: str
    doc_number: str
    body: str

    def lexemes(self):
        """Every distinct word of the document, and its title words marked."""
        title = self.title.split()
        words = set(title)
        words.update(self.doc_number.split())
        words.update(self.body.split())
        words.update(TITLE_MARK + word for word in title)
        return sorted(words)

    def prepared(self):
        """The words as the index stores them: `words` for FTS5, `vector` as
        tsvector input. Computed once; the bulk loader has worker processes
        do it."""
        if not hasattr(self, "words"):
            lexemes = self.lexemes()
            self.words = " ".join(lexemes)
            self.vector = " ".join([quoted(word) for word in lexemes])
        return self


def vendor():
    return connection.vendor


def quoted(word, sqlite=False):
    """A word as an FTS5 string (`sqlite`) or a quoted lexeme of tsvector and
    tsquery input. Tokens hold word characters only; quoting keeps it so."""
    if sqlite:
        return '"' + word.replace('"', '""') + '"'
    if "'" in word or "\\" in word:
        word = word.replace("\\", "\\\\").replace("'", "''")
    return "'" + word + "'"


def match_expression(words):
    if vendor() == "sqlite":
        return " AND ".join(quoted(word, sqlite=True) for word in words)
    return " & ".join(quoted(word) for word in words)


# --- dictionary of facet terms (PostgreSQL) --------------------------------

# Labels of term ids. An id, once given, always names the same value (ids come
# from a sequence, even when the transaction that took one rolls back), so
# this cache is never wrong; the other direction is never cached: a value's id
# taken in a transaction that rolls back does not exist afterwards.
_term_values = {}


def term_ids(values):
    """{value: id} in govsearch_facetterm, adding the values it lacks."""
    distinct = sorted(set(values))
    with connection.cursor() as cursor:
        cursor.execute(
            # Only the missing values: each candidate row takes a number from
            # the sequence even when it then conflicts.
            "INSERT INTO govsearch_facetterm (value) SELECT new.value "
            "FROM unnest(%s::text[]) AS new (value) WHERE NOT EXISTS (SELECT 1 "
            "FROM govsearch_facetterm t WHERE t.value = new.value) "
            "ON CONFLICT (value) DO NOTHING",
            [distinct],
        )
        cursor.execute(
            "SELECT id, value FROM govsearch_facetterm WHERE value = ANY(%s)",
            [distinct],
        )
        rows = cursor.fetchall()
    _term_values.update(rows)
    return {value: pk for pk, value in rows}


def term_values(ids):
    missing = [pk for pk in ids if pk not in _term_values]
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, value FROM govsearch_facetterm WHERE id = ANY(%s)",
                [missing],
            )
            _term_values.update(cursor.fetchall())
    return {pk: _term_values.get(pk, "") for pk in ids}


# --- writing ----------------------------------------------------------------


def index_row(document, text, terms):
    """The PostgreSQL index row of a document (an object or an insert dict)."""

    def get(name):
        if isinstance(document, dict):
            return document[name]
        return getattr(document, name)

    return (
        get("id"),
        get("site_id"),
        get("content_type_id"),
        terms[get("category")],
        terms[get("issuing_body")],
        get("year"),
        get("date"),
        get("expire_at") if not isinstance(document, dict) else None,
        text.prepared().vector,
    )


PG_INDEX_COLUMNS = (
    "id, site_id, content_type_id, category_id, body_id, year, date, expire_at, vector"
)


def terms_of(documents):
    def get(document, name):
        return document[name] if isinstance(document, dict) else getattr(document, name)

    return term_ids(
        [get(d, "category") for d in documents]
        + [get(d, "issuing_body") for d in documents]
    )


def write(documents, texts, fresh=False):
    """Store saved `documents` with their segmented `texts` (same order) in the
    full-text index, replacing what it held for them (`fresh`: new rows, so
    nothing to replace)."""
    if not documents:
        return
    with connection.cursor() as cursor:
        if vendor() == "sqlite":
            if not fresh:
                cursor.executemany(
                    "DELETE FROM govsearch_fts WHERE rowid = %s",
                    [(document.pk,) for document in documents],
                )
            cursor.executemany(
                "INSERT INTO govsearch_fts (rowid, words) VALUES (%s, %s)",
                [
                    (document.pk, text.prepared().words)
                    for document, text in zip(documents, texts, strict=True)
                ],
            )
            return
        terms = terms_of(documents)
        placeholders = ", ".join(["%s"] * 8)
        cursor.executemany(
            f"INSERT INTO govsearch_searchindex ({PG_INDEX_COLUMNS}) "
            f"VALUES ({placeholders}, %s::tsvector) ON CONFLICT (id) DO UPDATE SET "
            "site_id = EXCLUDED.site_id, content_type_id = EXCLUDED.content_type_id, "
            "category_id = EXCLUDED.category_id, body_id = EXCLUDED.body_id, "
            "year = EXCLUDED.year, date = EXCLUDED.date, "
            "expire_at = EXCLUDED.expire_at, vector = EXCLUDED.vector, "
            # The full-length default again, so the new row version is long
            # enough to have its vector moved out of line (see migration 0003).
            "toast_trigger = DEFAULT",
            [
                index_row(document, text, terms)
                for document, text in zip(documents, texts, strict=True)
            ],
        )


def clear():
    """Empty the whole public index. On PostgreSQL the GIN index is dropped
    too, so a rebuild loads rows without maintaining it; `optimise()` builds
    it again in one pass (much faster than row by row)."""
    with connection.cursor() as cursor:
        if vendor() == "sqlite":
            SearchDocument.objects.all().delete()
            cursor.execute("DELETE FROM govsearch_fts")
        else:
            with transaction.atomic():
                # TRUNCATE refuses to run while foreign-key checks of earlier
                # writes in the transaction are pending (Django's are
                # deferred): run them now, then defer again.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"DROP INDEX IF EXISTS {PG_GIN_INDEX}")
                # A trigger truncates govsearch_searchindex with it.
                cursor.execute("TRUNCATE govsearch_searchdocument")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def optimise():
    """Compact the full-text index after a bulk load (PostgreSQL: build the
    GIN index if `clear()` dropped it)."""
    with connection.cursor() as cursor:
        if vendor() == "sqlite":
            cursor.execute(
                "INSERT INTO govsearch_fts(govsearch_fts) VALUES('optimize')"
            )
            cursor.execute("ANALYZE govsearch_searchdocument")
        else:
            with transaction.atomic():
                # Session-local: building the index in memory is what makes it
                # fast; the server's default (64 MB) spills to disk.
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                cursor.execute(PG_CREATE_GIN)
            cursor.execute("ANALYZE govsearch_searchindex")
            cursor.execute("ANALYZE govsearch_searchdocument")


# --- querying ---------------------------------------------------------------


def source_sql(words):
    """(FROM SQL with the index aliased `s`, WHERE SQL, params) of the
    documents containing every word."""
    if vendor() == "sqlite":
        return (
            # CROSS JOIN keeps the full-text match as the outer loop; the
            # covering index answers the facet columns.
            "govsearch_fts CROSS JOIN govsearch_searchdocument s "
            "ON s.id = govsearch_fts.rowid",
            "govsearch_fts MATCH %s",
            [match_expression(words)],
        )
    return (
        "govsearch_searchindex s",
        "s.vector @@ %s::tsquery",
        [match_expression(words)],
    )


def matching_ids_sql(words):
    """A subquery of the ids of documents containing every one of `words`."""
    if vendor() == "sqlite":
        return "SELECT rowid FROM govsearch_fts WHERE govsearch_fts MATCH %s", [
            match_expression(words)
        ]
    return "SELECT id FROM govsearch_searchindex WHERE vector @@ %s::tsquery", [
        match_expression(words)
    ]


def filters_sql(query):
    """SQL conditions over the index `s` for an EngineQuery, with params."""
    columns = FACET_COLUMNS[vendor()]
    conditions = ["(s.expire_at IS NULL OR s.expire_at > %s)"]
    params = [timezone.now()]
    if query.site_ids is not None:
        placeholders = ", ".join(["%s"] * len(query.site_ids)) or "NULL"
        conditions.append(f"s.site_id IN ({placeholders})")
        params.extend(query.site_ids)
    for name, value in (
        ("type", query.content_type_id),
        ("category", query.category),
        ("body", query.body),
        ("year", query.year),
    ):
        if not value:
            continue
        if vendor() == "postgresql" and name in TERM_FACETS:
            conditions.append(
                f"{columns[name]} = "
                "(SELECT id FROM govsearch_facetterm WHERE value = %s)"
            )
        else:
            conditions.append(f"{columns[name]} = %s")
        params.append(value)
    return conditions, params


@contextmanager
def statement_cursor():
    """A cursor for the search statements; on PostgreSQL in a transaction with
    JIT compilation off (the planner's estimates over a million rows would
    trigger it, and compiling costs more than these statements take) and
    more memory for the statement."""
    if vendor() == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            # work_mem: the matches of a frequent word (tens of thousands of
            # rows) stay in memory instead of a temporary file.
            cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '32MB'")
            yield cursor
    else:
        # Not in a transaction: SQLite's IMMEDIATE transactions would take the
        # write lock for a read.
        with connection.cursor() as cursor:
            yield cursor


def matches_sql(words, query):
    """(SQL, params) selecting every match of `query` (an EngineQuery) with
    its id, date, facet columns (named as FACET_NAMES), `score` and `pin`.

    The score is the number of query words in the title: each is one more
    index lookup (the marked title word among the matches), hashed once per
    statement, so no document is read for it. `pin` is 1 for the documents
    whose normalised document number is the query's: they come first
    whatever the order."""
    source, condition, params = source_sql(words)
    conditions, filter_params = filters_sql(query)
    where = " AND ".join([condition, *conditions])
    score_parts, score_params = [], []
    for word in words:
        subquery, subquery_params = matching_ids_sql([*words, TITLE_MARK + word])
        score_parts.append(f"CASE WHEN s.id IN ({subquery}) THEN 1 ELSE 0 END")
        score_params.extend(subquery_params)
    pin, pin_params = "0", []
    if query.pinned_key:
        pin = (
            "CASE WHEN s.id IN (SELECT id FROM govsearch_searchdocument "
            "WHERE doc_number_key = %s) THEN 1 ELSE 0 END"
        )
        pin_params = [query.pinned_key]
    columns = FACET_COLUMNS[vendor()]
    facets = ", ".join(f"{columns[name]} AS {name}" for name in FACET_NAMES)
    sql = (
        f"SELECT s.id AS id, s.date AS date, {facets}, "
        f"{' + '.join(score_parts)} AS score, {pin} AS pin "
        f"FROM {source} WHERE {where}"
    )
    return sql, [*score_params, *pin_params, *params, *filter_params]


def page_sql(query):
    """(SQL, params) of one page of results, ranked, from `matches`."""
    order_by = "score DESC, date DESC" if query.order == "relevance" else "date DESC"
    return (
        f"SELECT id, score FROM matches ORDER BY pin DESC, {order_by}, id DESC "
        "LIMIT %s OFFSET %s",
        [query.limit, query.offset],
    )


def search(words, query):
    """[(document id, score), ...] for one page of results of `query`."""
    matches, matches_params = matches_sql(words, query)
    page, page_params = page_sql(query)
    with statement_cursor() as cursor:
        cursor.execute(
            f"WITH matches AS ({matches}) {page}", [*matches_params, *page_params]
        )
        return cursor.fetchall()


def search_with_facets(words, query):
    """(one page of [(document id, score), ...], {facet name: {value: count}})
    in one statement: the matches are found once (one pass over the index),
    then ranked for the page and grouped five ways for the facets."""
    matches, matches_params = matches_sql(words, query)
    page, page_params = page_sql(query)
    if vendor() == "sqlite":
        groups = " UNION ALL ".join(
            f"SELECT '{name}', {name}, COUNT(*) FROM matches GROUP BY {name}"
            for name in FACET_NAMES
        )
        tail = f"SELECT 'hit', id, score FROM ({page}) UNION ALL {groups}"
    else:
        # One aggregate with five grouping sets; GROUPING() tells which set a
        # row belongs to. The page's rows come first, marked -1.
        listed = ", ".join(FACET_NAMES)
        sets = ", ".join(f"({name})" for name in FACET_NAMES)
        tail = (
            f"SELECT -1, id, score, NULL, NULL, NULL, NULL FROM ({page}) AS page "
            f"UNION ALL SELECT GROUPING({listed}), {listed}, COUNT(*) FROM matches "
            f"GROUP BY GROUPING SETS ({sets})"
        )
    with statement_cursor() as cursor:
        cursor.execute(
            f"WITH matches AS MATERIALIZED ({matches}) {tail}",
            [*matches_params, *page_params],
        )
        rows = cursor.fetchall()
    facets = {name: {} for name in FACET_NAMES}
    hits = []
    if vendor() == "sqlite":
        for kind, value, number in rows:
            if kind == "hit":
                hits.append((value, number))
            else:
                facets[kind][str(value) if value is not None else None] = number
        return hits, facets
    last = len(FACET_NAMES) - 1
    for grouping, *values, number in rows:
        if grouping == -1:
            hits.append((values[0], values[1]))
            continue
        # GROUPING() sets the bit of every column *not* grouped, the first
        # column being the highest bit.
        position = next(
            index
            for index in range(len(FACET_NAMES))
            if not grouping >> (last - index) & 1
        )
        facets[FACET_NAMES[position]][values[position]] = number
    for name in TERM_FACETS:
        labels = term_values([pk for pk in facets[name] if pk is not None])
        facets[name] = {
            labels.get(pk, "") if pk is not None else None: number
            for pk, number in facets[name].items()
        }
    for name in ("site", "type", "year"):
        facets[name] = {
            str(value) if value is not None else None: number
            for value, number in facets[name].items()
        }
    return hits, facets


def count(words, query):
    source, condition, params = source_sql(words)
    conditions, filter_params = filters_sql(query)
    where = " AND ".join([condition, *conditions])
    with statement_cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {source} WHERE {where}", [*params, *filter_params]
        )
        return cursor.fetchone()[0]


# --- bulk loading -----------------------------------------------------------

INSERT_COLUMNS = (
    "site_id",
    "content_type_id",
    "title",
    "url",
    "text",
    "category",
    "issuing_body",
    "doc_number",
    "doc_number_key",
    "date",
    "year",
    "indexed_at",
)


def bulk_insert(rows, texts):
    """Insert new documents and their index entries in a few statements,
    bypassing the ORM: the bulk loading path (the benchmark; rebuilds after
    `clear()`). `rows` are dicts with the INSERT_COLUMNS but indexed_at;
    `texts` SegmentedTexts. PostgreSQL takes both tables by COPY."""
    if not rows:
        return
    now = timezone.now()
    with connection.cursor() as cursor:
        if vendor() == "sqlite":
            adapt = connection.ops.adapt_datetimefield_value
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM govsearch_searchdocument")
            first_id = cursor.fetchone()[0] + 1
            columns = ", ".join(INSERT_COLUMNS)
            placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
            cursor.executemany(
                f"INSERT INTO govsearch_searchdocument (id, {columns}) "
                f"VALUES (%s, {placeholders})",
                [
                    [
                        first_id + number,
                        *(row[column] for column in INSERT_COLUMNS[:9]),
                        adapt(row["date"]) if row["date"] else None,
                        row["year"],
                        adapt(now),
                    ]
                    for number, row in enumerate(rows)
                ],
            )
            cursor.executemany(
                "INSERT INTO govsearch_fts (rowid, words) VALUES (%s, %s)",
                [
                    (first_id + number, text.prepared().words)
                    for number, text in enumerate(texts)
                ],
            )
            return
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('govsearch_searchdocument', 'id')) "
            "FROM generate_series(1, %s)",
            [len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        terms = terms_of(rows)
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(
            f"COPY govsearch_searchdocument (id, {', '.join(INSERT_COLUMNS)}) "
            "FROM STDIN"
        ) as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row(
                    [pk, *(row[column] for column in INSERT_COLUMNS[:11]), now]
                )
        with raw.copy(
            f"COPY govsearch_searchindex ({PG_INDEX_COLUMNS}) FROM STDIN"
        ) as copy:
            for pk, row, text in zip(ids, rows, texts, strict=True):
                copy.write_row(index_row({**row, "id": pk}, text, terms))
