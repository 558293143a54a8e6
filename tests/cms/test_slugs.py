"""Slugs from Chinese titles: an editor who types only a title gets a pinyin
slug, unique among the page's siblings, and an error on a tab out of view is
named in the banner."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, get_page_models
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.pages.models import ArticlePage
from cms.pages.slugs import PinyinSlugMixin, pinyin_slug
from interaction.models import MailboxKind, MailboxPage
from sites.models import SiteLevel
from tests.factories import column, make_site

TITLE = "关于开展森林防火检查的通知"


def article_form(**fields):
    return nested_form_data(
        {
            "title": TITLE,
            "slug": "",
            "published_at": "2026-03-01 09:30",
            "doc_number": "",
            "source": "",
            "author": "",
            "summary": "",
            "body": rich_text("<p>各村（社区）：现将有关事项通知如下。</p>"),
            "attachments": inline_formset([]),
            **fields,
        }
    )


def test_pinyin_slugs():
    assert (
        pinyin_slug(TITLE) == "guan-yu-kai-zhan-sen-lin-fang-huo-jian-cha-de-tong-zhi"
    )
    assert (
        pinyin_slug("2026年“医保”政策解读 Q&A") == "2026-nian-yi-bao-zheng-ce-jie-du-qa"
    )
    assert pinyin_slug("！？。") == ""
    long = pinyin_slug("关于进一步加强和改进城乡居民基本医疗保险参保缴费工作的通知")
    assert len(long) <= 60 and not long.endswith("-")


class SlugTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile = make_site(
            "town.localhost", "测试镇人民政府", SiteLevel.TOWNSHIP, "5120210011"
        )
        cls.news = column(cls.profile, "news")

    def add_url(self):
        return f"/admin/pages/add/pages/articlepage/{self.news.pk}/"

    def test_a_chinese_title_without_a_slug_saves_with_a_pinyin_slug(self):
        self.login()
        for expected in (
            "guan-yu-kai-zhan-sen-lin-fang-huo-jian-cha-de-tong-zhi",
            "guan-yu-kai-zhan-sen-lin-fang-huo-jian-cha-de-tong-zhi-2",
        ):
            response = self.client.post(self.add_url(), article_form())
            self.assertEqual(response.status_code, 302)
            page = ArticlePage.objects.child_of(self.news).get(slug=expected)
            self.assertEqual(page.title, TITLE)

    def test_a_typed_slug_is_kept(self):
        self.login()
        self.client.post(self.add_url(), article_form(slug="forest-fire"))
        self.assertTrue(ArticlePage.objects.filter(slug="forest-fire").exists())

    def test_errors_name_the_tab_they_are_on(self):
        self.login()
        response = self.client.post(self.add_url(), article_form(slug="bad slug!"))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("「推荐」选项卡中有错误", html)
        self.assertNotIn("「内容」选项卡中有错误", html)
        self.assertIn("页面因存在错误未能创建", html)
        self.assertNotIn("due to validation errors", html)

    def test_a_title_with_nothing_to_spell_asks_for_a_slug(self):
        self.login()
        response = self.client.post(self.add_url(), article_form(title="！？"))
        self.assertIn("无法从标题生成网址名称", response.content.decode())

    def test_pages_created_in_code_without_a_slug_get_one_from_the_title(self):
        def article(title, **fields):
            return ArticlePage(
                title=title, body="<p>现将有关事项通知如下。</p>", **fields
            )

        first = self.news.add_child(instance=article(TITLE))
        second = self.news.add_child(instance=article(TITLE))
        assert first.slug == "guan-yu-kai-zhan-sen-lin-fang-huo-jian-cha-de-tong-zhi"
        assert second.slug == f"{first.slug}-2"
        # A page type of another app, and full_clean on an unsaved child.
        parent = self.profile.site.root_page
        mailbox = MailboxPage(title="书记信箱", kind=MailboxKind.LEADER)
        mailbox._cached_parent_obj = parent.specific
        mailbox.full_clean(exclude=["path", "depth"])
        assert mailbox.slug == "shu-ji-xin-xiang"
        # A typed slug is kept; a title with nothing to spell still fails.
        typed = self.news.add_child(instance=article(TITLE, slug="fire"))
        assert typed.slug == "fire"
        with pytest.raises(ValidationError) as error:
            self.news.add_child(instance=article("！？。"))
        assert "slug" in error.value.message_dict


def test_every_page_type_fills_its_slug_from_the_title():
    assert [
        model.__name__
        for model in get_page_models()
        if model is not Page and not issubclass(model, PinyinSlugMixin)
    ] == []
