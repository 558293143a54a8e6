"""While the search server is down, search says so in Chinese (503, never a
500) and /healthz reports it; the rest of the site keeps answering."""

import pytest

from tests.search.conftest import use_server

# Nothing listens on the discard port.
NOWHERE = "http://127.0.0.1:9"
UNAVAILABLE = "搜索服务暂时不可用，请稍后再试。"


@pytest.fixture
def server_down(settings):
    settings.GOVSEARCH_ENGINE = "opensearch"
    settings.OPENSEARCH_URL = NOWHERE


def test_search_page_says_search_is_unavailable(server_down, cluster, client):
    response = client.get("/search/", {"q": "安全生产"}, HTTP_HOST="city.localhost")
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


def test_search_api_says_search_is_unavailable(server_down, cluster, client):
    response = client.get("/api/search/", {"q": "安全生产"}, HTTP_HOST="city.localhost")
    assert response.status_code == 503
    assert response.json() == {"error": UNAVAILABLE}


@pytest.mark.django_db
def test_healthz_reports_the_search_server_down(server_down, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "search": "error"}


@pytest.mark.django_db
def test_healthz_reports_the_opensearch_node(settings, used_servers, client):
    use_server("opensearch", settings, used_servers)
    settings.GOVSEARCH_ENGINE = "opensearch"
    assert client.get("/healthz").json()["search"] in ("green", "yellow")
