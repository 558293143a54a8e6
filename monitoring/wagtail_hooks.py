from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from . import views
from .models import ManualFinding, ScoreGroup, ScoreRule


@hooks.register("register_admin_urls")
def register_monitoring_urls():
    urls = [
        path("", views.index, name="index"),
        path("results/<int:result_id>/", views.scorecard, name="scorecard"),
        path("runs/<int:run_id>/export.xlsx", views.export_run, name="export"),
    ]
    return [path("monitoring/", include((urls, "monitoring"), namespace="monitoring"))]


class MonitoringMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def register_monitoring_menu_item():
    return MonitoringMenuItem(
        _("网站监测"), reverse("monitoring:index"), icon_name="site", order=900
    )


class ScoreGroupViewSet(ModelViewSet):
    model = ScoreGroup
    icon = "list-ul"
    menu_label = _("抽查指标组")
    name = "monitoring_score_groups"
    add_to_settings_menu = True
    form_fields = ["code", "name", "subject", "part", "points", "sort_order"]
    list_display = ["name", "code", "subject", "part", "points"]
    list_filter = ["subject"]


class ScoreRuleViewSet(ModelViewSet):
    """The score table the cluster office corrects when the official one comes."""

    model = ScoreRule
    icon = "tasks"
    menu_label = _("抽查评分指标")
    name = "monitoring_score_rules"
    add_to_settings_menu = True
    form_fields = [
        "code",
        "name",
        "group",
        "points",
        "cap",
        "threshold",
        "second_threshold",
        "period_days",
        "enabled",
        "measure",
        "method",
        "sort_order",
    ]
    list_display = [
        "name",
        "code",
        "group",
        "points",
        "cap",
        "threshold",
        "second_threshold",
        "period_days",
        # In words: Wagtail's boolean column says True/False to screen readers.
        Column(
            "enabled",
            label=_("启用"),
            accessor=lambda rule: _("是") if rule.enabled else _("否"),
        ),
        "measure",
    ]
    list_filter = ["group__subject", "group", "measure", "enabled"]
    search_fields = ["name", "code"]


class ManualFindingCreateView(CreateView):
    def save_instance(self):
        self.form.instance.recorded_by = self.request.user
        return super().save_instance()


class ManualFindingViewSet(ModelViewSet):
    """Findings only an inspector can make (forged content, the bonus items,
    a department without external services), with evidence."""

    model = ManualFinding
    icon = "doc-full"
    menu_label = _("人工核查结果")
    name = "monitoring_manual_findings"
    add_to_settings_menu = True
    add_view_class = ManualFindingCreateView
    form_fields = [
        "profile",
        "rule",
        "new_media_account",
        "occurrences",
        "found_on",
        "resolved_on",
        "detail",
        "evidence",
    ]
    list_display = [
        "profile",
        "rule",
        "new_media_account",
        "occurrences",
        "found_on",
        "resolved_on",
    ]
    list_filter = ["rule__group__subject", "rule", "found_on"]


@hooks.register("register_admin_viewset")
def register_score_viewsets():
    return [ScoreGroupViewSet(), ScoreRuleViewSet(), ManualFindingViewSet()]
