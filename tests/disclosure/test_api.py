"""The JSON API the superior platform aggregates from."""

from datetime import date

import pytest
from django.test import override_settings

from disclosure.models import Validity
from tests.disclosure.conftest import (
    CITY_BODY_CODE,
    add_document,
    category,
    make_city,
    make_city_body,
    make_other_body,
    make_other_city,
)
from tests.shared_rows import shared_rows

pytestmark = pytest.mark.django_db
API = "/api/disclosure/documents/"


def make_documents():
    """Documents of two sites: a valid one, the one it repealed, a draft, and
    one of the other site."""
    city, other_city = make_city(), make_other_city()
    city_body, other_body = make_city_body(city), make_other_body(other_city)
    newer = add_document(
        city,
        city_body,
        "新规定",
        date(2026, 5, 6),
        date(2026, 5, 8),
        doc_number="测府发〔2026〕5号",
        keywords="规定、管理",
        category=category("科技、教育"),
    )
    older = add_document(
        city,
        city_body,
        "旧规定",
        date(2025, 2, 3),
        date(2025, 2, 5),
        validity=Validity.REPEALED,
        repealed_on=date(2026, 5, 8),
        replaced_by=newer,
    )
    draft = add_document(city, city_body, "未发布", date(2026, 6, 1), date(2026, 6, 2))
    draft.unpublish()
    add_document(other_city, other_body, "外市文件", date(2026, 3, 2), date(2026, 3, 3))
    return newer, older


_documents_rows = shared_rows(make_documents)


@pytest.fixture
def documents(_documents_rows, db):
    return _documents_rows.fresh()


def get(client, **params):
    return client.get(API, params, HTTP_HOST="localhost")


def test_lists_live_documents_of_the_site_with_catalog_metadata(client, documents):
    newer, _older = documents
    response = get(client, site="city.localhost")
    assert response.status_code == 200
    data = response.json()
    assert data["site"] == {"hostname": "city.localhost", "name": "测试市人民政府"}
    assert data["count"] == 2
    assert [item["title"] for item in data["results"]] == ["新规定", "旧规定"]
    item = data["results"][0]
    assert item == {
        "index_number": f"{CITY_BODY_CODE}/2026-00001",
        "title": "新规定",
        "url": newer.get_full_url(),
        "category": {"code": "11", "name": "科技、教育"},
        "issuing_body": {"code": CITY_BODY_CODE, "name": "测试市人民政府办公室"},
        "date_drafted": "2026-05-06",
        "doc_number": "测府发〔2026〕5号",
        "published_date": "2026-05-08",
        "keywords": ["规定", "管理"],
        "validity": "valid",
        "validity_label": "有效",
        "repealed_on": None,
        "replaced_by": None,
        "summary": "",
        "attachments": [],
        "updated_at": item["updated_at"],
    }
    repealed = data["results"][1]
    assert repealed["validity"] == "repealed"
    assert repealed["replaced_by"] == newer.get_full_url()


def test_no_personal_or_editorial_data_in_the_api(client, documents):
    item = get(client, site="city.localhost").json()["results"][0]
    for key in ("owner", "locked_by", "handlers", "phone", "id_number"):
        assert key not in item


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"year": "2025"}, ["旧规定"]),
        ({"category": "11"}, ["新规定"]),
        ({"category": "科技、教育"}, ["新规定"]),
        ({"body": CITY_BODY_CODE}, ["新规定", "旧规定"]),
        ({"body": "000014349"}, []),
        ({"since": "2099-01-01"}, []),
        ({"since": "2000-01-01T00:00:00+08:00"}, ["新规定", "旧规定"]),
    ],
)
def test_filters(client, documents, params, titles):
    data = get(client, site="city.localhost", **params).json()
    assert [item["title"] for item in data["results"]] == titles


def test_pagination(client, documents):
    first = get(client, site="city.localhost", page_size="1").json()
    assert first["num_pages"] == 2 and first["previous"] is None
    assert first["next"].endswith("page=2") and "page_size=1" in first["next"]
    second = get(client, site="city.localhost", page_size="1", page="2").json()
    assert [item["title"] for item in second["results"]] == ["旧规定"]
    assert get(client, site="city.localhost", page="9").status_code == 404


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({}, 400, "缺少参数 site"),
        ({"site": "nope.localhost"}, 404, "不存在"),
        ({"site": "city.localhost", "year": "abc"}, 400, "year"),
        ({"site": "city.localhost", "since": "yesterday"}, 400, "since"),
        ({"site": "city.localhost", "page_size": "1000"}, 400, "page_size"),
    ],
)
def test_bad_requests_get_a_chinese_error(client, documents, params, status, message):
    response = get(client, **params)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_read_only(client, documents):
    response = client.post(f"{API}?site=city.localhost", HTTP_HOST="localhost")
    assert response.status_code == 405


@override_settings(CORS_ALLOWED_ORIGINS=["https://portal.example.cn"])
def test_cors_for_configured_origins_only(client, documents):
    allowed = client.get(
        API,
        {"site": "city.localhost"},
        HTTP_HOST="localhost",
        HTTP_ORIGIN="https://portal.example.cn",
    )
    assert allowed["Access-Control-Allow-Origin"] == "https://portal.example.cn"
    other = client.get(
        API,
        {"site": "city.localhost"},
        HTTP_HOST="localhost",
        HTTP_ORIGIN="https://evil.example.com",
    )
    assert "Access-Control-Allow-Origin" not in other
