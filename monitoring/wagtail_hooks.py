from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


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
