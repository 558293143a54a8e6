"""The disclosure app in the Wagtail admin: the 信息公开 menu (application
queue, late documents, issuing bodies, annual report figures, subject
taxonomy, the working-day calendar's days and confirmed years) and the dashboard warnings."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from cms.casework.admin_views import CalendarDayViewSet, HolidayScheduleViewSet
from cms.casework.deadlines import warning_horizon
from cms.casework.models import HolidayOverride, HolidaySchedule
from sites.isolation import is_cluster_admin, manageable_sites, visible_sites
from sites.models import SiteProfile

from .models import (
    AnnualFigures,
    InformationApplication,
    IssuingBody,
    SubjectCategory,
)
from .report_deadlines import report_reminders
from .views import admin as admin_views
from .warnings import unconfirmed_calendar_warning

# --- Permission policies --------------------------------------------------


class SiteOwnedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, limited to rows of the sites the user manages."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        sites = visible_sites(user) if action == "view" else manageable_sites(user)
        return sites.filter(pk=instance.site_id).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(site__in=manageable_sites(user))


class ClusterAdminOnlyPolicy(ModelPermissionPolicy):
    """Cluster-wide data only the cluster administrators change."""

    def user_has_permission(self, user, action):
        return is_cluster_admin(user)

    def user_has_any_permission(self, user, actions):
        return is_cluster_admin(user)


register_permission_policy(IssuingBody, SiteOwnedPermissionPolicy(IssuingBody))
register_permission_policy(AnnualFigures, SiteOwnedPermissionPolicy(AnnualFigures))
register_permission_policy(HolidayOverride, ClusterAdminOnlyPolicy(HolidayOverride))
register_permission_policy(HolidaySchedule, ClusterAdminOnlyPolicy(HolidaySchedule))
register_permission_policy(SubjectCategory, ClusterAdminOnlyPolicy(SubjectCategory))


# --- Site-scoped viewsets -------------------------------------------------


class SiteScopedObjectMixin:
    """Refuse objects of sites the user does not manage."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not manageable_sites(self.request.user).filter(pk=obj.site_id).exists():
            raise PermissionDenied
        return obj


class SiteScopedIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(site__in=visible_sites(self.request.user))
            .select_related("site")
        )


class SiteScopedEditView(SiteScopedObjectMixin, generic.EditView):
    pass


class SiteScopedDeleteView(SiteScopedObjectMixin, generic.DeleteView):
    pass


class SiteScopedHistoryView(SiteScopedObjectMixin, history.HistoryView):
    pass


class SiteScopedUsageView(SiteScopedObjectMixin, usage.UsageView):
    pass


class SiteOwnedForm(WagtailAdminModelForm):
    """Offers only the sites the user manages (and, for issuing bodies, only
    the users of those sites as handlers)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        sites = manageable_sites(user)
        if "site" in self.fields:
            self.fields["site"].queryset = sites
        if "handlers" in self.fields and not is_cluster_admin(user):
            groups = []
            for profile in SiteProfile.objects.filter(site__in=sites):
                groups += [profile.editors_group_id, profile.reviewers_group_id]
            self.fields["handlers"].queryset = (
                get_user_model()
                .objects.filter(Q(groups__in=groups) | Q(pk=user.pk), is_active=True)
                .distinct()
            )


class SiteOwnedViewSet(ModelViewSet):
    add_to_admin_menu = False
    index_view_class = SiteScopedIndexView
    edit_view_class = SiteScopedEditView
    delete_view_class = SiteScopedDeleteView
    history_view_class = SiteScopedHistoryView
    usage_view_class = SiteScopedUsageView


class IssuingBodyViewSet(SiteOwnedViewSet):
    model = IssuingBody
    icon = "group"
    menu_label = _("信息公开主体")
    name = "disclosure_bodies"
    list_display = ["name", "code", "site", "accepts_applications"]
    list_filter = ["accepts_applications"]
    search_fields = ["name", "code"]
    edit_handler = ObjectList(IssuingBody.panels, base_form_class=SiteOwnedForm)


class AnnualFiguresViewSet(SiteOwnedViewSet):
    model = AnnualFigures
    icon = "table"
    menu_label = _("年报录入数据")
    name = "disclosure_annual_figures"
    list_display = ["site", "year"]
    list_filter = ["year"]
    edit_handler = ObjectList(AnnualFigures.panels, base_form_class=SiteOwnedForm)


class SubjectCategoryViewSet(ModelViewSet):
    model = SubjectCategory
    icon = "tag"
    menu_label = _("主题分类")
    name = "disclosure_categories"
    add_to_admin_menu = False
    form_fields = ["name", "code", "sort_order", "is_active"]
    list_display = ["name", "code", "sort_order", "is_active"]


class HolidayOverrideViewSet(CalendarDayViewSet):
    name = "disclosure_holidays"


class ConfirmedYearViewSet(HolidayScheduleViewSet):
    name = "disclosure_holiday_years"


issuing_body_viewset = IssuingBodyViewSet()
annual_figures_viewset = AnnualFiguresViewSet()
category_viewset = SubjectCategoryViewSet()
holiday_viewset = HolidayOverrideViewSet()
holiday_year_viewset = ConfirmedYearViewSet()


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [
        issuing_body_viewset,
        annual_figures_viewset,
        category_viewset,
        holiday_viewset,
        holiday_year_viewset,
    ]


# --- Custom views and the menu --------------------------------------------

admin_urlpatterns = [
    path("", admin_views.QueueView.as_view(), name="queue"),
    path(
        "applications/<int:pk>/",
        admin_views.ApplicationDetailView.as_view(),
        name="application",
    ),
    path(
        "attachments/<int:pk>/",
        admin_views.attachment_download,
        name="attachment",
    ),
    path("late/", admin_views.LateDocumentsView.as_view(), name="late_documents"),
    path(
        "register/",
        admin_views.RegisterApplicationView.as_view(),
        name="register",
    ),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "disclosure/",
            include(
                (admin_urlpatterns, "disclosure_admin"), namespace="disclosure_admin"
            ),
        )
    ]


def user_sees_disclosure(request):
    return is_cluster_admin(request.user) or visible_sites(request.user).exists()


class DisclosureMenuItem(MenuItem):
    def is_shown(self, request):
        return user_sees_disclosure(request)


class ViewSetMenuItem(MenuItem):
    def __init__(self, viewset, **kwargs):
        self.viewset = viewset
        super().__init__(
            viewset.menu_label,
            reverse(viewset.get_url_name("index")),
            icon_name=viewset.icon,
            **kwargs,
        )

    def is_shown(self, request):
        return policy_registry.get_by_type(self.viewset.model).user_has_any_permission(
            request.user, {"add", "change", "delete", "view"}
        )


class DisclosureSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return user_sees_disclosure(request)


@hooks.register("register_admin_menu_item")
def register_disclosure_menu():
    menu = Menu(
        items=[
            DisclosureMenuItem(
                _("依申请公开办理"),
                reverse("disclosure_admin:queue"),
                icon_name="mail",
                order=100,
            ),
            DisclosureMenuItem(
                _("逾期公开的文件"),
                reverse("disclosure_admin:late_documents"),
                icon_name="warning",
                order=200,
            ),
            ViewSetMenuItem(issuing_body_viewset, order=300),
            ViewSetMenuItem(annual_figures_viewset, order=400),
            ViewSetMenuItem(category_viewset, order=500),
            ViewSetMenuItem(holiday_viewset, order=600),
            ViewSetMenuItem(holiday_year_viewset, order=610),
        ]
    )
    return DisclosureSubmenu(_("信息公开"), menu, icon_name="doc-full", order=350)


# --- Dashboard --------------------------------------------------------------


def deadline_summary(user, today=None):
    """Open applications of the bodies `user` handles: overdue and due soon."""
    today = today or timezone.localdate()
    bodies = admin_views.handled_body_ids(user)
    applications = InformationApplication.objects.filter(body_id__in=bodies)
    last_day = warning_horizon(today, settings.DISCLOSURE_DUE_SOON_WORKING_DAYS)
    overdue = applications.overdue(today)
    due_soon = applications.due_between(today, last_day)
    profiles = SiteProfile.objects.with_site().filter(
        site__in=IssuingBody.objects.filter(pk__in=bodies).values("site")
    )
    return {
        "overdue": overdue.count(),
        "due_soon": due_soon.count(),
        "open": applications.open().count(),
        "calendar_warning": unconfirmed_calendar_warning(today, last_day),
        "report_reminders": report_reminders(profiles, today),
    }


class DeadlinesPanel(Component):
    name = "disclosure_deadlines"
    order = 90
    template_name = "disclosure/admin/dashboard_panel.html"

    def __init__(self, summary):
        self.summary = summary

    def get_context_data(self, parent_context):
        return {
            "summary": self.summary,
            "overdue_url": admin_views.queue_url(due="overdue"),
            "soon_url": admin_views.queue_url(due="soon"),
            "due_soon_days": settings.DISCLOSURE_DUE_SOON_WORKING_DAYS,
        }


@hooks.register("construct_homepage_panels")
def add_deadlines_panel(request, panels):
    if is_cluster_admin(request.user) or request.user.disclosure_bodies.exists():
        summary = deadline_summary(request.user)
        if (
            summary["open"]
            or summary["calendar_warning"]
            or summary["report_reminders"]
        ):
            panels.append(DeadlinesPanel(summary))


class OpenApplicationsSummaryItem(SummaryItem):
    order = 500
    template_name = "disclosure/admin/summary_item.html"

    def get_context_data(self, parent_context):
        return {
            "summary": deadline_summary(self.request.user),
            "url": admin_views.queue_url(),
        }

    def is_shown(self):
        user = self.request.user
        return is_cluster_admin(user) or user.disclosure_bodies.exists()


@hooks.register("construct_homepage_summary_items")
def add_summary_item(request, items):
    items.append(OpenApplicationsSummaryItem(request))
