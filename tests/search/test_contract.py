"""The search contract every engine keeps (database: SQLite or PostgreSQL;
OpenSearch when a node answers, `make opensearch`; Elasticsearch when
ELASTICSEARCH_URL is set): `pytest tests/search -k opensearch` runs one."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from search import indexing
from search.models import Synonym
from tests.search.helpers import search, titles

INSPECTION = "关于开展安全生产大检查的通知"
STATE_COUNCIL = "国务院关于印发“互联网+政务服务”技术体系建设指南的通知"


def test_finds_words_inside_sentences(searchable):
    assert INSPECTION in titles(search(q="安全生产"))
    assert INSPECTION in titles(search(q="检查"))
    assert "全市春耕备耕工作会议召开" in titles(search(q="春耕"))


def test_title_matches_rank_above_body_matches(searchable):
    found = titles(search(q="安全生产"))
    assert found[-1] == "全市春耕备耕工作会议召开"
    assert set(found[:2]) == {INSPECTION, "县应急管理局关于安全生产月活动的通知"}


@pytest.mark.parametrize(
    "typed",
    [
        "国发〔2016〕55号",
        "国发[2016]55号",
        "国发(2016)55号",
        "国发（2016）55号",
        "国发【2016】55号",
    ],
)
def test_document_number_finds_the_document_first(searchable, typed):
    outcome = search(q=typed)
    assert outcome.hits[0].title == STATE_COUNCIL
    # The news item quoting the number is found too, after the document.
    assert "我市召开政务服务工作会议" in titles(outcome)[1:]


def test_document_number_first_even_by_date(searchable):
    outcome = search(q="国发[2016]55号", sort="date")
    assert outcome.hits[0].title == STATE_COUNCIL


def test_facet_counts(searchable, cluster):
    outcome = search(q="安全生产")
    assert outcome.count == 3
    sites = {value.value: value.count for value in outcome.facets["site"]}
    assert sites == {"city.localhost": 2, "county.localhost": 1}
    years = {value.value: value.count for value in outcome.facets["year"]}
    assert years == {"2024": 1, "2025": 2}
    types = {value.value: value.count for value in outcome.facets["type"]}
    assert types == {"pages.articlepage": 3}


def test_filters_narrow_results(searchable):
    assert titles(search(q="安全生产", year="2024")) == [INSPECTION]
    assert titles(search(q="安全生产", site="county.localhost")) == [
        "县应急管理局关于安全生产月活动的通知"
    ]
    assert search(q="安全生产", type="pages.serviceguidepage").count == 0


def test_site_scope_and_cluster_scope(searchable, cluster):
    city = search(cluster.city.site, q="安全生产")
    assert city.count == 2
    assert all(hit.site_hostname == "city.localhost" for hit in city.hits)
    assert search(cluster.county.site, q="安全生产").count == 1
    assert search(cluster.county.site, q="安全生产", scope="cluster").count == 3


def test_sort_by_date(searchable):
    found = titles(search(q="安全生产", sort="date"))
    assert found == [
        "县应急管理局关于安全生产月活动的通知",
        "全市春耕备耕工作会议召开",
        INSPECTION,
    ]


def test_unpublished_pages_never_appear(searchable, django_capture_on_commit_callbacks):
    assert "安全生产督查草稿" not in titles(search(q="督查"))
    with django_capture_on_commit_callbacks(execute=True):
        searchable["inspection"].unpublish()
    assert INSPECTION not in titles(search(q="安全生产"))


def test_private_and_expired_pages_never_appear(
    searchable, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=searchable["county"], restriction_type="password", password="secret"
        )
    assert "县应急管理局关于安全生产月活动的通知" not in titles(search(q="安全生产"))

    page = searchable["inspection"]
    page.expire_at = timezone.now() + timedelta(days=1)
    page.save_revision().publish()
    indexing.index_pages([page.pk])
    assert INSPECTION in titles(search(q="安全生产"))
    # Past its expiry time the page is gone, even before Wagtail unpublishes it.
    type(page).objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    indexing.index_pages([page.pk])
    assert INSPECTION not in titles(search(q="安全生产"))


def test_highlighted_snippet(searchable):
    hit = search(q="安全生产")
    snippet = next(h.snippet for h in hit.hits if h.title == "全市春耕备耕工作会议召开")
    assert "<mark>安全</mark><mark>生产</mark>" in snippet


MEDICAL = "关于调整城乡居民医疗保险待遇的通知"
ABBREVIATED = "市民可在手机上办理医保和公积金业务"


def test_abbreviations_find_the_full_names_and_back(searchable):
    # 医保 ↔ 医疗保险 and 公积金 ↔ 住房公积金 are in the starter table.
    assert set(titles(search(q="医保"))) == {MEDICAL, ABBREVIATED}
    assert set(titles(search(q="医疗保险"))) == {MEDICAL, ABBREVIATED}
    assert titles(search(q="住房公积金")) == [ABBREVIATED]
    # Every clause must match: 医保 and 报销 are both in the notice only.
    assert titles(search(q="医保报销")) == [MEDICAL]


def test_synonyms_highlight_the_words_found(searchable):
    hit = next(h for h in search(q="医保").hits if h.title == MEDICAL)
    assert "<mark>医疗保险</mark>" in hit.title_html
    assert "<mark>医疗保险</mark>" in hit.snippet


def test_a_synonym_group_added_applies_at_once(searchable):
    assert titles(search(q="春播")) == []
    Synonym.objects.create(terms="春播、春耕")
    assert titles(search(q="春播")) == ["全市春耕备耕工作会议召开"]


QUERIES = [
    {"q": "安全生产"},
    {"q": "安全生产", "sort": "date"},
    {"q": "政务服务"},
    {"q": "国发〔2016〕55号"},
    {"q": "国发〔2016〕55号", "sort": "date"},
    {"q": "会议"},
    {"q": "工作", "year": "2025"},
    {"q": "通知", "type": "pages.articlepage"},
    {"q": "安全生产", "site": "city.localhost"},
    {"q": "安全生产", "page": "2"},
    {"q": "医保"},
    {"q": "医保 报销", "sort": "date"},
    {"q": "住房公积金"},
]


def answers(cluster):
    """What every query of QUERIES finds, in full: ids in order, count, facets."""
    found = []
    for params in QUERIES:
        for asked_on in (None, cluster.city.site):
            outcome = search(asked_on, **params)
            found.append(
                (
                    titles(outcome),
                    outcome.count,
                    {
                        name: [(value.value, value.count) for value in values]
                        for name, values in outcome.facets.items()
                    },
                )
            )
    return found


def test_same_answers_as_the_bitmap_index(searchable, engine_name, cluster, settings):
    on_engine = answers(cluster)
    settings.GOVSEARCH_ENGINE = "database"
    indexing.rebuild()
    assert on_engine == answers(cluster)
