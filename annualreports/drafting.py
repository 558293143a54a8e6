"""Refreshing a site's report record from the platform's data, and drafting
its page in the site's 政府网站工作年度报表 column for review."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.pages.models import HomePage

from .models import WebsiteAnnualReport, WebsiteReportIndexPage, WebsiteReportPage
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


@transaction.atomic
def draft_page(report, user=None):
    """Create or update the report's page as a new draft revision, never
    published here: the site's reviewers publish it. Returns (page, created)."""
    index = report_index(report.site)
    page = WebsiteReportPage.objects.child_of(index).filter(year=report.year).first()
    created = page is None
    if created:
        page = WebsiteReportPage(
            title=report.title,
            slug=str(report.year),
            year=report.year,
            live=False,
            data=report.as_json(),
        )
        index.add_child(instance=page)
    else:
        page = page.get_latest_revision_as_object()
        page.data = report.as_json()
    page.save_revision(user=user, log_action=True)
    return page, created
