"""The figures of a site's 政府网站工作年度报表 that come from the platform's own
data, for one natural year (see forms.WEBSITE_FORM and docs/annual-reports.md
for what each counts).

`computed_figures(site, year)` answers a flat {key: value}: the platform
fields of the form, and the `platform_*` suggestions some entered fields start
from. Only content live now and published within the year counts."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from cms.pages.models import ArticlePage, ColumnKind, ColumnPage, ServiceGuidePage
from disclosure.models import DisclosureDocumentPage
from interaction.models import (
    InterviewPage,
    Letter,
    LetterStatus,
    MailboxPage,
    SolicitationPage,
)
from monitoring.models import AvailabilityProbe, ManualFinding, SiteResult
from sites.models import SiteLevel
from visits.queries import visit_totals

from . import newmedia_figures

SECONDS_PER_DAY = 86400


def year_bounds(year):
    """The first and last day of `year`, and the aware datetimes bounding it
    (start inclusive, end exclusive) in the platform's time zone."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    return first, last, start, end


def site_type(profile):
    if profile.level == SiteLevel.DEPARTMENT:
        return _("部门网站")
    return _("政府门户网站")


def identity(profile):
    site = profile.site
    return {
        "site_name": profile.name,
        "homepage_url": site.root_url + "/",
        "sponsor": profile.sponsor,
        "site_type": str(site_type(profile)),
        "site_identity_code": profile.identity_code,
        "icp_number": profile.icp_number,
        "public_security_number": profile.public_security_number,
    }


def _column_kinds(root):
    """{path: kind} of the site's columns."""
    return dict(
        ColumnPage.objects.descendant_of(root).values_list("path", "kind").iterator()
    )


def _parent_path(path):
    return path[: -Page.steplen]


def information_release(site, year):
    first, last, start, end = year_bounds(year)
    root = site.root_page
    kinds = _column_kinds(root)
    articles = (
        ArticlePage.objects.live()
        .descendant_of(root)
        .filter(published_at__gte=start, published_at__lt=end)
        .values_list("path", flat=True)
    )
    by_kind = {}
    for path in articles.iterator():
        kind = kinds.get(_parent_path(path))
        by_kind[kind] = by_kind.get(kind, 0) + 1
    # An overview column's own text is its content: a page of it published
    # again in the year is an update.
    overview_columns = (
        ColumnPage.objects.live()
        .descendant_of(root)
        .filter(
            kind=ColumnKind.STATIC,
            last_published_at__gte=start,
            last_published_at__lt=end,
        )
        .count()
    )
    catalog = (
        DisclosureDocumentPage.objects.live()
        .descendant_of(root)
        .filter(published_date__range=(first, last))
        .count()
    )
    return {
        "total": sum(by_kind.values()) + overview_columns + catalog,
        "overview_updates": by_kind.get(ColumnKind.STATIC, 0) + overview_columns,
        "news_updates": by_kind.get(ColumnKind.NEWS, 0),
        "disclosure_catalog_updates": catalog,
        "interpretations_total": by_kind.get(ColumnKind.INTERPRETATION, 0),
    }


def special_columns(site, year):
    _first, _last, start, end = year_bounds(year)
    topics = (
        ColumnPage.objects.live()
        .descendant_of(site.root_page)
        .filter(kind=ColumnKind.TOPIC, first_published_at__lt=end)
    )
    return {
        "maintained": topics.count(),
        "opened": topics.filter(first_published_at__gte=start).count(),
    }


def online_services(site, year):
    _first, _last, _start, end = year_bounds(year)
    guides = (
        ServiceGuidePage.objects.live()
        .descendant_of(site.root_page)
        .filter(first_published_at__lt=end)
    )
    count = guides.count()
    return {"service_catalog_published": count > 0, "service_items": count}


def interaction(site, year):
    _first, _last, start, end = year_bounds(year)
    root = site.root_page
    letters = Letter.objects.filter(site=site)
    completed = letters.filter(
        Q(answered_at__gte=start, answered_at__lt=end)
        | Q(
            answered_at__isnull=True,
            status=LetterStatus.CLOSED,
            closed_at__gte=start,
            closed_at__lt=end,
        )
    )
    durations = [
        (answered_at - received_at).total_seconds() / SECONDS_PER_DAY
        for received_at, answered_at in letters.filter(
            answered_at__gte=start, answered_at__lt=end
        ).values_list("received_at", "answered_at")
    ]
    solicitations = (
        SolicitationPage.objects.live()
        .descendant_of(root)
        .filter(opens_at__gte=start, opens_at__lt=end)
    )
    return {
        "uses_unified_platform": MailboxPage.objects.live()
        .descendant_of(root)
        .exists(),
        "letters_received": letters.filter(
            received_at__gte=start, received_at__lt=end
        ).count(),
        "letters_completed": completed.count(),
        "average_handling_days": (
            round(sum(durations) / len(durations), 1) if durations else 0
        ),
        "letters_answered_publicly": letters.filter(
            published_at__gte=start, published_at__lt=end
        ).count(),
        "solicitations_held": solicitations.count(),
        "opinions_received": FormSubmission.objects.filter(
            page__in=solicitations.values("pk")
        ).count(),
        "solicitation_results_published": solicitations.filter(
            results_published_at__isnull=False
        ).count(),
        "interviews_held": InterviewPage.objects.live()
        .descendant_of(root)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .count(),
    }


def _finding_codes(result):
    return {item["code"] for item in [*result.vetoes, *result.deductions]}


def security_suggestions(profile, year):
    """What the platform's own monitoring did for the site in the year: its
    checks (spot-check results), the problems they found (each distinct item
    once, plus the inspectors' manual findings) and those fixed (items found
    during the year but gone by the last check of the year, plus manual
    findings rectified in the year); and whether the availability probes
    watched it."""
    first, last, start, end = year_bounds(year)
    results = list(
        SiteResult.objects.filter(
            profile=profile, run__as_of__range=(first, last)
        ).order_by("run__as_of", "run_id")
    )
    found_codes = (
        set().union(*(_finding_codes(r) for r in results)) if results else set()
    )
    fixed_codes = found_codes - _finding_codes(results[-1]) if results else set()
    manual = ManualFinding.objects.filter(profile=profile)
    return {
        "platform_checks": len(results),
        "platform_issues_found": len(found_codes)
        + manual.filter(found_on__range=(first, last)).count(),
        "platform_issues_fixed": len(fixed_codes)
        + manual.filter(resolved_on__range=(first, last)).count(),
        "platform_monitored": AvailabilityProbe.objects.filter(
            hostname=profile.site.hostname,
            checked_at__gte=start,
            checked_at__lt=end,
        ).exists(),
    }


def computed_figures(profile, year):
    """{key: value} of everything the platform knows for the report."""
    site = profile.site
    first, last, _start, _end = year_bounds(year)
    visits = visit_totals(site, first, last)
    return {
        **identity(profile),
        "unique_visitors": visits.unique_visitors,
        "total_visits": visits.total_visits,
        **information_release(site, year),
        **special_columns(site, year),
        **online_services(site, year),
        **interaction(site, year),
        **security_suggestions(profile, year),
        **newmedia_figures.website_figures(site, year),
    }
