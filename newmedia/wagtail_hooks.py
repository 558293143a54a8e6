"""New-media accounts in the Wagtail admin: one listing per user's sites
(editors of one site never see another's accounts), with Excel export."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from sites.viewsets import SiteScopedViewSetMixin

from .models import NewMediaAccount


class NewMediaAccountInspectView(InspectView):
    """Reads in Chinese: an empty value is a dash, a yes/no field 是/否
    (Wagtail shows None and True)."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("是") if value else _("否")
        return value


class NewMediaAccountViewSet(SiteScopedViewSetMixin, SnippetViewSet):
    model = NewMediaAccount
    icon = "mobile-alt"
    menu_label = _("政务新媒体")
    menu_order = 195
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = NewMediaAccountInspectView
    inspect_view_fields_exclude = ["id"]
    copy_view_enabled = False
    list_display = [
        "name",
        "platform_label",
        "account_id",
        "body",
        "site",
        "status",
        "filing_state",
        "feed_checked_at",
    ]
    list_filter = ["platform", "status", "filing_state", "site"]
    search_fields = ["name", "account_id", "body", "sponsor"]
    ordering = ["site__hostname", "platform", "name"]
    list_export = [
        "site",
        "platform_label",
        "name",
        "account_id",
        "body",
        "sponsor",
        "opened_on",
        "status_label",
        "status_changed_on",
        "status_reason",
        "filing_label",
        "filed_on",
        "interaction_label",
        "profile_url",
        "feed_url",
        "feed_checked_at",
        "feed_error",
    ]
    export_headings = {
        "site": _("所属站点"),
        "platform_label": _("平台"),
        "status_label": _("状态"),
        "filing_label": _("备案状态"),
        "interaction_label": _("互动功能可用"),
    }
    export_filename = "new-media-accounts"
    edit_handler = ObjectList(NewMediaAccount.panels)


register_snippet(NewMediaAccountViewSet)
