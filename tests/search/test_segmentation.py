"""Chinese segmentation in the admin's search and custom words."""

import pytest
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
            slug="ling-shan-ban",
            body="<p>群众去岭善办登记诉求。</p>",
        )
    # The segmenter splits the unknown programme name. (Not a word the demo
    # adds: the segmenter keeps added words for the rest of the process.)
    assert "岭善办" not in tokens("群众去岭善办登记")
    assert search(q="岭善办").count == 0

    CustomWord.objects.create(word="岭善办", note="基层治理平台")
    assert "岭善办" in tokens("群众去岭善办登记")
    call_command(
        "update_index", "--public-only", verbosity=0, stdout=__import__("io").StringIO()
    )
    assert titles(search(q="岭善办")) == ["基层治理平台上线"]


@pytest.mark.django_db
def test_tokens_keep_word_characters_only_in_lower_case():
    # Punctuation, spaces and underscores go; letters are lowercased; the
    # words of a document number stay whole; a NUL in pasted text is a
    # space, not part of a word. (Checked against the token-by-token cleaning
    # it replaced on 300 benchmark documents.)
    assert tokens("Hello_World，国务院  办公厅!!\n3.5%") == [
        "hello",
        "world",
        "helloworld",
        "国务",
        "国务院",
        "办公",
        "办公厅",
        "35",
    ]
    assert tokens("国发〔2016〕55号") == ["国", "发", "2016", "55", "号"]
    assert tokens("中\x00国") == ["中", "国"]
    assert tokens("，。、___") == []
    assert tokens("") == []
