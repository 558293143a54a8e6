"""Personal data typed into search (e-mail addresses, phone and ID numbers,
also in groups) is masked before the query is logged, so staff never see it
in the query report and readers never get it as a suggestion; the migration
masks what was logged before."""

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.utils import timezone

from search import indexing
from search.models import SearchQueryLog
from search.service import loggable_query
from tests.factories import PASSWORD, UserFactory

mask_migration = importlib.import_module(
    "search.migrations.0005_mask_personal_data_in_query_log"
)

PERSONAL = [
    ("zhangsan@example.com 社保", "＊ 社保"),
    ("社保 li.si+gov@mail.yunling.gov.cn", "社保 ＊"),
    ("wang＠qq．com", "＊"),
    ("138 0013 8000 医保", "＊ 医保"),
    ("138-0013-8000", "＊"),
    ("0825-1234567 公积金", "＊ 公积金"),
    ("510903199001011234", "＊"),
    ("5109 0319 9001 0112 3X 社保", "＊ 社保"),
]
KEPT = ["2024年 医保", "国发〔2016〕55号", "医保报销 2024", "公积金"]


@pytest.mark.parametrize(("typed", "logged"), PERSONAL)
def test_personal_data_is_masked(typed, logged):
    assert loggable_query(typed) == logged


@pytest.mark.parametrize("typed", KEPT)
def test_ordinary_queries_are_kept(typed):
    assert loggable_query(typed) == typed


def test_search_logs_masked_queries_and_staff_see_no_personal_data(
    client, corpus, cluster
):
    for typed, _logged in PERSONAL:
        cache.clear()
        client.get("/search/", {"q": typed}, HTTP_HOST="city.localhost")
        client.get("/api/search/", {"q": typed}, HTTP_HOST="city.localhost")
    logged = set(SearchQueryLog.objects.values_list("query", flat=True))
    assert logged == {masked for _typed, masked in PERSONAL}
    admin = UserFactory(username="root")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.login(username="root", password=PASSWORD)
    html = client.get("/admin/reports/search-queries/").content.decode()
    for secret in ("zhangsan", "example.com", "0013", "1234567", "510903", "qq"):
        assert secret not in html


def test_masked_queries_are_never_suggested(client, cluster, corpus):
    # Suggestions must find something now: the corpus is indexed.
    indexing.rebuild()
    today = timezone.localdate()
    for query in ("＊ 社保", "安全生产"):
        SearchQueryLog.objects.create(
            site=cluster.city.site, day=today, query=query, hits=9, results=3
        )
    response = client.get("/search/", {"q": "量子计算机"}, HTTP_HOST="city.localhost")
    html = response.content.decode()
    assert "大家都在搜" in html and "安全生产" in html
    assert "＊ 社保" not in html


def test_migration_masks_what_was_logged_before(cluster):
    site, today = cluster.city.site, timezone.localdate()
    create = SearchQueryLog.objects.create
    create(site=site, day=today, query="zhangsan@example.com 社保", hits=2, results=0)
    create(site=site, day=today, query="＊ 社保", hits=3, results=1)
    create(site=site, day=today, query="138 0013 8000", hits=1, results=0)
    create(site=site, day=today, query="2024年 医保", hits=4, results=5)
    mask_migration.mask_logged_queries(apps, None)
    rows = dict(SearchQueryLog.objects.values_list("query", "hits"))
    assert rows == {"＊ 社保": 5, "＊": 1, "2024年 医保": 4}
