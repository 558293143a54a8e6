"""Reader pages of every site outside the page tree: the site map (网站地图)
and the favicon."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

from .favicon import favicon_ico
from .models import ColumnPage, SiteBranding


def column_tree(root):
    """[(column, [(sub-column, [...]), ...]), ...]: every live, public column
    below `root`, nested as in the page tree, in menu order. One query."""
    columns = list(
        ColumnPage.objects.descendant_of(root)
        .live()
        .public()
        .only("title", "url_path", "path", "depth")
        .order_by("path")
    )
    children = {}
    for column in columns:
        children.setdefault(column.path[: -ColumnPage.steplen], []).append(column)

    def branch(path):
        return [(column, branch(column.path)) for column in children.get(path, [])]

    return branch(root.path)


@require_GET
def site_map(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return render(
        request,
        "pages/site_map.html",
        {"site_columns": column_tree(site.root_page)},
    )


@require_GET
@cache_control(public=True, max_age=86400)
def favicon(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    colour = SiteBranding.for_site(site).main_colour
    return HttpResponse(favicon_ico(colour), content_type="image/x-icon")
