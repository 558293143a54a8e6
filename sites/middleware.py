"""Refuse admin URLs that name a page the user may not read.

Wagtail checks edit, publish and delete rights on each page view, but several
read-only views (the explorer's header and breadcrumbs for a page above the
user's own tree, the page chooser opened on another site, the admin API's
page actions) only check that the user may use the admin at all. This
middleware looks at the resolved URL instead: any Wagtail admin URL carrying a
page id answers 404 unless the page lies in a tree the user may read
(`sites.isolation.visible_page_filter`)."""

from django.http import Http404
from wagtail.models import Page

from .isolation import can_view_page

# URL keyword arguments that always hold a page id in Wagtail's admin.
PAGE_KWARGS = (
    "page_id",
    "parent_page_id",
    "page_to_move_id",
    "destination_id",
    "page_pk",
)
# Views whose generic "pk" argument is a page id.
PAGE_PK_VIEWS = frozenset(
    {
        "wagtailadmin_pages:revisions_compare",
        "wagtailadmin_api:pages:detail",
        "wagtailadmin_api:pages:action",
    }
)
ADMIN_NAMESPACES = ("wagtailadmin", "wagtailforms", "cluster")


class AdminPageScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated:
            return None
        view_name = match.view_name or ""
        if not view_name.startswith(ADMIN_NAMESPACES):
            return None
        page_ids = [view_kwargs[name] for name in PAGE_KWARGS if name in view_kwargs]
        if view_name in PAGE_PK_VIEWS and "pk" in view_kwargs:
            page_ids.append(view_kwargs["pk"])
        for page_id in page_ids:
            page = Page.objects.filter(pk=page_id).only("path", "depth").first()
            if page is not None and not can_view_page(user, page):
                raise Http404
        return None
