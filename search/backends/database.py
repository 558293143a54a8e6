"""Wagtail's embedded search (modelsearch's database backend on SQLite FTS5
and PostgreSQL) taught to read Chinese: every indexed value and every query
string is segmented with rjieba first, so a word inside a sentence becomes a
token of its own. This is the backend the admin's search and any other
`Page.objects.search()` use; the public search has its own denormalised index
(see search/service.py and docs/search.md).

Set `WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends.database"`."""

from django.db import connection


def SearchBackend(params):  # noqa: N802  (modelsearch looks this name up)
    # Each module imports modelsearch's backend for that database only: the
    # other's models do not exist there.
    if connection.vendor == "postgresql":
        from search.backends.postgres import SegmentingPostgresSearchBackend

        return SegmentingPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from search.backends.sqlite import SegmentingSQLiteSearchBackend

        return SegmentingSQLiteSearchBackend(params)
    raise NotImplementedError(
        "GovCluster's segmenting search backend supports SQLite and PostgreSQL."
    )
