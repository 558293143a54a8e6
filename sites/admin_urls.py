"""Wagtail admin URLs whose views are replaced by site-scoped versions.

`cms/urls.py` includes these *before* Wagtail's admin URLs, at the same
paths and names, so the scoped view answers and every `reverse()` still
yields the same address."""

from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import views

urlpatterns = [
    path(
        "choose-page/",
        views.ScopedPageBrowseView.as_view(),
        name="wagtailadmin_choose_page",
    ),
    path(
        "choose-page/chosen-multiple/",
        views.ScopedPageChosenMultipleView.as_view(),
        name="wagtailadmin_choose_page_chosen_multiple",
    ),
    path(
        "bulk/<str:app_label>/<str:model_name>/<str:action>/",
        views.scoped_bulk_action,
        name="wagtail_bulk_action",
    ),
    path(
        "snippets/",
        views.ScopedSnippetModelIndexView.as_view(),
        name="wagtailsnippets_index_scoped",
    ),
    path(
        "reports/page-types-usage/",
        views.ScopedPageTypesUsageReportView.as_view(),
        name="wagtailadmin_reports_page_types_usage_scoped",
    ),
    path(
        "reports/page-types-usage/results/",
        views.ScopedPageTypesUsageReportView.as_view(results_only=True),
        name="wagtailadmin_reports_page_types_usage_results_scoped",
    ),
    path(
        "reports/site-history/",
        views.ScopedLogEntriesView.as_view(),
        name="wagtailadmin_reports_site_history_scoped",
    ),
    path(
        "reports/site-history/results/",
        views.ScopedLogEntriesView.as_view(results_only=True),
        name="wagtailadmin_reports_site_history_results_scoped",
    ),
]

# Like every Wagtail admin URL: logged-in users with admin access only.
urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
