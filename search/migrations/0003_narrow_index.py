"""A narrow full-text index beside govsearch_searchdocument (see
docs/search.md, "The public search index").

PostgreSQL: the words move from a column of the wide documents table into
`govsearch_searchindex` (id, facets as integers, date, expiry, a tsvector kept
out of line, a GIN index), issuing bodies and subject classifications are
numbered in `govsearch_facetterm`. Rows follow their documents by triggers
(delete and truncate; Django's test flush truncates).

SQLite: `govsearch_fts` becomes one column of words with `detail=none` (no
positions) and the `ascii` tokenizer (it never splits a segmented word).

Title words are indexed a second time behind U+E000 so ranking by title words
is an index lookup. Existing index rows are converted."""

from django.db import migrations

TITLE_MARK = "\ue000"

POSTGRES_CREATE = [
    "CREATE TABLE govsearch_facetterm (id serial PRIMARY KEY, value text NOT NULL "
    "UNIQUE)",
    # Fixed-width columns first: they pack without padding.
    "CREATE TABLE govsearch_searchindex (id bigint PRIMARY KEY, "
    "date timestamptz, expire_at timestamptz, site_id integer NOT NULL, "
    "content_type_id integer NOT NULL, category_id integer NOT NULL, "
    "body_id integer NOT NULL, year smallint, vector tsvector NOT NULL, "
    "toast_trigger text NOT NULL DEFAULT repeat('.', 2100)) "
    # The vector goes out of line (TOAST) so a match is counted without
    # reading it and the heap keeps ~70 rows a page (~117 bytes a row).
    # PostgreSQL only starts moving values out of a row longer than ~2 kB,
    # whatever toast_tuple_target says; a document's vector is ~1 kB. The
    # constant toast_trigger makes every row that long: it compresses to
    # ~35 bytes, and then the vector is moved out until the row fits 128.
    "WITH (toast_tuple_target = 128)",
    "CREATE FUNCTION govsearch_searchindex_delete() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "DELETE FROM govsearch_searchindex WHERE id IN (SELECT id FROM gone); "
    "RETURN NULL; END $$",
    "CREATE TRIGGER govsearch_searchindex_delete AFTER DELETE ON "
    "govsearch_searchdocument REFERENCING OLD TABLE AS gone FOR EACH STATEMENT "
    "EXECUTE FUNCTION govsearch_searchindex_delete()",
    "CREATE FUNCTION govsearch_searchindex_truncate() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN TRUNCATE govsearch_searchindex; RETURN NULL; "
    "END $$",
    "CREATE TRIGGER govsearch_searchindex_truncate AFTER TRUNCATE ON "
    "govsearch_searchdocument FOR EACH STATEMENT "
    "EXECUTE FUNCTION govsearch_searchindex_truncate()",
    # Convert: the old vector's words, plus its title words (weight B) marked.
    "INSERT INTO govsearch_facetterm (value) SELECT category FROM "
    "govsearch_searchdocument UNION SELECT issuing_body FROM "
    "govsearch_searchdocument",
    "INSERT INTO govsearch_searchindex (id, date, expire_at, site_id, "
    "content_type_id, category_id, body_id, year, vector) "
    "SELECT d.id, d.date, d.expire_at, d.site_id, d.content_type_id, c.id, b.id, "
    "d.year, array_to_tsvector(tsvector_to_array(d.search_vector) || ARRAY("
    f"SELECT '{TITLE_MARK}' || word FROM unnest(tsvector_to_array("
    "ts_filter(d.search_vector, '{b}'))) AS word)) "
    "FROM govsearch_searchdocument d "
    "JOIN govsearch_facetterm c ON c.value = d.category "
    "JOIN govsearch_facetterm b ON b.value = d.issuing_body "
    "WHERE d.search_vector IS NOT NULL",
    "CREATE INDEX govsearch_searchindex_vector ON govsearch_searchindex "
    "USING gin (vector) WITH (fastupdate = off)",
    "DROP INDEX govsearch_searchdocument_vector",
    "ALTER TABLE govsearch_searchdocument DROP COLUMN search_vector",
    "ALTER TABLE govsearch_searchdocument RESET (toast_tuple_target)",
]
# Going back leaves the old index empty: run `manage.py update_index`.
POSTGRES_DROP = [
    "ALTER TABLE govsearch_searchdocument ADD COLUMN search_vector tsvector",
    "ALTER TABLE govsearch_searchdocument SET (toast_tuple_target = 128)",
    "CREATE INDEX govsearch_searchdocument_vector ON govsearch_searchdocument "
    "USING gin (search_vector)",
    "DROP TRIGGER govsearch_searchindex_truncate ON govsearch_searchdocument",
    "DROP TRIGGER govsearch_searchindex_delete ON govsearch_searchdocument",
    "DROP FUNCTION govsearch_searchindex_truncate()",
    "DROP FUNCTION govsearch_searchindex_delete()",
    "DROP TABLE govsearch_searchindex",
    "DROP TABLE govsearch_facetterm",
]

SQLITE_TRIGGER = (
    "CREATE TRIGGER govsearch_fts_delete AFTER DELETE ON govsearch_searchdocument "
    "BEGIN DELETE FROM govsearch_fts WHERE rowid = old.id; END"
)


def lexemes(title, doc_number, body):
    title_words = title.split()
    words = set(title_words) | set(doc_number.split()) | set(body.split())
    words.update(TITLE_MARK + word for word in title_words)
    return " ".join(sorted(words))


def sqlite_forward(schema_editor):
    execute = schema_editor.execute
    execute("DROP TRIGGER govsearch_fts_delete")
    execute("ALTER TABLE govsearch_fts RENAME TO govsearch_fts_old")
    execute(
        "CREATE VIRTUAL TABLE govsearch_fts USING fts5(words, detail = none, "
        "columnsize = 0, tokenize = 'ascii')"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT rowid, title, doc_number, body FROM govsearch_fts_old")
        rows = cursor.fetchall()
        cursor.executemany(
            "INSERT INTO govsearch_fts (rowid, words) VALUES (%s, %s)",
            [(rowid, lexemes(*texts)) for rowid, *texts in rows],
        )
    execute("DROP TABLE govsearch_fts_old")
    execute(SQLITE_TRIGGER)


def sqlite_backward(schema_editor):
    execute = schema_editor.execute
    execute("DROP TRIGGER govsearch_fts_delete")
    execute("DROP TABLE govsearch_fts")
    execute(
        "CREATE VIRTUAL TABLE govsearch_fts USING fts5("
        "title, doc_number, body, tokenize = 'unicode61 remove_diacritics 0')"
    )
    execute(SQLITE_TRIGGER)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        sqlite_forward(schema_editor)
    elif schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        sqlite_backward(schema_editor)
    elif schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("govsearch", "0002_fulltext_index")]

    operations = [migrations.RunPython(forward, backward)]
