from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.admin_views import query_report
from search.models import CustomWord, Synonym
from sites.isolation import visible_sites


class CustomWordViewSet(SnippetViewSet):
    """Cluster-wide words for the segmenter; only users granted the model
    permissions (cluster administrators) see them."""

    model = CustomWord
    icon = "pick"
    menu_label = _("自定义分词")
    add_to_settings_menu = True
    list_display = ["word", "note", "created_at"]
    search_fields = ["word", "note"]


register_snippet(CustomWordViewSet)


class SynonymViewSet(SnippetViewSet):
    """The cluster-wide synonym table of the public search; only users granted
    the model permissions (cluster administrators) see it."""

    model = Synonym
    icon = "resubmit"
    menu_label = _("检索同义词")
    add_to_settings_menu = True
    list_display = ["terms", "note", "updated_at"]
    search_fields = ["terms", "note"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_query_report_url():
    return [
        path("reports/search-queries/", query_report, name="govsearch_query_report")
    ]


class QueryReportMenuItem(MenuItem):
    def is_shown(self, request):
        return visible_sites(request.user).exists()


@hooks.register("register_reports_menu_item")
def register_query_report_menu_item():
    return QueryReportMenuItem(
        _("站内检索统计"),
        reverse("govsearch_query_report"),
        icon_name="search",
        order=900,
    )
