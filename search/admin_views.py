"""The query statistics administrators read: popular queries and the queries
that found nothing, for the sites they may see."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from search.models import SearchQueryLog
from sites.isolation import visible_sites

PERIODS = {"7": 7, "30": 30, "90": 90}


def query_report(request):
    sites = visible_sites(request.user)
    if not sites.exists():
        raise PermissionDenied
    period = request.GET.get("days", "30")
    days = PERIODS.get(period, 30)
    since = timezone.localdate() - timedelta(days=days - 1)
    logs = SearchQueryLog.objects.filter(site__in=sites, day__gte=since)
    site_filter = request.GET.get("site", "")
    if site_filter.isdigit():
        logs = logs.filter(site_id=int(site_filter))
    grouped = (
        logs.values("query")
        .annotate(hits=Sum("hits"), results=Min("results"), last_day=Max("day"))
        .order_by("-hits", "query")
    )
    return render(
        request,
        "govsearch/admin/query_report.html",
        {
            "page_title": _("站内检索统计"),
            "header_icon": "search",
            "popular": grouped[:50],
            "zero": grouped.filter(results=0)[:50],
            "days": days,
            "periods": sorted(PERIODS.values()),
            "sites": sites.order_by("hostname"),
            "site_filter": site_filter,
            "total": logs.aggregate(total=Sum("hits"))["total"] or 0,
        },
    )
