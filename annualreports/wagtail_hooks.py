"""The 年度报表 menu: each site's 政府网站工作年度报表 (its editors and
reviewers fill their own sites' in; inspectors read every site's) and the
cluster office's 政府网站监管年度报表 (cluster administrators only)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from sites.isolation import is_cluster_admin, manageable_sites
from sites.models import SiteProfile
from sites.viewsets import SiteScopedViewSetMixin

from .admin_forms import SupervisionReportForm, WebsiteReportForm
from .deadlines import report_reminders
from .forms import ENTERED, SUPERVISION_FORM, WEBSITE_FORM
from .models import SupervisionAnnualReport, WebsiteAnnualReport
from .panels import ComputedFiguresPanel


def entered_panels(form):
    """One section per block with entered fields."""
    return [
        MultiFieldPanel(
            [FieldPanel(f.key) for f in block.fields if f.source == ENTERED],
            heading=_("填报：%(block)s") % {"block": block.label},
        )
        for block in form
        if any(f.source == ENTERED for f in block.fields)
    ]


class WebsiteAnnualReportViewSet(SiteScopedViewSetMixin, SnippetViewSet):
    model = WebsiteAnnualReport
    icon = "table"
    menu_label = _("政府网站工作年度报表")
    url_prefix = "annualreports/website"
    list_display = ["site", "year", "computed_at"]
    list_filter = ["year"]
    ordering = ["-year", "site__hostname"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("site"), FieldPanel("year")]),
            MultiFieldPanel(
                [ComputedFiguresPanel()], heading=_("平台统计数据（只读）")
            ),
            *entered_panels(WEBSITE_FORM),
        ],
        base_form_class=WebsiteReportForm,
    )


class SupervisionAnnualReportViewSet(SnippetViewSet):
    model = SupervisionAnnualReport
    icon = "clipboard-list"
    menu_label = _("政府网站监管年度报表")
    url_prefix = "annualreports/supervision"
    list_display = ["year", "computed_at"]
    ordering = ["-year"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("year"),
            MultiFieldPanel(
                [ComputedFiguresPanel()], heading=_("平台统计数据（只读）")
            ),
            *entered_panels(SUPERVISION_FORM),
        ],
        base_form_class=SupervisionReportForm,
    )


class AnnualReportsGroup(SnippetViewSetGroup):
    menu_label = _("年度报表")
    menu_icon = "table"
    menu_order = 360
    items = (WebsiteAnnualReportViewSet, SupervisionAnnualReportViewSet)


register_snippet(AnnualReportsGroup)


# --- Dashboard --------------------------------------------------------------


class ReportRemindersPanel(Component):
    """On the dashboard of a site's editors and reviewers: their sites whose
    政府网站工作年度报表 is due (from 1 January) or overdue."""

    name = "website_report_reminders"
    order = 95
    template_name = "annualreports/admin/reminders_panel.html"

    def __init__(self, reminders):
        self.reminders = reminders

    def get_context_data(self, parent_context):
        return {
            "reminders": self.reminders,
            "reports_url": reverse(
                WebsiteAnnualReport.snippet_viewset.get_url_name("list")
            ),
        }


@hooks.register("construct_homepage_panels")
def add_report_reminders(request, panels):
    # The cluster office follows every site through the monitoring and
    # `website_report_reminders`; a site's people see their own sites here.
    if is_cluster_admin(request.user):
        return
    profiles = SiteProfile.objects.with_site().filter(
        site__in=manageable_sites(request.user)
    )
    if reminders := report_reminders(profiles):
        panels.append(ReportRemindersPanel(reminders))
