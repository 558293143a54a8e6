"""One batch of static renders: what its pages share is looked up once.

The static publisher renders every path through Django's own request
handling (publisher.StaticRenderer), so a file holds exactly the bytes a
reader would get from Django. Most of that request's cost is not the page
itself but what every page of a site repeats: finding the site, the site
root paths, the site settings, the profile (header and footer), the
navigation columns, the route from the home page down to the page, the
breadcrumbs of a column's pages, an article's 上一篇/下一篇 within its column.

A `RenderBatch` lives for one batch of renders (25 render requests of the
queue, or one path rendered on its own: a batch of one) and hands those
values from one request of the batch to the next:

- values Django and Wagtail cache on a request and that depend only on the
  site (`SITE_WIDE_REQUEST_CACHES`) are copied from the first request of a
  site to the later ones;
- the routes of the batch's paths are found in a few queries
  (`prefetch_routes`) instead of one query per level of every path, for
  pages whose types route as Wagtail's `Page.route` does;
- template tags and models share values through `shared_in_batch(request,
  key, compute)`, which computes once per batch (or once per request outside
  a batch).

Nothing outlives the batch: a batch reads the content as it is when the
batch runs, and a change committed meanwhile requests its renders again, so
they run in the next batch, which starts with an empty memo."""

from django.conf import settings
from django.test import RequestFactory
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

# Request attributes holding values that depend only on the site a request is
# for (Wagtail's site and site root paths; the portal's profile and menu
# columns, see sites/templatetags/portal_tags.py). Site settings add theirs.
SITE_WIDE_REQUEST_CACHES = (
    "_wagtail_site",
    "_wagtail_cached_site_root_paths",
    "_portal_profile",
    "_portal_columns",
    "_latest_website_report",
)
BATCH_ATTRIBUTE = "_static_render_batch"


def site_wide_request_caches():
    return SITE_WIDE_REQUEST_CACHES + tuple(
        model.get_cache_attr_name()
        for model in settings_registry
        if issubclass(model, BaseSiteSetting)
    )


def shared_in_batch(request, key, compute):
    """`compute()`, computed once per render batch for `key` when `request`
    belongs to one (a static render), else once per request. `key` must name
    everything the value depends on besides the content itself."""
    if request is None:
        return compute()
    memo = getattr(request, BATCH_ATTRIBUTE, None)
    if memo is None:
        memo = request.__dict__.setdefault("_shared_in_request", {})
    try:
        return memo[key]
    except KeyError:
        memo[key] = value = compute()
        return value


def in_render_batch(request):
    """Whether `request` is one of a static render batch."""
    return getattr(request, BATCH_ATTRIBUTE, None) is not None


def routes_like_page(model):
    """Whether pages of `model` route exactly as Wagtail's `Page.route` does
    (no routable sub-paths of their own)."""
    return model is not None and model.route is Page.route


class RenderBatch:
    def __init__(self, secure=False):
        self.secure = secure
        self.memo = {}
        self.site_caches = {}
        self.routes = {}
        self.cache_names = site_wide_request_caches()

    def prime(self, request, hostname, path):
        """Give `request` what earlier requests of the batch found."""
        setattr(request, BATCH_ATTRIBUTE, self.memo)
        for name, value in self.site_caches.get(hostname, {}).items():
            setattr(request, name, value)
        route = self.routes.get((hostname, path))
        if route is not None:
            request._wagtail_route_for_request = route

    def keep_site_caches(self, request, hostname):
        """Remember what `request` cached about its site, for the next ones."""
        known = self.site_caches.setdefault(hostname, {})
        for name in self.cache_names:
            if name not in known and hasattr(request, name):
                known[name] = getattr(request, name)

    def site(self, hostname):
        """The Wagtail site serving `hostname`, as Wagtail finds it for a
        request to that host."""
        if "_wagtail_site" not in self.site_caches.get(hostname, {}):
            request = RequestFactory().get("/", HTTP_HOST=hostname, secure=self.secure)
            self.site_caches.setdefault(hostname, {})["_wagtail_site"] = (
                Site.find_for_request(request)
            )
        return self.site_caches[hostname]["_wagtail_site"]

    def prefetch_routes(self, hostname, paths):
        """Find the pages of `paths` on `hostname` in a few queries. Only
        paths whose every page on the way from the home page routes like
        Wagtail's `Page.route` are prefetched (the others, and paths that
        are not live pages, are routed by Wagtail itself), so a prefetched
        route is the one Wagtail would find."""
        site = self.site(hostname)
        # With locales, Wagtail routes from the request's localized home page.
        if site is None or settings.WAGTAIL_I18N_ENABLED:
            return
        root = site.root_page
        wanted = {
            root.url_path + path.lstrip("/"): path
            for path in paths
            if path.endswith("/") and (hostname, path) not in self.routes
        }
        if not wanted:
            return
        pages = list(
            Page.objects.filter(
                url_path__in=wanted, path__startswith=root.path, live=True
            ).specific()
        )
        steplen = Page.steplen
        above = {
            page.path[:end]
            for page in pages
            for end in range(len(root.path), len(page.path), steplen)
        }
        ancestors = {
            page.path: page
            for page in Page.objects.filter(path__in=above).specific(defer=True)
        }
        for page in pages:
            chain = [
                ancestors.get(page.path[:end])
                for end in range(len(root.path), len(page.path), steplen)
            ]
            if any(a is None or not routes_like_page(type(a)) for a in chain):
                continue
            if not routes_like_page(type(page)):
                continue
            if chain:
                page._cached_parent_obj = chain[-1]
            self.routes[(hostname, wanted[page.url_path])] = RouteResult(page)

    def page(self, hostname, path):
        """The live page at `path` of `hostname` when its route is known."""
        route = self.routes.get((hostname, path))
        return route.page if route is not None else None
