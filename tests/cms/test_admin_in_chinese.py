"""The admin speaks Chinese throughout: the project's catalogue (locale/)
translates what Wagtail ships untranslated, and tab titles name the
platform, not Wagtail."""

import re

from django.utils import translation

from tests.factories import PASSWORD, UserFactory


def test_the_project_catalogue_translates_wagtails_gaps():
    with translation.override("zh-hans"):
        assert translation.gettext("Search all pages…") == "搜索全部页面……"
        assert translation.gettext("Autosave is paused") == "自动保存已暂停"
        assert (
            translation.ngettext(
                '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
                '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
                81,
            )
            % {"total": 81, "site_name": "云岭市"}
            == '81 个页面<span class="w-sr-only">（云岭市 中创建）</span>'
        )
        # The page views' banners read as the snippets' do, not as
        # Wagtail's catalogue words them (页面 'X' 已经提交进行审核。).
        submitted = translation.gettext(
            "Page '%(page_title)s' has been submitted for moderation."
        )
        assert submitted % {"page_title": "通知"} == "页面“通知”已提交审核。"


def test_admin_home_has_a_chinese_title_and_search_box(client, db):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    admin.set_password(PASSWORD)
    admin.save()
    client.login(username="root", password=PASSWORD)
    html = client.get("/admin/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.strip().endswith("政府网站集约化平台")
    assert "Wagtail" not in title
    assert "搜索全部页面……" in html
    assert "Search all pages" not in html
