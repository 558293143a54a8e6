"""Admin URLs of the publishing area (mounted under /admin/publishing/)."""

from django.urls import path

from . import views

app_name = "publishing"
urlpatterns = [
    path("push/<int:page_id>/", views.push_page_view, name="push"),
    path("inbox/", views.inbox_view, name="inbox"),
    path("inbox/<int:target_id>/accept/", views.accept_view, name="accept"),
    path("inbox/<int:target_id>/decline/", views.decline_view, name="decline"),
    path("reposts/", views.reposts_view, name="reposts"),
    path("check/<int:page_id>/", views.page_check_view, name="check"),
]
