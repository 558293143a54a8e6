"""Snippets are plain text: no Python list syntax, no literal escapes, and a
page whose stored text predates the fix is cleaned by re-indexing."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from search import indexing
from search.models import SearchDocument
from tests.factories import add_article, column

BODY = (
    "<p>各乡镇人民政府、各有关部门：</p>"
    "<p>现将医疗保险报销办法印发给你们，请认真贯彻执行。</p>"
)


@pytest.fixture
def notice(cluster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = add_article(
            column(cluster.city, "notices"),
            "关于印发医疗保险报销办法的通知",
            slug="reimbursement",
            body=BODY,
        )
    indexing.rebuild()
    cache.clear()
    return page


def assert_plain(snippet):
    assert "['" not in snippet and "']" not in snippet
    assert "\\n" not in snippet
    assert "各乡镇人民政府、各有关部门：" in snippet
    assert "现将" in snippet


def test_stored_text_is_plain(notice):
    text = SearchDocument.objects.get(page_id=notice.pk).text
    assert text.startswith("各乡镇人民政府、各有关部门：")
    assert text.endswith("请认真贯彻执行。")
    assert_plain(text)


def test_search_page_snippet_is_plain_text(client, notice):
    response = client.get("/search/", {"q": "报销"}, HTTP_HOST="city.localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert "关于印发医疗保险<mark>报销</mark>办法的通知" in html
    assert_plain(html)


def test_api_snippet_is_plain_text(client, notice):
    response = client.get("/api/search/", {"q": "报销"}, HTTP_HOST="city.localhost")
    assert response.status_code == 200
    (result,) = response.json()["results"]
    assert_plain(result["snippet"])
    assert result["snippet"].startswith("各乡镇人民政府")


def test_update_index_rederives_text_stored_as_a_list(notice):
    """Indexes built before the fix hold str() of a list; update_index
    --public-only rebuilds them from the pages."""
    SearchDocument.objects.filter(page_id=notice.pk).update(
        text="['各乡镇人民政府、各有关部门：\\n现将…']"
    )
    call_command("update_index", "--public-only", stdout=StringIO())
    assert_plain(SearchDocument.objects.get(page_id=notice.pk).text)
