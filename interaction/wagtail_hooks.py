from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from sites.isolation import manageable_sites, visible_sites

from . import admin_views
from .deadlines import Deadline, filter_by_deadline
from .models import Letter, MailboxPage

DASHBOARD_LIST_LENGTH = 10

admin_urlpatterns = [
    path("", admin_views.letter_index, name="index"),
    path("<int:pk>/", admin_views.letter_detail, name="letter"),
    path(
        "export.csv",
        admin_views.letter_export,
        {"file_format": "csv"},
        name="export_csv",
    ),
    path(
        "export.xlsx",
        admin_views.letter_export,
        {"file_format": "xlsx"},
        name="export_xlsx",
    ),
    path("departments/", admin_views.department_index, name="departments"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "interaction/letters/",
            include(
                (admin_urlpatterns, "interaction_admin"), namespace="interaction_admin"
            ),
        )
    ]


class LettersMenuItem(MenuItem):
    def is_shown(self, request):
        return visible_sites(request.user).exists()


class DepartmentsMenuItem(MenuItem):
    def is_shown(self, request):
        return manageable_sites(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_letters_menu_item():
    return LettersMenuItem(
        _("来信办理"), reverse("interaction_admin:index"), icon_name="mail", order=250
    )


@hooks.register("register_settings_menu_item")
def register_departments_menu_item():
    return DepartmentsMenuItem(
        _("承办单位"),
        reverse("interaction_admin:departments"),
        icon_name="group",
        order=900,
    )


class LetterDeadlinesPanel(Component):
    """Dashboard warning: letters of the user's sites overdue, due soon, or
    past the national limit."""

    name = "interaction_deadlines"
    template_name = "interaction/admin/deadlines_panel.html"
    order = 90

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        letters = Letter.objects.for_sites(visible_sites(self.user)).select_related(
            "site"
        )
        counts = {
            key: filter_by_deadline(letters, key, today).count()
            for key, _label in Deadline.CHOICES
        }
        urgent = filter_by_deadline(letters, Deadline.OVERDUE, today).order_by(
            "due_date", "pk"
        )[:DASHBOARD_LIST_LENGTH]
        return {
            "counts": counts,
            "urgent": urgent,
            "index_url": reverse("interaction_admin:index"),
        }


@hooks.register("construct_homepage_panels")
def add_letter_deadlines_panel(request, panels):
    if visible_sites(request.user).exists():
        panels.append(LetterDeadlinesPanel(request.user))


@hooks.register("before_delete_page")
def keep_mailboxes_with_letters(request, page):
    """Letters are records of the government's answers: a mailbox holding any
    (or a column above one) cannot be deleted, only unpublished."""
    if not Letter.objects.filter(
        mailbox__in=MailboxPage.objects.descendant_of(page, inclusive=True)
    ).exists():
        return None
    messages.error(
        request,
        _("该页面下的信箱已有来信记录，不能删除；如需停用，请取消发布。"),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
