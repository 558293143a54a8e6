"""Questions the statistics answer, for the admin charts and the annual
reports: every function takes `sites` (a Site, an iterable or queryset of
sites, or None for the whole cluster) and an inclusive date range.

Unique visitors over a period are the sum of each day's unique visitors: a
visitor is recognised within one day only (the hash's key changes daily, by
design), which is also how the national report's 独立用户访问总量 is read."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from wagtail.models import Site

from cms.pages.models import ColumnPage
from search.models import SearchQueryLog
from visits.models import (
    ClusterDailyExclusion,
    ClusterDailyReferrer,
    ClusterDailyTraffic,
    DailyExclusion,
    DailyPageViews,
    DailyReferrer,
    DailyTraffic,
    ExclusionReason,
    YearlyPageViews,
)

TRAFFIC_FIELDS = (
    "page_views",
    "visits",
    "unique_visitors",
    "desktop_views",
    "mobile_views",
    "tablet_views",
)


@dataclass(frozen=True)
class VisitTotals:
    unique_visitors: int = 0
    total_visits: int = 0
    page_views: int = 0
    desktop_views: int = 0
    mobile_views: int = 0
    tablet_views: int = 0


def _site_ids(sites):
    if sites is None:
        return None
    if isinstance(sites, Site):
        return [sites.pk]
    return [site.pk if isinstance(site, Site) else site for site in sites]


def _traffic(sites):
    """The per-site rows, or the cluster's own daily sums for the whole cluster."""
    return ClusterDailyTraffic.objects if sites is None else DailyTraffic.objects


def _scoped(queryset, sites, start, end):
    queryset = queryset.filter(day__gte=start, day__lte=end)
    ids = _site_ids(sites)
    if ids is not None:
        queryset = queryset.filter(site_id__in=ids)
    return queryset


def visit_totals(sites, start, end):
    """Unique visitors, visits, page views (and by device) in the range."""
    sums = _scoped(_traffic(sites), sites, start, end).aggregate(
        **{name: Sum(name) for name in TRAFFIC_FIELDS}
    )
    return VisitTotals(
        unique_visitors=sums["unique_visitors"] or 0,
        total_visits=sums["visits"] or 0,
        page_views=sums["page_views"] or 0,
        desktop_views=sums["desktop_views"] or 0,
        mobile_views=sums["mobile_views"] or 0,
        tablet_views=sums["tablet_views"] or 0,
    )


def daily_series(sites, start, end):
    """[(day, page views, unique visitors, visits)] for every day of the range."""
    rows = (
        _scoped(_traffic(sites), sites, start, end)
        .values("day")
        .annotate(
            views=Sum("page_views"), visitors=Sum("unique_visitors"), runs=Sum("visits")
        )
        .values_list("day", "views", "visitors", "runs")
    )
    found = {day: (views, visitors, runs) for day, views, visitors, runs in rows}
    series = []
    day = start
    while day <= end:
        series.append((day, *found.get(day, (0, 0, 0))))
        day += timedelta(days=1)
    return series


def monthly_series(sites, start, end):
    """[(first day of month, page views, unique visitors, visits)] per month."""
    rows = (
        _scoped(_traffic(sites), sites, start, end)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(
            views=Sum("page_views"), visitors=Sum("unique_visitors"), runs=Sum("visits")
        )
        .values_list("month", "views", "visitors", "runs")
    )
    found = {}
    for month, views, visitors, runs in rows:
        month = month.date() if hasattr(month, "date") else month
        found[month] = (views, visitors, runs)
    series = []
    month = date(start.year, start.month, 1)
    while month <= end:
        series.append((month, *found.get(month, (0, 0, 0))))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return series


def _hostnames(ids):
    return dict(Site.objects.filter(pk__in=ids).values_list("pk", "hostname"))


def _whole_years(start, end):
    """The calendar years the range is made of, or None when it is not whole
    years (1 January of one year to 31 December of the same or a later one)."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return range(start.year, end.year + 1)
    return None


def _page_views(sites, start, end):
    """Page views per (site, path, year or day): the yearly rollup for whole
    years, the daily rows otherwise."""
    years = _whole_years(start, end)
    if years is None:
        return _scoped(DailyPageViews.objects, sites, start, end)
    rows = YearlyPageViews.objects.filter(year__in=years)
    ids = _site_ids(sites)
    return rows if ids is None else rows.filter(site_id__in=ids)


def top_pages(sites, start, end, limit=20):
    """[(hostname, path, page views)], most read first."""
    years = _whole_years(start, end)
    if years is not None and len(years) == 1:
        # One row per page already: read in the order of the rank index.
        ranked = _page_views(sites, start, end).order_by("-views", "path", "site_id")
        rows = list(ranked.values_list("site_id", "path", "views")[:limit])
    else:
        rows = list(
            _page_views(sites, start, end)
            .values("site_id", "path")
            .annotate(total=Sum("views"))
            .order_by("-total", "path", "site_id")
            .values_list("site_id", "path", "total")[:limit]
        )
    hosts = _hostnames({site_id for site_id, _path, _total in rows})
    return [(hosts.get(site_id, ""), path, total) for site_id, path, total in rows]


def column_paths(site_ids):
    """{site id: [(path relative to the site, title)]} of the sites' live
    columns, in one query for all the sites (a cluster has thousands)."""
    roots = {}  # root page's tree path -> (site id, root's url path)
    for site_id, tree_path, url_path in Site.objects.filter(
        pk__in=site_ids
    ).values_list("pk", "root_page__path", "root_page__url_path"):
        roots[tree_path] = (site_id, url_path)
    columns = {site_id: [] for site_id, _url_path in roots.values()}
    if not roots:
        return columns
    lengths = sorted({len(tree_path) for tree_path in roots})
    pages = ColumnPage.objects.live()
    if len(roots) <= 50:
        under = Q()
        for tree_path in roots:
            under |= Q(path__startswith=tree_path)
        pages = pages.filter(under)
    for tree_path, url_path, title in pages.values_list("path", "url_path", "title"):
        # The innermost site root above the column (sites do not nest in
        # practice; if they did, the column belongs to the deepest).
        for length in reversed(lengths):
            if length < len(tree_path) and tree_path[:length] in roots:
                site_id, root = roots[tree_path[:length]]
                columns[site_id].append(("/" + url_path[len(root) :], title))
                break
    return columns


def top_columns(sites, start, end, limit=20):
    """[(hostname, column title, column path, page views)]: a page's views go
    to the innermost column whose path its path starts with."""
    rows = _page_views(sites, start, end)
    years = _whole_years(start, end)
    if years is not None and len(years) == 1:
        per_path = rows.values_list("site_id", "path", "views")  # one row a page
    else:
        per_path = (
            rows.values("site_id", "path")
            .annotate(total=Sum("views"))
            .values_list("site_id", "path", "total")
        )
    ids = _site_ids(sites)
    if ids is None:
        ids = list(Site.objects.values_list("pk", flat=True))
    columns = {
        (site_id, path): title
        for site_id, site_columns in column_paths(ids).items()
        for path, title in site_columns
    }
    totals = {}
    for site_id, path, total in per_path.order_by().iterator(chunk_size=10_000):
        # The longest prefix of the path ending in "/" that is a column.
        cut = len(path)
        while cut > 0:
            cut = path.rfind("/", 0, cut) + 1
            if not cut:
                break
            key = (site_id, path[:cut])
            if key in columns:
                totals[key] = totals.get(key, 0) + total
                break
            cut -= 1
    hosts = _hostnames({site_id for site_id, _path in totals})
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0][1]))[:limit]
    return [
        (hosts[site_id], columns[site_id, path], path, total)
        for (site_id, path), total in ranked
    ]


def search_terms(sites, start, end, limit=20, zero_results=False):
    """[(query, times asked, results last time)], from the public search's own
    query log (search.models.SearchQueryLog); `zero_results`: those that
    found nothing."""
    logs = _scoped(SearchQueryLog.objects, sites, start, end)
    if zero_results:
        logs = logs.filter(results=0)
    return list(
        logs.values("query")
        .annotate(total=Sum("hits"))
        .order_by("-total", "query")
        .values_list("query", "total")[:limit]
    )


def referrers(sites, start, end, limit=20):
    """[(origin, page views)]; "" stands for views without a referring site
    (typed, bookmarked, or from an app). Navigation inside a site is not a
    referral and is not counted here."""
    rows = ClusterDailyReferrer.objects if sites is None else DailyReferrer.objects
    return list(
        _scoped(rows, sites, start, end)
        .values("origin")
        .annotate(total=Sum("views"))
        .order_by("-total", "origin")
        .values_list("origin", "total")[:limit]
    )


def exclusions(sites, start, end):
    """[(reason label, lines)]: log lines of these sites that were not counted."""
    labels = dict(ExclusionReason.choices)
    rows = ClusterDailyExclusion.objects if sites is None else DailyExclusion.objects
    rows = (
        _scoped(rows, sites, start, end)
        .values("reason")
        .annotate(total=Sum("lines"))
        .order_by("-total")
        .values_list("reason", "total")
    )
    return [(str(labels.get(reason, reason)), total) for reason, total in rows]
