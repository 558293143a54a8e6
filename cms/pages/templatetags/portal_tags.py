"""Template tags of the shared portal theme. Values are cached on the request so
a page costs the same few queries however many times a tag is used."""

from django import template
from wagtail.models import Site

from cms.pages.models import ColumnPage
from sites.models import SiteProfile

register = template.Library()


def _site(request):
    if not hasattr(request, "_portal_site"):
        request._portal_site = Site.find_for_request(request)
    return request._portal_site


@register.simple_tag(takes_context=True)
def site_profile(context):
    """The profile of the site serving this request, or None."""
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_portal_profile"):
        site = _site(request)
        request._portal_profile = (
            SiteProfile.objects.select_related("site", "superior__site")
            .filter(site=site)
            .first()
            if site
            else None
        )
    return request._portal_profile


@register.simple_tag(takes_context=True)
def top_columns(context):
    """The columns shown in the main navigation of the current site."""
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "_portal_columns"):
        site = _site(request)
        request._portal_columns = (
            list(
                ColumnPage.objects.child_of(site.root_page)
                .live()
                .public()
                .in_menu()
                .order_by("path")
            )
            if site
            else []
        )
    return request._portal_columns


@register.simple_tag(takes_context=True)
def breadcrumb_pages(context, page):
    """Ancestors of `page` from the site's home page down, excluding the page."""
    request = context.get("request")
    site = _site(request) if request else None
    if site is None or page is None:
        return []
    return list(page.get_ancestors().filter(depth__gte=site.root_page.depth).live())
