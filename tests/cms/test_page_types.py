"""Which page types editors can build where, and that every type routes and
renders on its own site."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from annualreports.models import WebsiteReportIndexPage
from cms.pages.models import ArticlePage, ColumnPage, HomePage, ServiceGuidePage
from sites.models import SiteLevel
from tests.cms.factories import add_guide, add_item
from tests.factories import column, make_site


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile = make_site(
            "town.localhost", "测试镇人民政府", SiteLevel.TOWNSHIP, "5120210011"
        )
        cls.home = cls.profile.site.root_page.specific
        cls.news = column(cls.profile, "news")
        cls.article = add_item(cls.news, "镇政府召开安全生产会议")
        cls.guide = add_guide(column(cls.profile, "services"), "个体工商户设立登记")

    def test_home_pages_are_made_only_by_provisioning(self):
        # create_site makes the home page together with the site's profile,
        # groups and collection; a hand-made one would lack them.
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        # Columns, and the 年度报表 column the annual website report is
        # published in (annualreports).
        self.assertAllowedSubpageTypes(HomePage, {ColumnPage, WebsiteReportIndexPage})

    def test_columns_sit_below_the_home_page_or_another_column(self):
        self.assertCanCreateAt(HomePage, ColumnPage)
        self.assertCanCreateAt(ColumnPage, ColumnPage)
        self.assertCanNotCreateAt(Page, ColumnPage)
        self.assertAllowedParentPageTypes(ColumnPage, {HomePage, ColumnPage})
        # Other areas add their own item types to columns; these are the
        # pages app's own and must stay allowed.
        allowed = set(ColumnPage.allowed_subpage_models())
        self.assertLessEqual({ColumnPage, ArticlePage, ServiceGuidePage}, allowed)
        self.assertNotIn(HomePage, allowed)

    def test_articles_and_guides_live_in_columns_and_have_no_children(self):
        for model in (ArticlePage, ServiceGuidePage):
            self.assertCanCreateAt(ColumnPage, model)
            self.assertCanNotCreateAt(HomePage, model)
            self.assertAllowedParentPageTypes(model, {ColumnPage})
            self.assertAllowedSubpageTypes(model, set())

    def test_editors_can_create_an_article_through_the_admin_form(self):
        self.login()
        self.assertCanCreate(
            self.news,
            ArticlePage,
            nested_form_data(
                {
                    "title": "关于开展森林防火检查的通知",
                    "slug": "forest-fire-check",
                    "published_at": "2026-03-01 09:30",
                    "doc_number": "测镇发〔2026〕3号",
                    "source": "镇应急办",
                    "author": "",
                    "summary": "",
                    "body": rich_text("<p>各村（社区）：现将有关事项通知如下。</p>"),
                    "attachments": inline_formset([]),
                }
            ),
        )

    def test_editors_can_create_a_service_guide_through_the_admin_form(self):
        self.login()
        self.assertCanCreate(
            column(self.profile, "services"),
            ServiceGuidePage,
            nested_form_data(
                {
                    "title": "农机购置补贴申请",
                    "slug": "farm-machinery-subsidy",
                    "item_name": "农机购置补贴申请",
                    "item_code": "11510000MB1234567X4000117001000",
                    "published_at": "2026-03-01 09:30",
                    "legal_basis": "《农业机械化促进法》",
                    "conditions": "从事农业生产的个人和组织",
                    "materials": "申请表；身份证明",
                    "place": "镇便民服务中心",
                    "office": "镇农业服务中心",
                    "fees": "不收费",
                    "hours": "工作日",
                    "phone": "0825-7654321",
                    "procedure": "申请—核验—公示—兑付",
                }
            ),
        )

    def test_every_page_type_is_routable_and_renders(self):
        for page in (self.home, self.news, self.article, self.guide):
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def test_unpublished_pages_do_not_render_publicly(self):
        draft = add_item(self.news, "草稿", live=False)
        with self.assertRaises(AssertionError):
            self.assertPageIsRenderable(draft)
        response = self.client.get(f"/news/{draft.slug}/", HTTP_HOST="town.localhost")
        self.assertEqual(response.status_code, 404)
