"""Queries behind the monitoring dashboard: latest result per site, pass rates,
score trend and consolidation candidates."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Avg, Count, Max, Q
from django.utils.translation import gettext as _

from .labels import LEVEL_LABELS
from .models import SiteResult, SpotCheckRun

# The verdict comes first in every score order: a failed site (vetoed ones
# score nothing) never ranks above a passing one.
SORTS = {
    "site": ("hostname",),
    "-site": ("-hostname",),
    "score": ("passed", "score", "hostname"),
    "-score": ("-passed", "-score", "hostname"),
    "level": ("level", "hostname"),
    "passed": ("passed", "score", "hostname"),
    "-passed": ("-passed", "-score", "hostname"),
    "date": ("run__as_of", "hostname"),
    "-date": ("-run__as_of", "hostname"),
}


def latest_results():
    """The newest SiteResult of every site ever checked."""
    newest = (
        SiteResult.objects.values("hostname")
        .annotate(newest=Max("pk"))
        .values_list("newest", flat=True)
    )
    return SiteResult.objects.filter(pk__in=list(newest)).select_related("run")


def pass_rates_by_level(results):
    """[(label, checked, passed, percent)] for the levels present."""
    rows = {
        row["level"]: row
        for row in results.values("level").annotate(
            checked=Count("pk"), passed=Count("pk", filter=Q(passed=True))
        )
    }
    rates = []
    for level, label in LEVEL_LABELS.items():
        row = rows.get(level)
        if row:
            percent = round(100 * row["passed"] / row["checked"])
            rates.append((label, row["checked"], row["passed"], percent))
    return rates


@dataclass
class TrendPoint:
    run: SpotCheckRun
    average: float
    pass_rate: float


def score_trend(limit=12):
    runs = list(
        SpotCheckRun.objects.annotate(
            average=Avg("results__score"),
            checked=Count("results"),
            passed=Count("results", filter=Q(results__passed=True)),
        )
        .filter(checked__gt=0)
        .order_by("-started_at", "-pk")[:limit]
    )
    return [
        TrendPoint(run, float(run.average), 100 * run.passed / run.checked)
        for run in reversed(runs)
    ]


def trend_svg_points(points, width=480, height=120):
    """Polyline coordinates for the average score (0-100) of each run."""
    if not points:
        return ""
    step = width / max(len(points) - 1, 1)
    return " ".join(
        f"{round(i * step, 1)},{round(height - point.average * height / 100, 1)}"
        for i, point in enumerate(points)
    )


@dataclass
class Candidate:
    result: SiteResult
    reason: str


def consolidation_candidates():
    """Sites that failed a veto in the last N runs that checked them, or whose
    newest content is older than M months in their latest result."""
    runs_needed = settings.MONITORING_CANDIDATE_CONSECUTIVE_FAILURES
    idle_days = settings.MONITORING_CANDIDATE_IDLE_MONTHS * 30
    latest = list(latest_results().exclude(status="closed").exclude(profile=None))
    recent = {}
    for result in (
        SiteResult.objects.filter(hostname__in=[r.hostname for r in latest])
        .order_by("hostname", "-pk")
        .only("hostname", "vetoes")
    ):
        history = recent.setdefault(result.hostname, [])
        if len(history) < runs_needed:
            history.append(bool(result.vetoes))
    candidates = []
    for result in latest:
        history = recent.get(result.hostname, [])
        if len(history) == runs_needed and all(history):
            candidates.append(
                Candidate(
                    result,
                    _("连续 %(n)d 次抽查触发单项否决") % {"n": runs_needed},
                )
            )
        elif result.last_update is None or (
            result.run.as_of - result.last_update.date() > timedelta(days=idle_days)
        ):
            candidates.append(
                Candidate(
                    result,
                    _("超过 %(n)d 个月没有更新")
                    % {"n": settings.MONITORING_CANDIDATE_IDLE_MONTHS},
                )
            )
    return candidates


@dataclass
class NewMediaSummary:
    checked: int
    failed: int
    # [(SiteResult, account result)] of the failing accounts
    failures: list


def new_media_summary(results):
    """The new-media accounts of `results` (each site's latest result)."""
    checked, failures = 0, []
    for result in results.order_by("hostname"):
        checked += len(result.new_media)
        failures += [(result, account) for account in result.new_media_failed]
    return NewMediaSummary(checked, len(failures), failures)
