from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from sites.isolation import visible_sites
from visits.views import visit_report


@hooks.register("register_admin_urls")
def register_visit_report_url():
    return [path("reports/visits/", visit_report, name="visits_report")]


class VisitReportMenuItem(MenuItem):
    def is_shown(self, request):
        return visible_sites(request.user).exists()


@hooks.register("register_reports_menu_item")
def register_visit_report_menu_item():
    return VisitReportMenuItem(
        _("访问统计"), reverse("visits_report"), icon_name="view", order=890
    )
