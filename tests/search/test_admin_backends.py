"""Wagtail's own search (the admin's) on a search server: modelsearch's
backend with the project's segmentation (search/backends/opensearch.py,
elasticsearch.py), as SEARCH_BACKEND=opensearch or elasticsearch sets it."""

from io import StringIO

import pytest
from django.core.management import call_command
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from tests.search.conftest import TEST_INDEX_PREFIX, use_server


@pytest.fixture(params=["opensearch", "elasticsearch"])
def admin_backend(request, settings, used_servers):
    url = use_server(request.param, settings, used_servers)
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"search.backends.{request.param}",
            "URLS": [url],
            "INDEX_PREFIX": f"{TEST_INDEX_PREFIX}wagtail_",
            "INDEX_SETTINGS": {
                "settings": {"index": {"number_of_shards": 1, "number_of_replicas": 0}}
            },
        }
    }
    return get_search_backend()


def test_admin_search_finds_words_inside_sentences(corpus, admin_backend):
    # As after switching SEARCH_BACKEND: update_index builds the index.
    call_command("update_index", stdout=StringIO(), stderr=StringIO())

    def found(text):
        results = Page.objects.search(text, operator="and", backend="default")
        return {page.title for page in results}

    assert "关于开展安全生产大检查的通知" in found("检查")
    assert found("安全生产") >= {
        "关于开展安全生产大检查的通知",
        "县应急管理局关于安全生产月活动的通知",
    }
    assert "全市春耕备耕工作会议召开" in found("春耕")
    assert found("春耕 安全生产") == {"全市春耕备耕工作会议召开"}
    assert not found("扶贫")
