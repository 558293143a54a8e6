"""Template tags of the shared portal theme. Values are cached on the request so
a page costs the same few queries however many times a tag is used; a static
render batch shares them between its pages (cms/delivery/batch.py)."""

import re

from django import template
from django.conf import settings
from wagtail.models import Site

from cms.delivery.batch import shared_in_batch
from cms.pages.models import ColumnPage
from sites.models import SiteProfile

register = template.Library()


def _site(request):
    """The Wagtail site serving `request` (Wagtail caches it on the request)."""
    return Site.find_for_request(request) if request is not None else None


@register.simple_tag(takes_context=True)
def site_profile(context):
    """The profile of the site serving this request, or None."""
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_portal_profile"):
        site = _site(request)
        request._portal_profile = (
            SiteProfile.objects.with_site().filter(site=site).first() if site else None
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
    site = _site(request)
    if site is None or page is None:
        return []
    # The same for every page of a column: shared within a render batch.
    parent_path = page.path[: -page.steplen]
    return shared_in_batch(
        request,
        ("breadcrumbs", site.root_page.depth, parent_path),
        lambda: list(
            page.get_ancestors()
            .filter(depth__gte=site.root_page.depth)
            .live()
            .only("title", "url_path", "path", "depth")
        ),
    )


@register.simple_tag(takes_context=True)
def site_home_url(context, site):
    """The home page URL of another site of the cluster, on the scheme and
    port this request came in on (so links between sites also work on a
    development server's port)."""
    request = context.get("request")
    scheme = request.scheme if request else "http"
    host = request.get_host() if request else ""
    port = host.rpartition(":")[2] if ":" in host else ""
    if not port and site.port not in (80, 443):
        port = str(site.port)
    return f"{scheme}://{site.hostname}{':' + port if port else ''}/"


@register.filter
def is_within(page, column):
    """Whether `page` is `column` or lies below it (marks the active nav item)."""
    return bool(page and column and page.path.startswith(column.path))


@register.filter
def public_security_code(record_number):
    """The digits of a public-security record number (川公网安备 51090302000101号),
    which the national lookup service takes as the record code."""
    return "".join(re.findall(r"\d", record_number or ""))


@register.simple_tag
def identity_lookup_urls():
    """The national lookup services the footer's identity items link to."""
    return {
        "icp": settings.PORTAL_ICP_LOOKUP_URL,
        "public_security": settings.PORTAL_PUBLIC_SECURITY_LOOKUP_URL,
        "error_report": settings.PORTAL_ERROR_REPORT_URL,
    }
