"""The full-text index beside govsearch_searchdocument, in the database's own
engine: an FTS5 table on SQLite (rowid = document id, kept free of orphans by a
trigger), a weighted tsvector column with a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE govsearch_fts USING fts5("
    "title, doc_number, body, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TRIGGER govsearch_fts_delete AFTER DELETE ON govsearch_searchdocument "
    "BEGIN DELETE FROM govsearch_fts WHERE rowid = old.id; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS govsearch_fts_delete",
    "DROP TABLE IF EXISTS govsearch_fts",
]
POSTGRES_CREATE = [
    "ALTER TABLE govsearch_searchdocument ADD COLUMN search_vector tsvector",
    "CREATE INDEX govsearch_searchdocument_vector ON govsearch_searchdocument "
    "USING gin (search_vector)",
]
POSTGRES_DROP = [
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
