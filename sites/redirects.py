"""Redirects (wagtail.contrib.redirects), site by site.

A redirect belongs to the site it answers on (`Redirect.site`). Site groups
hold the redirect model permissions (granted by provisioning); the policy
registered in `sites.permissions.install_cluster_policies` narrows them to
the redirects of the user's manageable sites; inspectors read every site's
redirects (opening one shows a read-only page). Redirects for every site
(no site) and the file import are the cluster office's. These views replace
Wagtail's at the same paths (see `sites/admin_urls.py`)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.redirects import views as redirect_views
from wagtail.contrib.redirects.filters import RedirectsReportFilterSet
from wagtail.contrib.redirects.forms import RedirectForm
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .isolation import (
    is_cluster_admin,
    manageable_sites,
    visible_pages,
    visible_sites,
)
from .readonly import ReadOnlyView, edit_or_inspect
from .viewsets import object_in_scope


class ScopedRedirectForm(RedirectForm):
    """Wagtail's redirect form with the site required and limited to the
    user's manageable sites, and the target page to pages they may read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not is_cluster_admin(user):
            site = self.fields["site"]
            site.queryset = manageable_sites(user)
            site.required = True
            site.empty_label = None
            site.error_messages["invalid_choice"] = _("只能选择您负责管理的站点。")

    def clean_redirect_page(self):
        page = self.cleaned_data.get("redirect_page")
        user = self.for_user
        if (
            page is not None
            and user is not None
            and not visible_pages(user, Page.objects.filter(pk=page.pk)).exists()
        ):
            raise forms.ValidationError(_("只能重定向到您有权查看的页面。"))
        return page


def _visible_redirects(user):
    return policy_registry.get_by_type(Redirect).visible_instances(user)


class ScopedRedirectsFilterSet(RedirectsReportFilterSet):
    """The site filter offers only the sites the user may see."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["site"].queryset = visible_sites(request.user)


class ScopedRedirectIndexView(redirect_views.IndexView):
    filterset_class = ScopedRedirectsFilterSet

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=_visible_redirects(self.request.user).values("pk"))
        )

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if is_cluster_admin(self.request.user):
            return buttons
        import_url = reverse("wagtailredirects:start_import")
        return [button for button in buttons if button.url != import_url]


class ScopedRedirectCreateView(redirect_views.CreateView):
    form_class = ScopedRedirectForm


class ScopedRedirectEditView(redirect_views.EditView):
    form_class = ScopedRedirectForm


class RedirectReadOnlyView(ReadOnlyView):
    """What an inspector sees on opening a redirect."""

    model = Redirect
    pk_url_kwarg = "redirect_id"
    index_url_name = "wagtailredirects:index"
    header_icon = "redirect"
    page_title = _("重定向（只读）")
    fields = ["old_path", "site", "is_permanent", "redirect_page", "redirect_link"]

    def get_page_subtitle(self):
        return self.object.old_path


redirect_edit = edit_or_inspect(
    object_in_scope(ScopedRedirectEditView.as_view(), Redirect, pk_kwarg="redirect_id"),
    object_in_scope(RedirectReadOnlyView.as_view(), Redirect, pk_kwarg="redirect_id"),
)
redirect_delete = object_in_scope(
    redirect_views.DeleteView.as_view(), Redirect, pk_kwarg="redirect_id"
)


def cluster_admin_only(view):
    """Importing a file of redirects chooses one site (or every site) for
    all of them: the cluster office's job."""

    def wrapped(request, *args, **kwargs):
        if not is_cluster_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


redirect_start_import = cluster_admin_only(redirect_views.start_import)
redirect_process_import = cluster_admin_only(redirect_views.process_import)
