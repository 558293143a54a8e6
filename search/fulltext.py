"""The public search index in the database's own full-text engine.

Rows of `SearchDocument` carry the facets; the segmented text goes into the
FTS5 table `govsearch_fts` (SQLite) or the `search_vector` column (PostgreSQL).
Both are queried with the same shape of SQL: one statement for the ranked page
of results and one for the total and every facet count."""

# SQL here is assembled from constant identifiers only; every value is a query
# parameter.
# ruff: noqa: S608

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from search.models import SearchDocument

# Relative weights: a word in the document number counts most, then the title,
# then the body (titles weigh more than bodies).
SQLITE_BM25 = "bm25(govsearch_fts, 10.0, 20.0, 1.0)"
FACET_COLUMNS = {
    "site": "d.site_id",
    "type": "d.content_type_id",
    "category": "d.category",
    "body": "d.issuing_body",
    "year": "d.year",
}


@dataclass
class SegmentedText:
    title: str
    doc_number: str
    body: str


def vendor():
    return connection.vendor


def write(documents, texts, fresh=False):
    """Store saved `documents` with their segmented `texts` (same order) in the
    full-text index, replacing what it held for them (`fresh`: new rows, so
    nothing to replace)."""
    if not documents:
        return
    with connection.cursor() as cursor:
        if vendor() == "sqlite" and not fresh:
            cursor.executemany(
                "DELETE FROM govsearch_fts WHERE rowid = %s",
                [(document.pk,) for document in documents],
            )
        if vendor() == "sqlite":
            cursor.executemany(
                "INSERT INTO govsearch_fts (rowid, title, doc_number, body) "
                "VALUES (%s, %s, %s, %s)",
                [
                    (document.pk, text.title, text.doc_number, text.body)
                    for document, text in zip(documents, texts, strict=True)
                ],
            )
        else:
            cursor.executemany(
                "UPDATE govsearch_searchdocument SET search_vector = "
                "setweight(to_tsvector('simple', %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'D') WHERE id = %s",
                [
                    (text.title, text.doc_number, text.body, document.pk)
                    for document, text in zip(documents, texts, strict=True)
                ],
            )


def clear():
    """Empty the whole public index."""
    SearchDocument.objects.all().delete()
    if vendor() == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM govsearch_fts")


def optimise():
    """Compact the full-text index after a bulk load."""
    with connection.cursor() as cursor:
        if vendor() == "sqlite":
            cursor.execute(
                "INSERT INTO govsearch_fts(govsearch_fts) VALUES('optimize')"
            )
        else:
            cursor.execute("ANALYZE govsearch_searchdocument")


def match_clause(words):
    """(FROM SQL, WHERE SQL, its params, score SQL, its params) matching
    documents that contain every word; a higher score ranks first."""
    if vendor() == "sqlite":
        expression = " AND ".join(f'"{word}"' for word in words)
        return (
            # CROSS JOIN keeps the full-text match as the outer loop.
            "govsearch_fts CROSS JOIN govsearch_searchdocument d ON d.id = govsearch_fts.rowid",
            "govsearch_fts MATCH %s",
            [expression],
            # bm25 is lower for better matches; negate so higher is better.
            f"-{SQLITE_BM25}",
            [],
        )
    expression = " & ".join(f"'{word}'" for word in words)
    return (
        "govsearch_searchdocument d",
        "d.search_vector @@ to_tsquery('simple', %s)",
        [expression],
        # ts_rank would read (and decompress) the vector of every match: far
        # too slow when a query matches tens of thousands of documents. The
        # score counts the query words in the title instead (an inline
        # column); the date breaks ties. See docs/search.md.
        " + ".join(["(strpos(lower(d.title), %s) > 0)::int"] * len(words)),
        list(words),
    )


def search(words, filters, filter_params, order, limit, offset, pinned_key=""):
    """[(document id, score), ...] for one page of results.

    `filters` is SQL over the documents table aliased `d`; `order` is
    "relevance" or "date"; documents whose normalised document number equals
    `pinned_key` come first whatever the order."""
    source, condition, params, score, score_params = match_clause(words)
    where = " AND ".join([condition, *filters])
    order_by = "score DESC, d.date DESC" if order == "relevance" else "d.date DESC"
    pin = "(d.doc_number_key = %s) DESC, " if pinned_key else ""
    sql = (
        f"SELECT d.id, {score} AS score FROM {source} WHERE {where} "
        f"ORDER BY {pin}{order_by}, d.id DESC LIMIT %s OFFSET %s"
    )
    all_params = [
        *score_params,
        *params,
        *filter_params,
        *([pinned_key] if pinned_key else []),
        limit,
        offset,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        return cursor.fetchall()


def facet_counts(words, filters, filter_params):
    """{facet name: {value: count}} over every matching document, in one
    statement: the matches are materialised once and grouped five ways."""
    source, condition, params, _score, _score_params = match_clause(words)
    where = " AND ".join([condition, *filters])
    columns = ", ".join(f"{column} AS {name}" for name, column in FACET_COLUMNS.items())
    groups = " UNION ALL ".join(
        f"SELECT '{name}', CAST({name} AS TEXT), COUNT(*) FROM matches GROUP BY {name}"
        for name in FACET_COLUMNS
    )
    sql = (
        f"WITH matches AS MATERIALIZED (SELECT {columns} FROM {source} WHERE {where}) "
        f"{groups}"
    )
    facets = {name: {} for name in FACET_COLUMNS}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *filter_params])
        for name, value, count in cursor.fetchall():
            facets[name][value] = count
    return facets


def count(words, filters, filter_params):
    source, condition, params, _score, _score_params = match_clause(words)
    where = " AND ".join([condition, *filters])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {source} WHERE {where}", [*params, *filter_params]
        )
        return cursor.fetchone()[0]


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
    bypassing the ORM: the bulk loading path (rebuilds and the benchmark).
    `rows` are dicts with the INSERT_COLUMNS; `texts` SegmentedTexts."""
    if not rows:
        return
    adapt = connection.ops.adapt_datetimefield_value
    now = adapt(timezone.now())
    values = [
        [
            *(row[column] for column in INSERT_COLUMNS[:9]),
            adapt(row["date"]) if row["date"] else None,
            row["year"],
            now,
        ]
        for row in rows
    ]
    columns = ", ".join(INSERT_COLUMNS)
    placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
    with connection.cursor() as cursor:
        if vendor() == "sqlite":
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM govsearch_searchdocument")
            first_id = cursor.fetchone()[0] + 1
            ids = range(first_id, first_id + len(rows))
            cursor.executemany(
                f"INSERT INTO govsearch_searchdocument (id, {columns}) "
                f"VALUES (%s, {placeholders})",
                [[pk, *row] for pk, row in zip(ids, values, strict=True)],
            )
            cursor.executemany(
                "INSERT INTO govsearch_fts (rowid, title, doc_number, body) "
                "VALUES (%s, %s, %s, %s)",
                [
                    (pk, text.title, text.doc_number, text.body)
                    for pk, text in zip(ids, texts, strict=True)
                ],
            )
        else:
            cursor.executemany(
                f"INSERT INTO govsearch_searchdocument ({columns}, search_vector) "
                f"VALUES ({placeholders}, "
                "setweight(to_tsvector('simple', %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'D'))",
                [
                    [*row, text.title, text.doc_number, text.body]
                    for row, text in zip(values, texts, strict=True)
                ],
            )
