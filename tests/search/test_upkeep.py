"""Publishing, moving and deleting keep the index current through tasks."""

from search.models import SearchDocument
from tests.factories import add_article, column
from tests.search.helpers import search, titles


def test_publishing_indexes_the_page(cluster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_article(column(cluster.town, "news"), "镇里开展防汛演练", slug="drill")
    assert titles(search(q="防汛")) == ["镇里开展防汛演练"]


def test_moving_updates_url_and_site(
    corpus, cluster, django_capture_on_commit_callbacks
):
    page = corpus["inspection"]
    with django_capture_on_commit_callbacks(execute=True):
        page.move(column(cluster.county, "notices"), pos="last-child")
    hit = search(q="大检查").hits[0]
    assert hit.url == "http://county.localhost/notices/inspection/"
    assert hit.site_hostname == "county.localhost"


def test_deleting_removes_the_document(corpus, django_capture_on_commit_callbacks):
    page = corpus["inspection"]
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert not SearchDocument.objects.filter(
        title="关于开展安全生产大检查的通知"
    ).exists()
    assert "关于开展安全生产大检查的通知" not in titles(search(q="大检查"))


def test_search_facets_method_is_used_when_present(cluster, monkeypatch):
    from cms.pages.models import ArticlePage
    from search import indexing

    def search_facets(self):
        return {
            "category": "综合政务",
            "body": "测试市人民政府办公室",
            "doc_number": "测府发〔2024〕3号",
            "date": None,
        }

    monkeypatch.setattr(ArticlePage, "search_facets", search_facets, raising=False)
    page = add_article(
        column(cluster.city, "policies"), "测试市关于优化营商环境的意见", slug="opt"
    )
    indexing.index_pages([page.pk])
    outcome = search(q="营商环境")
    assert {v.value for v in outcome.facets["category"]} == {"综合政务"}
    assert {v.value for v in outcome.facets["body"]} == {"测试市人民政府办公室"}
    assert search(q="测府发[2024]3号").hits[0].title == "测试市关于优化营商环境的意见"
