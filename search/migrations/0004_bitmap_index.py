"""The public search index becomes bitmaps of document ids per token
(`govsearch_posting`, search/fulltext.py), the same on SQLite and PostgreSQL:
the FTS5 table (SQLite) and the narrow tsvector table with its term
dictionary and triggers (PostgreSQL) go. The index is derived data and is
emptied: run `manage.py update_index --public-only` after migrating."""

from django.db import migrations, models

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS govsearch_fts_delete",
    "DROP TABLE IF EXISTS govsearch_fts",
    "DROP INDEX IF EXISTS govsearch_searchdocument_facets",
    "DELETE FROM govsearch_searchdocument",
]
# Going back leaves the old index empty too.
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE govsearch_fts USING fts5(words, detail = none, "
    "columnsize = 0, tokenize = 'ascii')",
    "CREATE TRIGGER govsearch_fts_delete AFTER DELETE ON govsearch_searchdocument "
    "BEGIN DELETE FROM govsearch_fts WHERE rowid = old.id; END",
    "CREATE INDEX govsearch_searchdocument_facets ON govsearch_searchdocument "
    "(id, site_id, content_type_id, category, issuing_body, year, date, expire_at, "
    "doc_number_key)",
    "DELETE FROM govsearch_searchdocument",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS govsearch_searchindex_truncate ON govsearch_searchdocument",
    "DROP TRIGGER IF EXISTS govsearch_searchindex_delete ON govsearch_searchdocument",
    "DROP FUNCTION IF EXISTS govsearch_searchindex_truncate()",
    "DROP FUNCTION IF EXISTS govsearch_searchindex_delete()",
    "DROP TABLE IF EXISTS govsearch_searchindex",
    "DROP TABLE IF EXISTS govsearch_facetterm",
    "TRUNCATE govsearch_searchdocument",
]
POSTGRES_CREATE = [
    "CREATE TABLE govsearch_facetterm (id serial PRIMARY KEY, value text NOT NULL "
    "UNIQUE)",
    "CREATE TABLE govsearch_searchindex (id bigint PRIMARY KEY, "
    "date timestamptz, expire_at timestamptz, site_id integer NOT NULL, "
    "content_type_id integer NOT NULL, category_id integer NOT NULL, "
    "body_id integer NOT NULL, year smallint, vector tsvector NOT NULL, "
    "toast_trigger text NOT NULL DEFAULT repeat('.', 2100)) "
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
    "CREATE INDEX govsearch_searchindex_vector ON govsearch_searchindex "
    "USING gin (vector) WITH (fastupdate = off)",
    "TRUNCATE govsearch_searchdocument",
]
# A bitmap hardly compresses: store it out of line without trying (and
# without decompressing it on every read).
POSTGRES_STORAGE = [
    "ALTER TABLE govsearch_posting ALTER COLUMN docs SET STORAGE EXTERNAL",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):

    dependencies = [
        ('govsearch', '0003_narrow_index'),
    ]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
            run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
        ),
        migrations.CreateModel(
            name='Posting',
            fields=[
                ('token', models.TextField(primary_key=True, serialize=False, verbose_name='词')),
                ('docs', models.BinaryField(verbose_name='文档集合')),
                ('version', models.BigIntegerField(help_text='最后一次修改时的索引代号。', verbose_name='版本')),
                ('attribute', models.BooleanField(db_index=True, default=False, help_text='分面取值、月份或过期标记，而不是词；每次检索都读取全部属性。', verbose_name='属性')),
            ],
            options={
                'verbose_name': '倒排记录',
                'verbose_name_plural': '倒排记录',
            },
        ),
        migrations.CreateModel(
            name='PostingState',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('generation', models.BigIntegerField(default=0, verbose_name='索引代号')),
            ],
            options={
                'verbose_name': '倒排索引状态',
                'verbose_name_plural': '倒排索引状态',
            },
        ),
        migrations.RemoveIndex(
            model_name='searchdocument',
            name='govsearch_s_site_id_d3ef7a_idx',
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='words',
            field=models.TextField(blank=True, help_text='文档的全部分词（含标题词标记），更新或删除时据此从索引中移除。', verbose_name='索引词'),
        ),
        migrations.AlterField(
            model_name='searchdocument',
            name='date',
            field=models.DateTimeField(blank=True, null=True, verbose_name='日期'),
        ),
        migrations.RunPython(run({"postgresql": POSTGRES_STORAGE}), migrations.RunPython.noop),
    ]
