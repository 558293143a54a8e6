"""Chinese segmentation in the admin's search and custom words."""

from django.core.management import call_command

from search.models import CustomWord
from search.segmentation import tokens
from tests.factories import add_article, column
from tests.search.helpers import search, titles


def test_admin_search_finds_words_inside_titles_and_bodies(
    corpus, django_capture_on_commit_callbacks
):
    from cms.pages.models import ArticlePage

    call_command("update_index", verbosity=0, stdout=__import__("io").StringIO())
    found = [page.title for page in ArticlePage.objects.live().search("安全生产")]
    assert "关于开展安全生产大检查的通知" in found
    assert "全市春耕备耕工作会议召开" in found  # body only
    assert [p.title for p in ArticlePage.objects.search("春耕")] == [
        "全市春耕备耕工作会议召开"
    ]


def test_custom_words_take_effect_on_reindex(
    cluster, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_article(
            column(cluster.city, "news"),
            "基层治理平台上线",
            slug="chuan-shan-zhi",
            body="<p>群众去川善治登记诉求。</p>",
        )
    # The segmenter glues the unknown programme name to its neighbour.
    assert "川善治" not in tokens("群众去川善治登记")
    assert search(q="川善治").count == 0

    CustomWord.objects.create(word="川善治", note="基层治理平台")
    assert "川善治" in tokens("群众去川善治登记")
    call_command(
        "update_index", "--public-only", verbosity=0, stdout=__import__("io").StringIO()
    )
    assert titles(search(q="川善治")) == ["基层治理平台上线"]
