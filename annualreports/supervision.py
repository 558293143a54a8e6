"""The figures of the cluster's 政府网站监管年度报表 that come from the
platform: the year's spot checks by quarter, the problems they found and
those rectified, the sites opened, consolidated and closed, and the
government new-media accounts (see forms.SUPERVISION_FORM and
docs/annual-reports.md).

A quarter's figures count each site once (its last result in the quarter);
the year's figures are the sums of the quarters, as the national form reads
them. A problem is one item of the score table found on one site, counted
once a year however many checks found it; it is rectified when the site's
last check of the year no longer finds it. Inspectors' manual findings count
when found, and when rectified (整改日期), in the year."""

from django.utils import timezone

from monitoring.models import ManualFinding, SiteResult, SpotCheckRun
from sites.models import SiteProfile, SiteStatus

from . import newmedia_figures
from .forms import QUARTERS
from .website import year_bounds


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def _codes(vetoes, deductions):
    return {item["code"] for item in [*vetoes, *deductions]}


def spot_check_figures(year):
    first, last, _start, _end = year_bounds(year)
    results = (
        SiteResult.objects.filter(run__as_of__range=(first, last))
        .order_by("run__as_of", "run__started_at", "run_id")
        .values_list("hostname", "run__as_of", "passed", "vetoes", "deductions")
    )
    latest_in_quarter = {}  # (quarter, hostname) -> passed
    codes_by_site, last_codes = {}, {}
    for hostname, as_of, passed, vetoes, deductions in results.iterator():
        latest_in_quarter[(quarter_of(as_of), hostname)] = passed
        codes = _codes(vetoes, deductions)
        codes_by_site.setdefault(hostname, set()).update(codes)
        last_codes[hostname] = codes
    figures = {}
    for q in QUARTERS:
        checked = [p for (quarter, _h), p in latest_in_quarter.items() if quarter == q]
        figures[f"sites_checked_q{q}"] = len(checked)
        figures[f"sites_failed_q{q}"] = sum(not passed for passed in checked)
    for key in ("sites_checked", "sites_failed"):
        figures[f"{key}_year"] = sum(figures[f"{key}_q{q}"] for q in QUARTERS)
    manual = ManualFinding.objects.all()
    figures["issues_found"] = (
        sum(len(codes) for codes in codes_by_site.values())
        + manual.filter(found_on__range=(first, last)).count()
    )
    figures["issues_rectified"] = (
        sum(len(codes - last_codes[h]) for h, codes in codes_by_site.items())
        + manual.filter(resolved_on__range=(first, last)).count()
    )
    return figures


def check_list(year):
    """The year's checks: [{date, scope, sites_checked, sites_failed}]."""
    first, last, _start, _end = year_bounds(year)
    checks = []
    for run in SpotCheckRun.objects.filter(as_of__range=(first, last)).order_by(
        "as_of", "started_at"
    ):
        results = run.results.all()
        checks.append(
            {
                "date": run.as_of.isoformat(),
                "scope": str(run.get_scope_display()),
                "sites_checked": results.count(),
                "sites_failed": results.filter(passed=False).count(),
            }
        )
    return checks


def site_change_figures(year):
    first, last, start, end = year_bounds(year)
    profiles = SiteProfile.objects.all()
    closed_in_year = profiles.filter(
        status=SiteStatus.CLOSED, closed_on__range=(first, last)
    )
    return {
        "sites_at_start": profiles.filter(created_at__lt=start)
        .exclude(status=SiteStatus.CLOSED, closed_on__lt=first)
        .count(),
        "sites_opened": profiles.filter(
            created_at__gte=start, created_at__lt=end
        ).count(),
        "sites_consolidated": closed_in_year.filter(merged_into__isnull=False).count(),
        "sites_closed": closed_in_year.filter(merged_into__isnull=True).count(),
        "sites_at_end": profiles.filter(created_at__lt=end)
        .exclude(status=SiteStatus.CLOSED, closed_on__lte=last)
        .count(),
    }


def organisation():
    """The cluster's top sites (those without a superior on the platform)."""
    tops = SiteProfile.objects.filter(superior__isnull=True).exclude(
        status=SiteStatus.CLOSED
    )
    return "、".join(profile.sponsor or profile.name for profile in tops.order_by("pk"))


def computed_figures(year):
    """({key: value} of the platform fields, {list name: [row]})."""
    changes = site_change_figures(year)
    active = SiteProfile.objects.exclude(status=SiteStatus.CLOSED)
    new_media, accounts = newmedia_figures.supervision_figures(
        [profile.site for profile in active.select_related("site")], year
    )
    computed = {
        "organisation": organisation(),
        "sites_total": changes["sites_at_end"],
        **spot_check_figures(year),
        **changes,
        **new_media,
    }
    return computed, {"checks": check_list(year), "new_media_accounts": accounts}


def refresh_computed(report):
    report.computed, report.lists = computed_figures(report.year)
    report.computed_at = timezone.now()


def as_json(report):
    """The report as the command's JSON and the published page hold it: the
    form's keys, then the year's checks and the new-media accounts."""
    return {
        "year": report.year,
        **report.as_json(),
        "checks": report.lists.get("checks", []),
        "new_media_accounts": report.lists.get("new_media_accounts", []),
    }
