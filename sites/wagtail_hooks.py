"""The cluster in Wagtail's admin: site profiles, the cluster tree, and the
hooks that keep every list of pages, images and documents to the user's own
sites (see docs/isolation.md)."""

from django.db.models import Q
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .forms import SiteProfileForm
from .isolation import (
    is_cluster_admin,
    is_inspector,
    visible_page_filter,
    visible_pages,
)
from .models import SiteProfile
from .permissions import SiteScopedPermissionPolicy
from .viewsets import SiteScopedViewSetMixin

# -- Pages -------------------------------------------------------------------


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_visible_pages(pages, request):
    """Choosers (links, page fields, move and copy destinations) offer only
    pages of the user's sites, plus the tree's root to navigate from."""
    condition = visible_page_filter(request.user)
    if condition is None:
        return pages
    return pages.filter(condition | Q(depth=1))


@hooks.register("construct_explorer_page_queryset")
def limit_explorer_to_visible_pages(parent_page, pages, request):
    return visible_pages(request.user, pages)


class VisiblePagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count covers only the user's sites (Wagtail counts
    the whole tree below the user's common ancestor, i.e. every site for an
    editor of a city and its counties)."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        condition = visible_page_filter(self.request.user)
        if condition is not None:
            context["total_pages"] = Page.objects.filter(condition).count()
        return context


@hooks.register("construct_homepage_summary_items", order=100)
def count_only_visible_pages(request, items):
    items[:] = [
        VisiblePagesSummaryItem(request) if type(item) is PagesSummaryItem else item
        for item in items
    ]


class PagePreviewMenuItem(PageMenuItem):
    label = _("预览（只读）")
    icon_name = "view"
    url_name = "cluster:page_preview"
    link_rel = "noreferrer"

    def is_shown(self, user):
        return (
            not self.page.is_root()
            and is_inspector(user)
            and not is_cluster_admin(user)
        )


@hooks.register("register_page_listing_more_buttons")
def inspector_page_preview_button(page, user, next_url=None):
    yield PagePreviewMenuItem(page=page, priority=3)


@hooks.register("register_page_header_buttons")
def inspector_page_preview_header_button(page, user, next_url=None, view_name=None):
    yield PagePreviewMenuItem(page=page, priority=3)


# -- Images and documents in the admin API ----------------------------------


class CollectionScopedAPIMixin:
    """The admin API lists only images/documents of collections the user
    holds a permission on (Wagtail's endpoints list every one of them)."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        allowed = policy.instances_user_has_any_permission_for(
            self.request.user, ["add", "change", "delete", "choose"]
        )
        return super().get_queryset().filter(pk__in=allowed.values("pk"))


class ScopedImagesAdminAPIViewSet(CollectionScopedAPIMixin, ImagesAdminAPIViewSet):
    model = get_image_model()


class ScopedDocumentsAdminAPIViewSet(
    CollectionScopedAPIMixin, DocumentsAdminAPIViewSet
):
    model = get_document_model()


@hooks.register("construct_admin_api", order=100)
def scope_admin_api_media(router):
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


# -- Site profiles and the cluster tree -------------------------------------

# Profiles are changed by the cluster office only; every site's own people
# and the inspectors may read them. A profile is created with its site
# (`create_site`) and a site that stops is marked closed, so the admin neither
# adds nor deletes profiles.
register_permission_policy(
    SiteProfile,
    SiteScopedPermissionPolicy(
        SiteProfile,
        superuser_changes_only=True,
        members_view=True,
        refused={"add", "delete"},
    ),
    exact_class=True,
)


class SiteProfileViewSet(SiteScopedViewSetMixin, SnippetViewSet):
    model = SiteProfile
    icon = "site"
    menu_label = _("站点档案")
    menu_order = 190
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["name", "site", "level", "identity_code", "status", "superior"]
    list_filter = ["level", "status"]
    search_fields = ["name", "short_name", "identity_code"]
    ordering = ["site__hostname"]
    inspect_view_fields = [
        "name",
        "short_name",
        "site",
        "level",
        "superior",
        "identity_code",
        "sponsor",
        "undertaker",
        "address",
        "phone",
        "email",
        "icp_number",
        "public_security_number",
        "status",
        "closed_on",
        "merged_into",
        "collection",
        "editors_group",
        "reviewers_group",
        "created_at",
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
            FieldRowPanel([FieldPanel("level"), FieldPanel("superior")]),
            FieldPanel("identity_code"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("sponsor"), FieldPanel("undertaker")]),
                    FieldPanel("address"),
                    FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                    FieldRowPanel(
                        [FieldPanel("icp_number"), FieldPanel("public_security_number")]
                    ),
                ],
                heading=_("页脚标识信息"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("status"),
                    FieldRowPanel([FieldPanel("closed_on"), FieldPanel("merged_into")]),
                ],
                heading=_("运行状态"),
            ),
        ],
        base_form_class=SiteProfileForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site", "superior")


register_snippet(SiteProfileViewSet)


class ClusterTreeMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_see_cluster(request.user)


@hooks.register("register_admin_menu_item")
def register_cluster_tree_menu_item():
    return ClusterTreeMenuItem(
        _("站群结构"),
        reverse("cluster:tree"),
        name="cluster-tree",
        icon_name="site",
        order=180,
    )


@hooks.register("register_admin_urls")
def register_cluster_admin_urls():
    return [
        path(
            "cluster/",
            include(
                (
                    [
                        path("tree/", views.ClusterTreeView.as_view(), name="tree"),
                        path(
                            "pages/<int:page_id>/preview/",
                            views.PagePreviewView.as_view(),
                            name="page_preview",
                        ),
                    ],
                    "cluster",
                ),
                namespace="cluster",
            ),
        )
    ]
