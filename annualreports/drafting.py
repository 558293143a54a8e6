"""Refreshing a site's report record from the platform's data, and drafting
its page in the site's 政府网站工作年度报表 column for review; drafting the
cluster's 政府网站监管年度报表 page in the same column of the cluster's
portal (the top site, whose office supervises the cluster)."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.pages.models import HomePage
from sites.models import SiteProfile, SiteStatus

from .models import (
    SupervisionReportPage,
    WebsiteAnnualReport,
    WebsiteReportIndexPage,
    WebsiteReportPage,
)
from .supervision import as_json as supervision_json
from .website import computed_figures

INDEX_SLUG = "annual-reports"


def refresh_computed(report):
    """Recompute `report`'s platform figures (not saved)."""
    report.computed = computed_figures(report.site.profile, report.year)
    report.computed_at = timezone.now()


def refresh_website_report(profile, year, save=True):
    """The site's report record on `year` with freshly computed figures
    (created when missing; the office's entries are kept)."""
    report = WebsiteAnnualReport.objects.filter(site=profile.site, year=year).first()
    if report is None:
        report = WebsiteAnnualReport(site=profile.site, year=year)
    refresh_computed(report)
    if save:
        report.save()
    return report


def report_index(site, create=True):
    """The site's 政府网站工作年度报表 column (created, live, under the home
    page, when missing and `create`)."""
    home = site.root_page.specific
    index = WebsiteReportIndexPage.objects.child_of(home).first()
    if index is None and create and isinstance(home, HomePage):
        index = WebsiteReportIndexPage(
            title=_("政府网站工作年度报表"),
            slug=slugify(INDEX_SLUG),
            show_in_menus=False,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _draft(index, model, slug, title, year, data, user):
    page = model.objects.child_of(index).filter(year=year).first()
    created = page is None
    if created:
        page = model(title=title, slug=slug, year=year, live=False, data=data)
        index.add_child(instance=page)
    else:
        page = page.get_latest_revision_as_object()
        page.data = data
    page.save_revision(user=user, log_action=True)
    return page, created


@transaction.atomic
def draft_page(report, user=None):
    """Create or update the report's page as a new draft revision, never
    published here: the site's reviewers publish it. Returns (page, created)."""
    return _draft(
        report_index(report.site),
        WebsiteReportPage,
        str(report.year),
        report.title,
        report.year,
        report.as_json(),
        user,
    )


def cluster_portal():
    """The site of the cluster office: the first running site without a
    superior on the platform (the city portal of the demo), or None."""
    profile = (
        SiteProfile.objects.with_site()
        .filter(superior__isnull=True)
        .exclude(status=SiteStatus.CLOSED)
        .order_by("pk")
        .first()
    )
    return profile.site if profile is not None else None


@transaction.atomic
def draft_supervision_page(report, user=None):
    """Create or update the page of the cluster's 政府网站监管年度报表 in the
    cluster portal's 年度报表 column as a new draft revision, for the
    portal's reviewers to publish. Returns (page, created), or (None, False)
    when the platform has no portal to publish it on."""
    site = cluster_portal()
    index = report_index(site) if site is not None else None
    if index is None:
        return None, False
    return _draft(
        index,
        SupervisionReportPage,
        f"supervision-{report.year}",
        report.title,
        report.year,
        supervision_json(report),
        user,
    )
