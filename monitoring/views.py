"""The monitoring dashboard in the Wagtail admin, for inspectors and the
cluster office only (it shows every site of the cluster)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from sites.isolation import is_cluster_admin, is_inspector
from sites.models import SiteLevel, SiteStatus

from . import dashboard
from .export import run_workbook
from .models import AvailabilityProbe, SiteResult, SpotCheckRun


def can_view_dashboard(user):
    return is_inspector(user) or is_cluster_admin(user)


def _require_access(request):
    if not can_view_dashboard(request.user):
        raise PermissionDenied


def index(request):
    _require_access(request)
    results = dashboard.latest_results()
    level = request.GET.get("level", "")
    status = request.GET.get("status", "")
    verdict = request.GET.get("verdict", "")
    if level in SiteLevel.values:
        results = results.filter(level=level)
    if status in SiteStatus.values:
        results = results.filter(status=status)
    if verdict in ("passed", "failed"):
        results = results.filter(passed=verdict == "passed")
    sort = request.GET.get("sort", "score")
    results = results.order_by(*dashboard.SORTS.get(sort, dashboard.SORTS["score"]))
    trend = dashboard.score_trend()
    return render(
        request,
        "monitoring/index.html",
        {
            "results": results,
            "levels": SiteLevel.choices,
            "statuses": SiteStatus.choices,
            "filters": {"level": level, "status": status, "verdict": verdict},
            "sort": sort,
            "rates": dashboard.pass_rates_by_level(dashboard.latest_results()),
            "trend": trend,
            "trend_points": dashboard.trend_svg_points(trend),
            "candidates": dashboard.consolidation_candidates(),
            "new_media": dashboard.new_media_summary(dashboard.latest_results()),
            "runs": SpotCheckRun.objects.all()[:20],
        },
    )


def scorecard(request, result_id):
    _require_access(request)
    result = get_object_or_404(SiteResult.objects.select_related("run"), pk=result_id)
    history = SiteResult.objects.filter(hostname=result.hostname).select_related("run")[
        :20
    ]
    probes = AvailabilityProbe.objects.filter(hostname=result.hostname)[:50]
    return render(
        request,
        "monitoring/scorecard.html",
        {"result": result, "history": history, "probes": probes},
    )


def export_run(request, run_id):
    _require_access(request)
    run = get_object_or_404(SpotCheckRun, pk=run_id)
    response = HttpResponse(
        run_workbook(run),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = _("spotcheck-%(pk)s-%(date)s.xlsx") % {"pk": run.pk, "date": run.as_of}
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
