"""Which public paths show a page, so a change re-renders exactly those.

A page appears on: its own URL; the listing of every column above it (all of
its paginated pages) and the home page; the site's sitemap and feed; the pages
of its aliases on other sites (and their listings). A column's title also
appears in the breadcrumbs of everything below it, and a top-level column or
the home page appears in the navigation of every page of the site. An
article's title is in the 上一篇/下一篇 links of its neighbours in the column."""

from django.conf import settings
from wagtail.models import Page, Site

from cms.pages.models import ArticlePage


def site_for_page(page, sites=None):
    """The Site whose tree holds `page`, or None."""
    sites = sites if sites is not None else Site.objects.select_related("root_page")
    best = None
    for site in sites:
        root_path = site.root_page.path
        if page.path.startswith(root_path) and (
            best is None or len(root_path) > len(best.root_page.path)
        ):
            best = site
    return best


def page_path_on_site(page, site):
    """The public path of `page` under `site`, e.g. "/news/item/"."""
    root_url_path = site.root_page.url_path
    return "/" + page.url_path.removeprefix(root_url_path)


def site_wide_paths():
    """Paths outside the page tree every site publishes (sitemap, feed)."""
    return list(settings.STATIC_PUBLISH_SITE_PATHS)


def whole_site_paths(site):
    """Every path of `site` that may hold a static file."""
    pages = Page.objects.descendant_of(site.root_page, inclusive=True).only(
        "url_path", "path"
    )
    paths = {page_path_on_site(page, site) for page in pages}
    return paths | set(site_wide_paths())


def paths_for_page(page, url_path=None, include_aliases=True):
    """{(hostname, path), ...} for everything that shows `page`.

    `url_path` overrides the page's own url_path (a move's old location);
    the page's tree position (`page.path`) then decides the ancestors."""
    sites = list(Site.objects.select_related("root_page"))
    site = site_for_page(page, sites)
    found = set()
    if site is not None:
        located = Page(url_path=url_path or page.url_path, path=page.path)
        own_path = page_path_on_site(located, site)
        if page.depth <= site.root_page.depth + 1:
            # The home page or a top-level column: navigation on every page.
            paths = whole_site_paths(site)
        else:
            paths = {own_path, *site_wide_paths()}
            ancestors = Page.objects.ancestor_of(page).filter(
                depth__gte=site.root_page.depth
            )
            paths.update(page_path_on_site(ancestor, site) for ancestor in ancestors)
            if page.numchild:
                # A column's title is in the breadcrumbs of all below it.
                for descendant in Page.objects.descendant_of(page).only(
                    "url_path", "path"
                ):
                    relative = descendant.url_path.removeprefix(page.url_path)
                    paths.add(own_path + relative)
        found.update((site.hostname, path) for path in paths)
    if include_aliases:
        for alias in Page.objects.filter(alias_of=page):
            found |= paths_for_page(alias, include_aliases=False)
    return found


def neighbour_paths(page):
    """{(hostname, path), ...} of the articles whose 上一篇/下一篇 links show
    `page` (its neighbours in its column); empty for anything else."""
    article = ArticlePage.objects.filter(pk=page.pk).first()
    site = site_for_page(page) if article is not None else None
    if site is None:
        return set()
    return {
        (site.hostname, page_path_on_site(neighbour, site))
        for neighbour in article.neighbours()
        if neighbour is not None
    }


def paths_for_site(site):
    return {(site.hostname, path) for path in whole_site_paths(site)}


def paths_for_pages_in_bulk(pages):
    """(paths, neighbour paths) for pages published together (an import):
    the union of what `paths_for_page` and `neighbour_paths` give each page,
    with one render request per listing however many of its items changed.

    The columns above, the home page and the site-wide paths are worked out
    once per parent; the 上一篇/下一篇 neighbours from one ordered list of
    the parent's articles. A page whose change reaches further (a top-level
    column, a page with children or aliases) goes the one-page way."""
    pages = list(pages)
    sites = list(Site.objects.select_related("root_page"))
    aliased = set(
        Page.objects.filter(alias_of__in=[page.pk for page in pages]).values_list(
            "alias_of_id", flat=True
        )
    )
    found, neighbours, parents = set(), set(), {}
    for page in pages:
        site = site_for_page(page, sites)
        if (
            site is None
            or page.numchild
            or page.pk in aliased
            or page.depth <= site.root_page.depth + 1
        ):
            found |= paths_for_page(page)
            found |= neighbour_paths(page)
            continue
        parent_path = page.path[: -Page.steplen]
        if parent_path not in parents:
            parents[parent_path] = (site, [])
            found |= paths_for_page(page, include_aliases=False)
        found.add((site.hostname, page_path_on_site(page, site)))
        parents[parent_path][1].append(page.pk)
    for parent_path, (site, page_ids) in parents.items():
        neighbours |= _neighbours_in_column(parent_path, site, set(page_ids))
    return found, neighbours - found


def _neighbours_in_column(parent_path, site, page_ids):
    """{(hostname, path)} of the articles listed right above or below any of
    `page_ids` in the column at `parent_path` (see ArticlePage.neighbours)."""
    parent = Page.objects.filter(path=parent_path).first()
    if parent is None:
        return set()
    listed = list(
        ArticlePage.objects.child_of(parent)
        .live()
        .public()
        .order_by("published_at", "pk")
        .values_list("pk", "url_path")
    )
    found = set()
    for index, (pk, _url_path) in enumerate(listed):
        if pk not in page_ids:
            continue
        for other in (index - 1, index + 1):
            if 0 <= other < len(listed) and listed[other][0] not in page_ids:
                located = Page(url_path=listed[other][1])
                found.add((site.hostname, page_path_on_site(located, site)))
    return found
