"""The shared portal theme as readers see it, site by site (Host header)."""

from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.utils import timezone

from cms.pages.models import ColumnPage, SiteBranding
from sites.models import SiteLevel
from tests.cms.factories import (
    add_guide,
    add_item,
    add_items,
    attach,
    make_image,
    make_private,
)
from tests.factories import column, make_site

TOWN = "town.localhost"
CITY = "city.localhost"


class PortalTests(TestCase):
    """A city and a township below it, each with its own identity items and
    content, shared by every test (one setup keeps the suite fast)."""

    @classmethod
    def setUpTestData(cls):
        cls.city = make_site(
            CITY,
            "测试市人民政府",
            SiteLevel.CITY,
            "5120000001",
            sponsor="测试市人民政府办公室",
            icp_number="蜀ICP备11111111号",
            public_security_number="川公网安备 51200002000111号",
        )
        cls.town = make_site(
            TOWN,
            "测试镇人民政府",
            SiteLevel.TOWNSHIP,
            "5120210011",
            superior=CITY,
            sponsor="测试镇人民政府",
            undertaker="测试镇党政办公室",
            address="测试镇人民路1号",
            email="zhengfu@town.example.cn",
            icp_number="蜀ICP备22222222号-3",
            public_security_number="川公网安备 51202102000222号",
        )
        home = cls.town.site.root_page
        cls.town_only = ColumnPage(title="乡村振兴", slug="rural", show_in_menus=True)
        home.add_child(instance=cls.town_only)
        cls.news = column(cls.town, "news")
        cls.news_items = add_items(cls.news, 3, prefix="镇新闻")
        cls.draft = add_item(cls.news, "尚未发布的草稿", live=False)
        cls.private = add_item(cls.news, "内部加密文章")
        make_private(cls.private)
        cls.policies = column(cls.town, "policies")
        cls.normative = ColumnPage(title="规范性文件", slug="normative")
        cls.policies.add_child(instance=cls.normative)
        cls.normative_item = add_item(
            cls.normative, "关于加强村级财务管理的规定", days_ago=2
        )
        cls.guide = add_guide(column(cls.town, "services"), "个体工商户设立登记")
        add_item(column(cls.city, "news"), "市政府常务会议召开")
        cls.notices = column(cls.town, "notices")
        cls.notice_items = add_items(cls.notices, 12, prefix="通知", start_days_ago=3)
        add_item(cls.notices, "未发布的通知", live=False)
        make_private(add_item(cls.notices, "加密的通知"))

    def get(self, path, host=TOWN, **params):
        return self.client.get(path, params, HTTP_HOST=host)

    # -- Header and navigation --
    def test_header_shows_the_site_name_and_its_superior(self):
        response = self.get("/")
        self.assertContains(response, '<span class="site-brand__name">测试镇人民政府')
        self.assertContains(response, '<a href="http://city.localhost/">测试市人民政府')
        self.assertContains(response, '<html lang="zh-Hans">')
        self.assertContains(response, 'href="#main">跳到主要内容')

    def test_link_to_superior_keeps_the_port_the_reader_used(self):
        response = self.get("/", host="town.localhost:8000")
        self.assertContains(response, 'href="http://city.localhost:8000/"')

    def test_navigation_lists_this_sites_top_level_columns_only(self):
        town = self.get("/").content.decode()
        city = self.get("/", host=CITY).content.decode()
        nav_town = town.split('aria-label="主导航"')[1].split("</nav>")[0]
        nav_city = city.split('aria-label="主导航"')[1].split("</nav>")[0]
        self.assertIn('<a href="/rural/">乡村振兴</a>', nav_town)
        self.assertNotIn("乡村振兴", nav_city)
        # Townships have no personnel column; the city has one.
        self.assertNotIn("人事信息", nav_town)
        self.assertIn("人事信息", nav_city)
        # Sub-columns are not top-level navigation.
        self.assertNotIn("规范性文件", nav_town)

    def test_navigation_marks_the_column_being_read(self):
        response = self.get("/policies/normative/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<a href="/policies/" aria-current="true">')

    def test_site_colour_comes_from_its_branding(self):
        branding = SiteBranding.for_site(self.town.site)
        branding.main_colour = "#0b4f8a"
        branding.save()
        self.assertContains(self.get("/"), "--main-colour: #0b4f8a;")
        self.assertContains(self.get("/", host=CITY), "--main-colour: #a4161a;")

    def test_site_logo_is_shown_when_set(self):
        branding = SiteBranding.for_site(self.town.site)
        branding.logo = make_image("镇徽")
        branding.save()
        self.assertContains(self.get("/"), 'class="site-brand__logo"')
        self.assertNotContains(self.get("/", host=CITY), 'class="site-brand__logo"')

    # -- Footer identity items --
    def test_footer_shows_every_identity_item_of_this_site(self):
        response = self.get("/")
        footer = response.content.decode().split('<footer class="site-footer">')[1]
        for text in (
            "<dt>主办单位</dt><dd>测试镇人民政府</dd>",
            "<dt>承办单位</dt><dd>测试镇党政办公室</dd>",
            "<dt>地址</dt><dd>测试镇人民路1号</dd>",
            '<a href="tel:0825-1234567">0825-1234567</a>',
            '<a href="mailto:zhengfu@town.example.cn">',
            "<dt>网站标识码</dt><dd>5120210011</dd>",
            '<a href="https://beian.miit.gov.cn/" rel="noopener noreferrer">'
            "蜀ICP备22222222号-3</a>",
            "webSearch?code=51202102000222",
            "川公网安备 51202102000222号</a>",
            'aria-label="党政机关网站标识"',
            "sitecode=5120210011",
        ):
            self.assertIn(text, footer)

    def test_footer_never_shows_another_sites_identity_items(self):
        footer = self.get("/").content.decode().split("<footer")[1]
        for other in ("5120000001", "蜀ICP备11111111号", "51200002000111"):
            self.assertNotIn(other, footer)
        city_footer = self.get("/", host=CITY).content.decode().split("<footer")[1]
        self.assertIn("5120000001", city_footer)
        self.assertNotIn("5120210011", city_footer)

    def test_blank_optional_items_leave_no_empty_label(self):
        city_footer = self.get("/", host=CITY).content.decode().split("<footer")[1]
        self.assertNotIn("承办单位", city_footer)
        self.assertNotIn("电子邮箱", city_footer)

    def test_party_mark_links_to_its_certificate_when_configured(self):
        branding = SiteBranding.for_site(self.town.site)
        branding.party_mark_url = "https://bszs.conac.cn/sitename?method=show&id=1A2B"
        branding.save()
        self.assertContains(
            self.get("/"),
            '<a href="https://bszs.conac.cn/sitename?method=show&amp;id=1A2B"',
        )

    # -- Home page --
    def test_each_column_shows_its_latest_items_newest_first_with_dates(self):
        content = self.get("/").content.decode()
        news_block = content.split('href="/news/">政务动态</a></h2>')[1].split(
            "</section>"
        )[0]
        positions = [news_block.index(item.title) for item in self.news_items]
        self.assertEqual(positions, sorted(positions))
        self.assertEqual(news_block.count("<time datetime="), 3)
        self.assertIn(timezone.localdate().isoformat(), news_block)

    def test_items_of_sub_columns_and_service_guides_count_for_their_column(self):
        content = self.get("/").content.decode()
        self.assertIn("关于加强村级财务管理的规定", content)
        self.assertIn(">个体工商户设立登记</a>", content)

    def test_unpublished_and_private_items_are_never_listed(self):
        content = self.get("/").content.decode()
        self.assertNotIn(self.draft.title, content)
        self.assertNotIn(self.private.title, content)

    @override_settings(PORTAL_HOME_ITEMS_PER_COLUMN=2)
    def test_number_of_items_per_column_is_a_setting(self):
        content = self.get("/").content.decode()
        self.assertIn(self.news_items[1].title, content)
        self.assertNotIn(self.news_items[2].title, content)

    def test_empty_column_says_so(self):
        self.assertContains(self.get("/"), "暂无内容")

    def test_headline_shows_the_newest_article_with_a_cover_image(self):
        add_item(self.news, "镇领导调研春耕生产", cover_image=make_image())
        response = self.get("/")
        self.assertContains(response, "图片新闻")
        headline = response.context["headline"]
        self.assertEqual(headline.title, "镇领导调研春耕生产")
        self.assertContains(
            response,
            '<h2 id="headline-title" class="headline__title">'
            f'<a href="/news/{headline.slug}/">镇领导调研春耕生产</a>',
        )

    def test_no_headline_without_a_cover_image(self):
        response = self.get("/")
        self.assertIsNone(response.context["headline"])
        self.assertNotContains(response, "图片新闻")

    def test_other_sites_items_never_appear(self):
        self.assertNotContains(self.get("/"), "市政府常务会议召开")
        self.assertNotContains(self.get("/", host=CITY), self.news_items[0].title)

    # -- Column pages (five items a page) --
    @override_settings(PORTAL_COLUMN_PAGE_SIZE=5)
    def test_first_page_lists_the_newest_items_with_their_dates(self):
        response = self.get("/notices/")
        self.assertEqual(response.status_code, 200)
        items = list(response.context["items"])
        self.assertEqual(
            [item.title for item in items],
            [item.title for item in self.notice_items[:5]],
        )
        self.assertContains(response, "<time datetime=", count=5)
        self.assertContains(response, "共 12 条，第 1 / 3 页")
        self.assertContains(response, 'href="?page=2" rel="next"')

    @override_settings(PORTAL_COLUMN_PAGE_SIZE=5)
    def test_last_page_holds_the_rest(self):
        response = self.get("/notices/", page=3)
        self.assertEqual(
            [item.title for item in response.context["items"]],
            [item.title for item in self.notice_items[10:]],
        )
        self.assertContains(response, 'href="?page=2" rel="prev"')
        self.assertContains(
            response, '<span class="pagination__current" aria-current="page">3</span>'
        )

    @override_settings(PORTAL_COLUMN_PAGE_SIZE=5)
    def test_malformed_or_past_the_end_page_numbers_still_answer(self):
        self.assertEqual(self.get("/notices/", page="abc").context["items"].number, 1)
        self.assertEqual(self.get("/notices/", page=99).context["items"].number, 3)

    @override_settings(PORTAL_COLUMN_PAGE_SIZE=5)
    def test_column_never_lists_unpublished_or_private_items(self):
        response = self.get("/notices/")
        self.assertEqual(response.context["items"].paginator.count, 12)
        for page in (1, 2, 3):
            content = self.get("/notices/", page=page).content.decode()
            self.assertNotIn("未发布的通知", content)
            self.assertNotIn("加密的通知", content)

    @override_settings(PORTAL_COLUMN_PAGE_SIZE=5)
    def test_column_with_sub_columns_shows_their_latest_items(self):
        response = self.get("/policies/")
        self.assertContains(response, 'aria-label="子栏目"')
        self.assertContains(response, ">规范性文件</a></h2>")
        self.assertContains(response, "关于加强村级财务管理的规定")

    @override_settings(PORTAL_COLUMN_PAGE_SIZE=5)
    def test_sub_column_page_has_breadcrumbs_down_from_home(self):
        response = self.get("/policies/normative/")
        self.assertContains(
            response,
            '<li><a href="/">首页</a></li><li><a href="/policies/">政策文件</a></li>'
            '\n        <li aria-current="page">规范性文件</li>',
        )

    def test_empty_column_page_says_so(self):
        home = self.town.site.root_page
        empty = ColumnPage(title="专题专栏", slug="topics", kind="other")
        home.add_child(instance=empty)
        empty.save_revision().publish()
        self.assertContains(self.get("/topics/"), "本栏目暂无内容")

    # -- Article pages --
    def test_article_shows_its_publication_time_and_every_detail(self):
        article = add_item(
            self.news,
            "关于做好防汛工作的通知",
            source="镇应急办",
            author="李明",
            doc_number="测镇发〔2026〕5号",
            cover_image=make_image("防汛物资"),
        )
        attach(article, 2)
        response = self.get(f"/news/{article.slug}/")
        self.assertEqual(response.status_code, 200)
        local = timezone.localtime(article.published_at)
        self.assertContains(
            response,
            f'<time datetime="{local.isoformat(timespec="seconds")}">{local:%Y-%m-%d %H:%M}</time>',
        )
        self.assertContains(response, "<dt>来源</dt><dd>镇应急办</dd>")
        self.assertContains(response, "<dt>作者</dt><dd>李明</dd>")
        self.assertContains(response, "<dt>文号</dt><dd>测镇发〔2026〕5号</dd>")
        self.assertContains(response, 'alt="防汛物资"')
        self.assertContains(response, ">附件1</a>")
        self.assertContains(response, ">附件2</a>")
        self.assertContains(response, "（PDF")
        self.assertContains(response, '<li><a href="/news/">政务动态</a></li>')

    def test_article_without_optional_details_omits_their_labels(self):
        response = self.get(f"/news/{self.news_items[0].slug}/")
        self.assertNotContains(response, "<dt>来源</dt>")
        self.assertNotContains(response, "<dt>文号</dt>")
        self.assertNotContains(response, "附件")

    def test_unpublished_article_is_not_served(self):
        self.assertEqual(self.get(f"/news/{self.draft.slug}/").status_code, 404)

    def test_article_is_served_only_on_its_own_site(self):
        path = f"/news/{self.news_items[0].slug}/"
        self.assertEqual(self.get(path, host=CITY).status_code, 404)

    # -- Service guide pages --
    def test_guide_shows_the_ten_key_elements_in_order(self):
        response = self.get(f"/services/{self.guide.slug}/")
        content = response.content.decode()
        labels = [
            "事项名称",
            "设定依据",
            "申请条件",
            "办理材料",
            "办理地点",
            "办理机构",
            "收费标准",
            "办理时间",
            "联系电话",
            "办理流程",
        ]
        positions = [content.index(f'<th scope="row">{label}</th>') for label in labels]
        self.assertEqual(positions, sorted(positions))
        self.assertContains(response, "镇便民服务中心一楼")
        self.assertContains(response, "<dt>发布时间</dt>")

    def test_missing_elements_are_marked_not_left_blank(self):
        guide = add_guide(
            column(self.town, "services"), "农机购置补贴申请", fees="", hours=""
        )
        response = self.get(f"/services/{guide.slug}/")
        self.assertContains(
            response, '<span class="guide-table__missing">暂无</span>', count=2
        )

    # -- 404 page --
    def test_missing_page_answers_404_inside_this_sites_theme(self):
        response = self.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        content = response.content.decode()
        self.assertIn("抱歉，您访问的页面不存在", content)
        self.assertIn('<span class="site-brand__name">测试镇人民政府', content)
        self.assertIn("5120210011", content)
        self.assertNotIn("5120000001", content)
        self.assertIn('<a href="/rural/">乡村振兴</a>', content)

    def test_each_site_gets_its_own_404(self):
        response = self.get("/no-such-page/", host=CITY)
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "测试市人民政府", status_code=404)
        self.assertNotContains(response, "乡村振兴", status_code=404)

    # -- Branding validation --
    def branding(self, **fields):
        branding = SiteBranding.for_site(self.town.site)
        for name, value in fields.items():
            setattr(branding, name, value)
        return branding

    def test_colour_too_light_for_white_text_is_refused_in_chinese(self):
        branding = self.branding(main_colour="#ffcc00")
        with self.assertRaises(ValidationError) as caught:
            branding.full_clean()
        message = caught.exception.message_dict["main_colour"][0]
        self.assertIn("#ffcc00", message)
        self.assertIn("对比度只有 1.", message)
        self.assertIn("4.5:1", message)

    def test_colour_just_below_the_threshold_is_refused(self):
        # #777777 on white is 4.48:1.
        with self.assertRaises(ValidationError):
            self.branding(main_colour="#777777").full_clean()

    def test_dark_colours_are_accepted(self):
        for colour in ("#a4161a", "#0b4f8a", "#767676"):
            self.branding(main_colour=colour).full_clean()

    def test_malformed_colour_gets_one_clear_error(self):
        with self.assertRaises(ValidationError) as caught:
            self.branding(main_colour="red").full_clean()
        self.assertEqual(
            caught.exception.message_dict["main_colour"],
            ["颜色必须写成 #RRGGBB 形式，例如 #b71c1c。"],
        )

    def test_party_mark_must_link_to_conac(self):
        with self.assertRaises(ValidationError) as caught:
            self.branding(party_mark_url="https://example.com/mark").full_clean()
        self.assertIn("conac.cn", caught.exception.message_dict["party_mark_url"][0])
        self.branding(
            party_mark_url="https://bszs.conac.cn/sitename?method=show&id=1"
        ).full_clean()

    def test_refused_colour_leaves_the_saved_branding_unchanged(self):
        saved = SiteBranding.for_site(self.town.site)
        saved.main_colour = "#0b4f8a"
        saved.save()
        attempt = self.branding(main_colour="#ffff00")
        with self.assertRaises(ValidationError):
            attempt.full_clean()
        saved.refresh_from_db()
        self.assertEqual(saved.main_colour, "#0b4f8a")
        self.assertContains(self.get("/"), "--main-colour: #0b4f8a;")
