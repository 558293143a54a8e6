"""The full-text index beside govsearch_searchdocument, in the database's own
engine: an FTS5 table on SQLite (rowid = document id, kept free of orphans by a
trigger), a weighted tsvector column with a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE govsearch_fts USING fts5("
    "title, doc_number, body, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TRIGGER govsearch_fts_delete AFTER DELETE ON govsearch_searchdocument "
    "BEGIN DELETE FROM govsearch_fts WHERE rowid = old.id; END",
    # Matches are looked up by id; this covering index answers the ranking and
    # facet columns without reading the rows and their long text.
    "CREATE INDEX govsearch_searchdocument_facets ON govsearch_searchdocument "
    "(id, site_id, content_type_id, category, issuing_body, year, date, expire_at, "
    "doc_number_key)",
]
SQLITE_DROP = [
    "DROP INDEX IF EXISTS govsearch_searchdocument_facets",
    "DROP TRIGGER IF EXISTS govsearch_fts_delete",
    "DROP TABLE IF EXISTS govsearch_fts",
]
POSTGRES_CREATE = [
    "ALTER TABLE govsearch_searchdocument ADD COLUMN search_vector tsvector",
    # Move the text and the vector out of line (TOAST) so the heap holds only
    # narrow rows: counting facets over tens of thousands of matches then reads
    # a few thousand pages instead of a gigabyte.
    "ALTER TABLE govsearch_searchdocument SET (toast_tuple_target = 128)",
    "CREATE INDEX govsearch_searchdocument_vector ON govsearch_searchdocument "
    "USING gin (search_vector)",
]
POSTGRES_DROP = [
    "ALTER TABLE govsearch_searchdocument RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS govsearch_searchdocument_vector",
    "ALTER TABLE govsearch_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("govsearch", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
