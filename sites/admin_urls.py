"""Wagtail admin URLs whose views are replaced by site-scoped versions.

`cms/urls.py` includes these *before* Wagtail's admin URLs, at the same
paths and names, so the scoped view answers and every `reverse()` still
yields the same address."""

from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import media, promotions, redirects, tags, views

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

# Workflow reports (sites/views.py).
urlpatterns += [
    path(
        "reports/workflow/",
        views.ScopedWorkflowView.as_view(),
        name="wagtailadmin_reports_workflow_scoped",
    ),
    path(
        "reports/workflow/results/",
        views.ScopedWorkflowView.as_view(results_only=True),
        name="wagtailadmin_reports_workflow_results_scoped",
    ),
    path(
        "reports/workflow_tasks/",
        views.ScopedWorkflowTasksView.as_view(),
        name="wagtailadmin_reports_workflow_tasks_scoped",
    ),
    path(
        "reports/workflow_tasks/results/",
        views.ScopedWorkflowTasksView.as_view(results_only=True),
        name="wagtailadmin_reports_workflow_tasks_results_scoped",
    ),
]

# Tags, images and documents (sites/tags.py, sites/media.py).
urlpatterns += [
    path(
        "tag-autocomplete/",
        tags.autocomplete,
        name="wagtailadmin_tag_autocomplete_scoped",
    ),
    path(
        "tag-autocomplete/<slug:app_name>/<slug:model_name>/",
        tags.autocomplete,
        name="wagtailadmin_tag_model_autocomplete_scoped",
    ),
    path(
        "images/",
        media.ScopedImageIndexView.as_view(),
        name="wagtailimages_index_scoped",
    ),
    path(
        "images/results/",
        media.ScopedImageIndexView.as_view(results_only=True),
        name="wagtailimages_index_results_scoped",
    ),
    path("images/chooser/", media.image_choose, name="wagtailimages_chooser_scoped"),
    path("images/<int:image_id>/", media.image_edit, name="wagtailimages_edit_scoped"),
    path(
        "images/usage/<int:image_id>/",
        media.image_usage,
        name="wagtailimages_image_usage_scoped",
    ),
    path(
        "documents/",
        media.ScopedDocumentIndexView.as_view(),
        name="wagtaildocs_index_scoped",
    ),
    path(
        "documents/results/",
        media.ScopedDocumentIndexView.as_view(results_only=True),
        name="wagtaildocs_index_results_scoped",
    ),
    path(
        "documents/edit/<int:document_id>/",
        media.document_edit,
        name="wagtaildocs_edit_scoped",
    ),
    path(
        "documents/usage/<int:document_id>/",
        media.document_usage,
        name="wagtaildocs_document_usage_scoped",
    ),
]

# Redirects (sites/redirects.py).
urlpatterns += [
    path(
        "redirects/",
        redirects.ScopedRedirectIndexView.as_view(),
        name="wagtailredirects_index_scoped",
    ),
    path(
        "redirects/results/",
        redirects.ScopedRedirectIndexView.as_view(results_only=True),
        name="wagtailredirects_index_results_scoped",
    ),
    path(
        "redirects/add/",
        redirects.ScopedRedirectCreateView.as_view(),
        name="wagtailredirects_add_scoped",
    ),
    path(
        "redirects/<int:redirect_id>/",
        redirects.redirect_edit,
        name="wagtailredirects_edit_scoped",
    ),
    path(
        "redirects/<int:redirect_id>/delete/",
        redirects.redirect_delete,
        name="wagtailredirects_delete_scoped",
    ),
    path(
        "redirects/import/",
        redirects.redirect_start_import,
        name="wagtailredirects_start_import_scoped",
    ),
    path(
        "redirects/import/process/",
        redirects.redirect_process_import,
        name="wagtailredirects_process_import_scoped",
    ),
]

# Search promotions (sites/promotions.py).
urlpatterns += [
    path(
        "searchpicks/",
        promotions.ScopedSearchPromotionIndexView.as_view(),
        name="wagtailsearchpromotions_index_scoped",
    ),
    path(
        "searchpicks/results/",
        promotions.ScopedSearchPromotionIndexView.as_view(results_only=True),
        name="wagtailsearchpromotions_index_results_scoped",
    ),
    path(
        "searchpicks/add/",
        promotions.ScopedSearchPromotionCreateView.as_view(),
        name="wagtailsearchpromotions_add_scoped",
    ),
    path(
        "searchpicks/<int:query_id>/",
        promotions.search_term_edit,
        name="wagtailsearchpromotions_edit_scoped",
    ),
    path(
        "searchpicks/<int:query_id>/delete/",
        promotions.ScopedSearchPromotionDeleteView.as_view(),
        name="wagtailsearchpromotions_delete_scoped",
    ),
    path(
        "searchpicks/queries/chooser/",
        promotions.query_chooser,
        name="wagtailsearchpromotions_chooser_scoped",
    ),
    path(
        "searchpicks/queries/chooser/results/",
        promotions.query_chooser_results,
        name="wagtailsearchpromotions_chooserresults_scoped",
    ),
]

# Like every Wagtail admin URL: logged-in users with admin access only.
urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
