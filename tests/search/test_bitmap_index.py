"""The database engine's bitmap index: changes and deletions leave no trace in
results or counts, and every process's cache follows writes made elsewhere."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from cms.pages.models import ArticlePage
from search import fulltext, indexing
from search.models import SearchDocument
from search.segmentation import segment
from tests.factories import add_article, column, make_cluster
from tests.search.helpers import search, titles


def facet(outcome, name):
    return {value.value: value.count for value in outcome.facets[name]}


def test_an_update_removes_the_old_words(cluster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = add_article(
            column(cluster.city, "news"), "全市开展防汛演练", slug="drill"
        )
    assert search(q="防汛").count == 1
    page.title = "全市开展消防演练"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    outcome = search(q="防汛")
    assert outcome.count == 0
    assert facet(outcome, "site") == {}
    assert titles(search(q="消防")) == ["全市开展消防演练"]


def test_deleting_a_page_drops_it_from_the_counts(
    corpus, django_capture_on_commit_callbacks
):
    assert search(q="安全生产").count == 3
    with django_capture_on_commit_callbacks(execute=True):
        corpus["inspection"].delete()
    outcome = search(q="安全生产")
    assert outcome.count == 2
    assert facet(outcome, "site") == {"city.localhost": 1, "county.localhost": 1}
    assert facet(outcome, "year") == {"2025": 2}


def test_an_expired_document_leaves_results_and_counts(corpus):
    page = corpus["inspection"]
    page.expire_at = timezone.now() + timedelta(days=1)
    page.save_revision().publish()
    indexing.index_pages([page.pk])
    assert search(q="安全生产").count == 3
    # Time passes: the stored expiry is now behind us, the page not yet
    # unpublished by Wagtail's publish_scheduled.
    SearchDocument.objects.filter(page=page).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    outcome = search(q="安全生产")
    assert outcome.count == 2
    assert "关于开展安全生产大检查的通知" not in titles(outcome)
    assert facet(outcome, "year") == {"2025": 2}


def test_a_rolled_back_write_is_not_remembered(cluster):
    news = column(cluster.city, "news")
    with transaction.atomic():
        page = add_article(news, "全市开展防汛演练", slug="drill")
        indexing.index_pages([page.pk])
        assert search(q="防汛").count == 1  # cached inside the transaction
        transaction.set_rollback(True)
    assert search(q="防汛").count == 0


def test_the_cache_stays_within_its_bound(corpus, settings):
    settings.GOVSEARCH_BITMAP_CACHE_MB = 0.001  # about 1 kB
    for words in ("安全生产", "政务服务", "春耕", "安全生产"):
        search(q=words)
    assert fulltext.cache.size <= 1024
    assert search(q="安全生产").count == 3


def test_bulk_loaded_documents_are_found_newest_first(cluster):
    """The benchmark's path: rows and bitmaps loaded in bulk."""
    site_id = cluster.city.site.pk
    content_type_id = ContentType.objects.get_for_model(ArticlePage).pk

    def row(title, when):
        return {
            "site_id": site_id,
            "content_type_id": content_type_id,
            "title": title,
            "url": f"http://city.localhost/{title}/",
            "text": "",
            "category": "综合政务",
            "issuing_body": "测试市人民政府",
            "doc_number": "",
            "doc_number_key": "",
            "date": when,
            "year": when.year if when else None,
        }

    rows = [
        row("防汛工作通知一", datetime(2024, 5, 2, tzinfo=UTC)),
        row("防汛工作通知二", None),
        row("防汛工作通知三", datetime(2024, 5, 9, tzinfo=UTC)),
        row("防汛工作通知四", datetime(2023, 1, 1, tzinfo=UTC)),
    ]
    texts = [fulltext.SegmentedText(segment(r["title"]), "", "") for r in rows]
    fulltext.clear()
    fulltext.bulk_insert(rows, fulltext.shape(rows, texts))
    fulltext.optimise()
    outcome = search(q="防汛", sort="date")
    # Documents without a date come last.
    assert titles(outcome) == [
        "防汛工作通知三",
        "防汛工作通知一",
        "防汛工作通知四",
        "防汛工作通知二",
    ]
    assert facet(outcome, "category") == {"综合政务": 4}
    assert titles(search(q="防汛", sort="date", page=1, year="2024")) == [
        "防汛工作通知三",
        "防汛工作通知一",
    ]


# Committed data for the other connection; Wagtail's initial pages restored
# first (an earlier transactional test may have flushed them).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_in_another_connection_is_seen_by_the_next_search():
    cluster = make_cluster()
    page = add_article(column(cluster.city, "news"), "全市开展防汛演练", slug="drill")
    indexing.index_pages([page.pk])
    assert search(q="防汛").count == 1  # now cached in this process

    def unpublish_elsewhere():
        # Another worker: its own database connection, same database.
        try:
            indexing.remove_pages([page.pk])
        finally:
            connection.close()

    worker = threading.Thread(target=unpublish_elsewhere)
    worker.start()
    worker.join()
    assert search(q="防汛").count == 0


def test_a_search_reads_postings_by_index_never_the_whole_table(corpus):
    """Every search after a write reads the attribute bitmaps' versions; it
    must look them up in the index on `attribute`, not scan every word's
    row (a bare `WHERE attribute` did on SQLite: 24 ms a cold search at
    20,000 documents, growing with the words indexed)."""
    from django.test.utils import CaptureQueriesContext

    fulltext.cache = fulltext.BitmapCache()  # cold: everything is read
    with CaptureQueriesContext(connection) as queries:
        assert search(q="安全生产").count == 3
    reads = [q["sql"] for q in queries if "FROM govsearch_posting" in q["sql"]]
    assert reads
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE govsearch_posting")
            cursor.execute("SET enable_seqscan = off")
        for sql in reads:
            cursor.execute(explain + sql)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "SCAN govsearch_posting" not in plan, plan
            assert "Seq Scan on govsearch_posting" not in plan, plan
        if connection.vendor == "postgresql":
            cursor.execute("RESET enable_seqscan")
