"""Every public page type renders with a fixed number of SQL queries, whatever
the number of items on the site: measured with 3 items, then asserted with 60."""

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from cms.pages.models import ColumnPage
from sites.models import SiteLevel
from tests.cms.factories import add_guide, add_item, add_items, attach, make_image
from tests.factories import column, make_site

HOST = "town.localhost"
# Generous ceiling so a template change that adds queries per request (not per
# item) is noticed too.
MAX_QUERIES = 20


class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile = make_site(
            HOST, "测试镇人民政府", SiteLevel.TOWNSHIP, "5120210011"
        )
        cls.news = column(cls.profile, "news")
        cls.policies = column(cls.profile, "policies")
        cls.services = column(cls.profile, "services")
        cls.normative = ColumnPage(title="规范性文件", slug="normative")
        cls.policies.add_child(instance=cls.normative)
        add_items(cls.normative, 3, prefix="规范性文件")
        add_items(cls.news, 3, prefix="新闻")
        cls.article = add_item(
            cls.news,
            "带附件的文章",
            cover_image=make_image(),
            doc_number="测发〔2026〕1号",
        )
        attach(cls.article, 3)
        add_item(cls.news, "图片新闻", cover_image=make_image("村容村貌"))
        cls.guide = add_guide(cls.services, "个体工商户设立登记")

    def queries_for(self, path):
        """Queries of a request after a first one has warmed Wagtail's caches
        (site root paths, content types, the branding row)."""
        self.client.get(path, HTTP_HOST=HOST)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(path, HTTP_HOST=HOST)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def assert_same_queries_with_60_items(self, path, grow):
        with_few = self.queries_for(path)
        self.assertLessEqual(with_few, MAX_QUERIES)
        grow()
        self.client.get(path, HTTP_HOST=HOST)
        with self.assertNumQueries(with_few):
            response = self.client.get(path, HTTP_HOST=HOST)
        self.assertEqual(response.status_code, 200)
        return response

    def more_news(self):
        add_items(self.news, 57, prefix="更多新闻", start_days_ago=10)

    def more_normative(self):
        add_items(self.normative, 57, prefix="更多规范性文件", start_days_ago=10)

    def test_home_page(self):
        def grow():
            self.more_news()
            self.more_normative()

        response = self.assert_same_queries_with_60_items("/", grow)
        blocks = dict(response.context["column_blocks"])
        self.assertEqual(len(blocks), 7)
        self.assertEqual(len(blocks[self.news]), settings.PORTAL_HOME_ITEMS_PER_COLUMN)

    def test_column_page(self):
        response = self.assert_same_queries_with_60_items("/news/", self.more_news)
        self.assertEqual(response.context["items"].paginator.count, 62)

    def test_column_page_with_sub_columns(self):
        response = self.assert_same_queries_with_60_items(
            "/policies/", self.more_normative
        )
        self.assertContains(response, "规范性文件000")

    def test_article_page(self):
        response = self.assert_same_queries_with_60_items(
            f"/news/{self.article.slug}/", lambda: attach(self.article, 57)
        )
        self.assertContains(response, ">附件60</a>")

    def test_service_guide_page(self):
        def more_guides():
            for n in range(57):
                add_guide(self.services, f"办事指南{n}", days_ago=n + 1)

        self.assert_same_queries_with_60_items(
            f"/services/{self.guide.slug}/", more_guides
        )
