"""Bad query parameters on the public disclosure URLs get 400 and a message in
Chinese, never a server error."""

from datetime import date

import pytest

from tests.disclosure.conftest import add_document

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def catalog_documents(city, city_body):
    add_document(city, city_body, "二五年文件", date(2025, 3, 2), date(2025, 3, 3))
    add_document(city, city_body, "二六年文件", date(2026, 3, 2), date(2026, 3, 3))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "0"}, "年份参数应为 1 至 9999 之间的整数"),
        ({"year": "-1"}, "年份参数应为 1 至 9999 之间的整数"),
        ({"year": "10000"}, "年份参数应为 1 至 9999 之间的整数"),
        ({"year": HUGE}, "年份参数应为 1 至 9999 之间的整数"),
        ({"year": "二〇二六"}, "年份参数应为 1 至 9999 之间的整数"),
        ({"body": HUGE}, "发布机构参数应为正整数"),
        ({"body": "-5"}, "发布机构参数应为正整数"),
        ({"category": HUGE}, "主题分类参数应为正整数"),
        ({"category": str(2**63)}, "主题分类参数应为正整数"),
        ({"category": "x"}, "主题分类参数应为正整数"),
    ],
)
def test_catalog_refuses_bad_filters_in_chinese(
    client, catalog_documents, query, message
):
    response = client.get("/disclosure/catalog/", query, HTTP_HOST="city.localhost")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    # The page is still useful: every document, and the other valid filters.
    assert "二五年文件" in html and "二六年文件" in html


def test_catalog_keeps_valid_filters_beside_a_bad_one(client, catalog_documents):
    response = client.get(
        "/disclosure/catalog/",
        {"year": "2026", "body": HUGE, "page": HUGE},
        HTTP_HOST="city.localhost",
    )
    assert response.status_code == 400
    assert [d.title for d in response.context["documents"]] == ["二六年文件"]
    # Links built from the page carry only the valid filters.
    assert HUGE not in response.content.decode().replace(f"body={HUGE}", "")
    assert response.context["filter_query"] == "year=2026"


def test_catalog_repeated_parameter_uses_the_last(client, catalog_documents):
    response = client.get(
        "/disclosure/catalog/?year=2025&year=2026", HTTP_HOST="city.localhost"
    )
    assert response.status_code == 200
    assert [d.title for d in response.context["documents"]] == ["二六年文件"]


def test_catalog_bad_page_number_shows_the_first_page(client, catalog_documents):
    for page in ("0", "-1", "x", HUGE):
        response = client.get(
            "/disclosure/catalog/", {"page": page}, HTTP_HOST="city.localhost"
        )
        assert response.status_code == 200
        assert response.context["documents"].number == 1


@pytest.mark.parametrize(
    "since",
    [
        "2024-02-30",
        "2024-13-01T00:00:00",
        "2024-01-01T25:00",
        "2024-01-01T00:00:00+99:00",
        "0001-01-01",
        "9999-12-31T23:59:59-12:00",
        "yesterday",
    ],
)
def test_api_refuses_impossible_since_in_chinese(client, catalog_documents, since):
    response = client.get(
        "/api/disclosure/documents/",
        {"site": "city.localhost", "since": since},
        HTTP_HOST="city.localhost",
    )
    assert response.status_code == 400
    assert "since 应为有效的日期" in response.json()["error"]


@pytest.mark.parametrize(
    "query",
    [{"year": "0"}, {"year": HUGE}, {"page": HUGE}, {"page_size": HUGE}],
)
def test_api_refuses_out_of_range_numbers(client, catalog_documents, query):
    response = client.get(
        "/api/disclosure/documents/",
        {"site": "city.localhost", **query},
        HTTP_HOST="city.localhost",
    )
    assert response.status_code in (400, 404)
    assert response.json()["error"]


def test_api_unknown_body_or_category_finds_nothing(client, catalog_documents):
    for query in ({"body": HUGE}, {"category": HUGE}):
        response = client.get(
            "/api/disclosure/documents/",
            {"site": "city.localhost", **query},
            HTTP_HOST="city.localhost",
        )
        assert response.status_code == 200
        assert response.json()["count"] == 0
