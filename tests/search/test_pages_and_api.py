"""The public search page and the JSON API, asked through a site's host name."""

import pytest
from django.core.cache import cache
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import SearchQueryLog


@pytest.fixture
def indexed(corpus):
    from search import indexing

    indexing.rebuild()
    cache.clear()
    return corpus


def test_search_page_shows_highlighted_results_and_facets(client, indexed):
    response = client.get("/search/", {"q": "安全生产"}, HTTP_HOST="city.localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>安全</mark><mark>生产</mark>" in html
    assert "关于开展<mark>安全</mark><mark>生产</mark>大检查的通知" in html
    assert "县应急管理局" not in html  # another site's page, site scope
    assert 'class="search-facet"' in html
    assert "年份" in html and "2024" in html


def test_search_page_cluster_scope(client, indexed):
    response = client.get(
        "/search/", {"q": "安全生产", "scope": "cluster"}, HTTP_HOST="city.localhost"
    )
    assert "县应急管理局关于<mark>安全</mark>" in response.content.decode()


def test_empty_state_offers_suggestions(client, indexed):
    client.get("/search/", {"q": "安全生产"}, HTTP_HOST="city.localhost")
    response = client.get("/search/", {"q": "量子计算机"}, HTTP_HOST="city.localhost")
    html = response.content.decode()
    assert "没有找到与“量子计算机”相关的内容" in html
    assert "在全站群范围内搜索" in html
    assert "大家都在搜" in html and "安全生产" in html


def test_suggestions_only_offer_queries_that_find_something_now(
    client, indexed, cluster
):
    from django.utils import timezone

    for query, results in [("医保", 3), ("营业执照", 12), ("安全生产", 5)]:
        # The counts logged once (or seeded) are not trusted: 营业执照 finds
        # nothing in this corpus today.
        SearchQueryLog.objects.create(
            site=cluster.city.site,
            day=timezone.localdate(),
            query=query,
            hits=20,
            results=results,
        )
    response = client.get("/search/", {"q": "量子计算机"}, HTTP_HOST="city.localhost")
    html = response.content.decode()
    assert 'href="?q=%E5%8C%BB%E4%BF%9D">医保</a>' in html
    assert "安全生产</a>" in html
    assert "营业执照" not in html


def test_bad_parameters_get_a_chinese_error(client, indexed):
    response = client.get(
        "/search/",
        {"q": "安全生产", "year": "二〇二四", "sort": "hot"},
        HTTP_HOST="city.localhost",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "年份应为四位数字" in html
    assert "排序只能是" in html


def test_search_page_escapes_the_query(client, indexed):
    response = client.get(
        "/search/", {"q": "<script>x</script>"}, HTTP_HOST="city.localhost"
    )
    assert "<script>x</script>" not in response.content.decode()


def test_promotions_show_only_on_their_own_site(client, indexed, cluster):
    query = Query.get("安全生产")
    SearchPromotion.objects.create(
        query=query, page=indexed["county"], description="本县安全生产月专题"
    )
    county = client.get("/search/", {"q": "安全生产"}, HTTP_HOST="county.localhost")
    assert "本县安全生产月专题" in county.content.decode()
    city = client.get("/search/", {"q": "安全生产"}, HTTP_HOST="city.localhost")
    assert "本县安全生产月专题" not in city.content.decode()


def test_queries_are_logged_without_personal_data(client, indexed, cluster):
    client.get(
        "/search/",
        {"q": "安全生产"},
        HTTP_HOST="city.localhost",
        REMOTE_ADDR="10.1.2.3",
    )
    client.get("/search/", {"q": "安全生产"}, HTTP_HOST="city.localhost")
    client.get("/search/", {"q": "量子计算机"}, HTTP_HOST="city.localhost")
    client.get("/search/", {"q": "510903199001011234 社保"}, HTTP_HOST="city.localhost")
    logs = {
        log.query: log for log in SearchQueryLog.objects.filter(site=cluster.city.site)
    }
    assert logs["安全生产"].hits == 2 and logs["安全生产"].results == 2
    assert logs["量子计算机"].results == 0
    assert "＊ 社保" in logs
    assert not any("510903" in query or "10.1.2.3" in query for query in logs)
    field_names = {field.name for field in SearchQueryLog._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "user", "session"}


def test_api_answers_in_the_agreed_shape(client, indexed):
    response = client.get(
        "/api/search/",
        {"q": "国发（2016）55号", "scope": "cluster"},
        HTTP_HOST="city.localhost",
    )
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "results", "facets"}
    first = data["results"][0]
    assert set(first) == {"title", "url", "site", "type", "date", "snippet"}
    assert first["title"].startswith("国务院关于印发")
    assert first["url"] == "http://city.localhost/policies/state-council/"
    assert first["date"] == "2016-09-29"
    assert first["site"] == "测试市人民政府"
    assert set(data["facets"]) == {"site", "type", "category", "body", "year"}
    assert {"value": "2016", "label": "2016", "count": 2} in data["facets"]["year"]


def test_api_rejects_bad_input_in_chinese(client, indexed):
    missing = client.get("/api/search/", HTTP_HOST="city.localhost")
    assert missing.status_code == 400
    assert "请提供检索词" in missing.json()["error"]
    bad = client.get(
        "/api/search/", {"q": "安全", "page": "0"}, HTTP_HOST="city.localhost"
    )
    assert bad.status_code == 400
    assert bad.json()["errors"]["page"] == ["页码应为正整数。"]


def test_api_cors_for_configured_origins_only(client, indexed, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://www.gov.cn"]
    allowed = client.get(
        "/api/search/",
        {"q": "安全生产"},
        HTTP_HOST="city.localhost",
        HTTP_ORIGIN="https://www.gov.cn",
    )
    assert allowed["Access-Control-Allow-Origin"] == "https://www.gov.cn"
    other = client.get(
        "/api/search/",
        {"q": "安全生产"},
        HTTP_HOST="city.localhost",
        HTTP_ORIGIN="https://evil.example",
    )
    assert "Access-Control-Allow-Origin" not in other


def test_api_is_rate_limited(client, indexed, settings):
    settings.GOVSEARCH_API_RATE_LIMIT = (2, 60)
    codes = [
        client.get(
            "/api/search/", {"q": "安全生产"}, HTTP_HOST="city.localhost"
        ).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    limited = client.get("/api/search/", {"q": "安全生产"}, HTTP_HOST="city.localhost")
    assert limited.json()["error"] == "请求过于频繁，请 1 分钟后再试。"
    assert limited["Retry-After"] == "60"
    # Another client address has its own allowance.
    other = client.get(
        "/api/search/",
        {"q": "安全生产"},
        HTTP_HOST="city.localhost",
        REMOTE_ADDR="10.9.9.9",
    )
    assert other.status_code == 200
