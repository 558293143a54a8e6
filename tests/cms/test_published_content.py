"""Published page types share one base, which search, monitoring and the
content check rely on instead of looking for attributes."""

import pytest
from wagtail.models import get_page_models

from cms.pages.models import (
    ArticlePage,
    ColumnKind,
    ColumnPage,
    PublishedContent,
    ServiceGuidePage,
    dated_page_models,
)
from disclosure.models import DisclosureDocumentPage
from interaction.models import InterviewPage, MailboxPage, SolicitationPage
from search.indexing import facets_of
from tests.factories import add_article, column


def test_the_published_types_share_the_base():
    published = {
        model for model in get_page_models() if issubclass(model, PublishedContent)
    }
    assert published == {
        ArticlePage,
        ServiceGuidePage,
        DisclosureDocumentPage,
        MailboxPage,
        SolicitationPage,
        InterviewPage,
    }
    assert set(dated_page_models()) == published - {MailboxPage}
    assert not issubclass(ColumnPage, PublishedContent)


def test_stored_publication_times():
    assert ArticlePage.publication_field == "published_at"
    assert ServiceGuidePage.publication_field == "published_at"
    assert DisclosureDocumentPage.publication_field == "published_date"
    # Shown, but not counted by the monitor as a column update.
    assert SolicitationPage.publication_field is None
    assert InterviewPage.publication_field is None


@pytest.mark.django_db
def test_an_articles_facets_and_column_kind(cluster):
    article = add_article(
        column(cluster.city, "policies"), "关于优化营商环境的意见", slug="opt"
    )
    assert article.publication_time == article.published_at
    assert article.column_kind() == ColumnKind.POLICY
    facets = facets_of(article)
    assert facets["date"] == article.published_at
    assert facets["category"] is None
    assert ArticlePage(title="未保存").column_kind() is None


@pytest.mark.django_db
def test_other_pages_have_no_facets_but_their_publication(cluster):
    news = column(cluster.city, "news")
    facets = facets_of(news)
    assert facets["doc_number"] is None
    assert facets["date"] == (news.first_published_at or news.last_published_at)
