"""The 年度报表 menu: each site's 政府网站工作年度报表 (its editors and
reviewers fill their own sites' in; inspectors read every site's) and the
cluster office's 政府网站监管年度报表 (cluster administrators only)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from sites.viewsets import SiteScopedViewSetMixin

from .admin_forms import SupervisionReportForm, WebsiteReportForm
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
