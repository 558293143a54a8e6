"""What gov.cn-style portals offer readers beyond the pages themselves: a site
map (网站地图) per site, a favicon per site, article tools (字号, 打印,
上一篇/下一篇) and the 长者模式 toggle's markup. The toggle's behaviour in a
browser is in tests/browser/test_reader_in_browser.py."""

from io import BytesIO

from django.test import TestCase
from PIL import Image

from cms.pages.models import ColumnPage, SiteBranding
from sites.models import SiteLevel
from tests.cms.factories import add_item, make_private
from tests.factories import column, make_site

TOWN = "town.localhost"
CITY = "city.localhost"


def news_path(article):
    return f"/news/{article.slug}/"


class ReaderToolsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = make_site(CITY, "测试市人民政府", SiteLevel.CITY, "5120000001")
        cls.town = make_site(
            TOWN, "测试镇人民政府", SiteLevel.TOWNSHIP, "5120210011", superior=CITY
        )
        cls.news = column(cls.town, "news")
        cls.oldest = add_item(cls.news, "最早的新闻", days_ago=5)
        cls.middle = add_item(cls.news, "中间的新闻", days_ago=3)
        cls.hidden = add_item(cls.news, "加密的新闻", days_ago=2)
        make_private(cls.hidden)
        cls.newest = add_item(cls.news, "最新的新闻", days_ago=1)
        cls.draft = add_item(cls.news, "草稿", days_ago=0, live=False)
        cls.other_column_item = add_item(column(cls.town, "notices"), "一则通知")
        policies = column(cls.town, "policies")
        cls.normative = ColumnPage(title="规范性文件", slug="normative")
        policies.add_child(instance=cls.normative)
        hidden_column = ColumnPage(title="内部栏目", slug="internal", live=False)
        policies.add_child(instance=hidden_column)
        SiteBranding.objects.update_or_create(
            site=cls.city.site, defaults={"main_colour": "#0b4f8a"}
        )

    def get(self, path, host=TOWN):
        return self.client.get(path, HTTP_HOST=host)

    def test_site_map_lists_the_sites_columns_as_a_tree_and_is_linked_from_the_footer(
        self,
    ):
        response = self.get("/")
        self.assertContains(response, '<a href="/site-map/">网站地图</a>')
        response = self.get("/site-map/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<h1 class="column-title">网站地图</h1>')
        html = response.text
        self.assertIn('<a href="/news/">政务动态</a>', html)
        # A sub-column sits in its parent's list; a draft column is absent.
        policies_at = html.index('<a href="/policies/">')
        self.assertGreater(html.index('<a href="/policies/normative/">'), policies_at)
        self.assertNotIn("内部栏目", html)
        # Only this site's columns.
        city_map = self.get("/site-map/", host=CITY).text
        self.assertNotIn("/policies/normative/", city_map)

    def test_each_site_has_a_favicon_in_its_own_colour(self):
        town_icon = self.get("/favicon.ico")
        city_icon = self.get("/favicon.ico", host=CITY)
        self.assertEqual(town_icon.status_code, 200)
        self.assertEqual(town_icon["Content-Type"], "image/x-icon")
        self.assertNotEqual(town_icon.content, city_icon.content)
        image = Image.open(BytesIO(city_icon.content))
        self.assertEqual(image.format, "ICO")
        corner = image.convert("RGB").getpixel((image.width // 2, image.height - 3))
        self.assertEqual(corner, (0x0B, 0x4F, 0x8A))
        self.assertContains(self.get("/"), '<link rel="icon" href="/favicon.ico"')

    def test_article_links_the_articles_above_and_below_it_in_its_column(self):
        html = self.get(news_path(self.middle)).text
        # 上一篇 is the newer article listed above; a private one is skipped.
        self.assertIn(f'上一篇：<a href="{news_path(self.newest)}" rel="prev">', html)
        self.assertIn(f'下一篇：<a href="{news_path(self.oldest)}" rel="next">', html)
        newest = self.get(news_path(self.newest)).text
        self.assertIn("上一篇：没有了", newest)  # the draft does not count
        self.assertNotIn("一则通知", newest)  # another column's item never
        self.assertIn("下一篇：没有了", self.get(news_path(self.oldest)).text)

    def test_article_offers_font_size_and_print_and_the_header_the_elder_mode(self):
        html = self.get(news_path(self.middle)).text
        self.assertIn('aria-label="字号"', html)
        self.assertIn('data-font-size-choice="large"', html)
        self.assertIn("data-print", html)
        self.assertIn("data-elder-mode-toggle", html)
        # A script of our own only (the CSP allows no other).
        self.assertIn('<script src="/static/js/reader.js"></script>', html)
        self.assertNotIn("<script>", html)
