from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.converters.editor_html import WhitelistRule
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.whitelist import attribute_rule, check_url

from sites.isolation import manageable_sites, visible_sites

from . import urls
from .admin_views import DictionaryEntryViewSet, DictionaryPermissionPolicy
from .models import DictionaryEntry
from .syndication import can_push

register_permission_policy(DictionaryEntry, DictionaryPermissionPolicy(DictionaryEntry))
register_snippet(DictionaryEntryViewSet)


@hooks.register("register_admin_urls")
def register_publishing_urls():
    return [path("publishing/", include(urls, namespace="publishing"))]


class _SiteMenuItem(MenuItem):
    def is_shown(self, request):
        return visible_sites(request.user).exists()


class _EditorMenuItem(MenuItem):
    def is_shown(self, request):
        return manageable_sites(request.user).exists()


@hooks.register("register_reports_menu_item")
def register_repost_report_menu_item():
    return _SiteMenuItem(
        _("转载情况"), reverse("publishing:reposts"), icon_name="resubmit", order=700
    )


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return _EditorMenuItem(
        _("待接收推送"), reverse("publishing:inbox"), icon_name="mail", order=250
    )


@hooks.register("register_admin_menu_item")
def register_dictionary_menu_item():
    return _EditorMenuItem(
        _("检查词库"),
        reverse(DictionaryEntry.snippet_viewset.get_url_name("list")),
        icon_name="tasks",
        order=260,
    )


class PushButton(PageMenuItem):
    label = _("推送到下级站点")
    icon_name = "resubmit"
    url_name = "publishing:push"
    priority = 45

    def is_shown(self, user):
        return can_push(user, self.page.specific_deferred)


class CheckButton(PageMenuItem):
    label = _("内容检查")
    icon_name = "tasks"
    url_name = "publishing:check"
    priority = 46

    def is_shown(self, user):
        return self.page.depth > 2 and self.page.permissions_for_user(user).can_edit()


@hooks.register("register_page_header_buttons")
def publishing_header_buttons(page, user, view_name, next_url=None):
    yield PushButton(page=page)
    yield CheckButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def publishing_listing_buttons(page, user, next_url=None):
    yield PushButton(page=page)
    yield CheckButton(page=page)


@hooks.register("register_rich_text_features")
def register_legacy_html_features(features):
    """Tables and plain images in imported HTML (after sanitize_html), kept by
    DbHTMLConverter; not offered in the editor toolbar."""
    cell = attribute_rule({"colspan": True, "rowspan": True, "scope": True})
    features.register_converter_rule(
        "editorhtml",
        "legacy-table",
        [
            WhitelistRule(tag, cell if tag in ("td", "th") else attribute_rule({}))
            for tag in ("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td")
        ],
    )
    features.register_converter_rule(
        "editorhtml",
        "legacy-image",
        [
            WhitelistRule(
                "img",
                attribute_rule(
                    {"src": check_url, "alt": True, "width": True, "height": True}
                ),
            )
        ],
    )


@hooks.register("register_log_actions")
def register_publishing_log_actions(actions):
    @actions.register_action("publishing.push")
    class Push(LogFormatter):
        label = _("推送到下级站点")

        def format_message(self, log_entry):
            targets = log_entry.data.get("targets", [])
            return _("推送到 %(n)d 个站点：%(hosts)s") % {
                "n": len(targets),
                "hosts": "、".join(targets[:10]),
            }

    @actions.register_action("publishing.push.accept")
    class PushAccepted(LogFormatter):
        label = _("接收上级推送")

        def format_message(self, log_entry):
            if log_entry.data.get("review"):
                return _("接收上级站点推送，提交本站发布审核流程")
            return _("接收上级站点推送并发布")

    @actions.register_action("publishing.push.live")
    class PushReviewed(LogFormatter):
        label = _("上级推送审核通过")
        message = _("上级站点推送经本站审核通过后上线")

    @actions.register_action("publishing.push.decline")
    class PushDeclined(LogFormatter):
        label = _("拒绝上级推送")

        def format_message(self, log_entry):
            return _("站点 %(host)s 拒绝转载") % {
                "host": log_entry.data.get("site", "")
            }

    @actions.register_action("publishing.import")
    class Imported(LogFormatter):
        label = _("导入旧站文章")

        def format_message(self, log_entry):
            data = log_entry.data
            verb = _("新建") if data.get("created") else _("更新")
            return _("%(verb)s：从 %(file)s 第 %(line)s 行导入（执行人 %(who)s）") % {
                "verb": verb,
                "file": data.get("file", ""),
                "line": data.get("line", ""),
                "who": data.get("run_by", ""),
            }
