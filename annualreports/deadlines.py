"""When a site's 政府网站工作年度报表 must be published: by
WEBSITE_ANNUAL_REPORT_DEADLINE (31 January, 国办函〔2018〕12号) of the next
year. Staff are reminded through January (from
WEBSITE_ANNUAL_REPORT_REMINDER_DAYS before the deadline); the monitor records
a finding when the report is late."""

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from disclosure.report_deadlines import ReportPublication
from sites.models import SiteStatus
from sites.scoping import any_subtree_q, sites_holding

from .models import WebsiteReportPage


def publication_deadline(year):
    month, day = settings.WEBSITE_ANNUAL_REPORT_DEADLINE
    return date(year + 1, month, day)


class WebsiteReportPublication(ReportPublication):
    """The report on `year` as of `as_of` (see disclosure's ReportPublication),
    with the 政府网站工作年度报表's own reminder texts and days."""

    OVERDUE = gettext_lazy(
        "%(year)s年政府网站工作年度报表应于%(deadline)s前在网站首页公布，"
        "已逾期%(days)d天。"
    )
    DUE_SOON = gettext_lazy(
        "%(year)s年政府网站工作年度报表应于%(deadline)s前在网站首页公布，"
        "还剩%(days)d天。"
    )
    REMINDER_DAYS_SETTING = "WEBSITE_ANNUAL_REPORT_REMINDER_DAYS"


def report_publication(profile, as_of=None):
    """The publication of the report due in `as_of`'s year (on the year
    before) for `profile`'s site; None for a closed site, or one opened
    after that year, which publish none."""
    return report_publications([profile], as_of)[profile.site_id]


def report_publications(profiles, as_of=None):
    """{site pk: `report_publication` of that site} for the sites of
    `profiles` (with site and root page loaded), in one query: the sites'
    pages are found by their path ranges (sites.scoping)."""
    as_of = as_of or timezone.localdate()
    year = as_of.year - 1
    publishing = [
        profile
        for profile in profiles
        if profile.status != SiteStatus.CLOSED and profile.created_at.year <= year
    ]
    roots = {profile.site.root_page.path: profile for profile in publishing}
    first_pages = {}
    if roots:
        pages = (
            WebsiteReportPage.objects.live()
            .filter(any_subtree_q(roots), year=year, first_published_at__isnull=False)
            .order_by()
        )
        # Sorted here: an ORDER BY may make SQLite read the pages in that order
        # instead of the sites' pages by their path ranges.
        for page in sorted(pages, key=lambda page: (page.first_published_at, page.pk)):
            for profile in sites_holding(page.path, roots):
                # Only the site's own column, directly under its home page: a
                # consolidated site's pages moved into this one bring their
                # reports one level deeper, and they are not this site's.
                if page.depth == profile.site.root_page.depth + 2:
                    first_pages.setdefault(profile.site_id, page)
    publications = {profile.site_id: None for profile in profiles}
    for profile in publishing:
        page = first_pages.get(profile.site_id)
        published_on = (
            timezone.localdate(page.first_published_at) if page is not None else None
        )
        # Published after `as_of` is not published yet as of then.
        if published_on is not None and published_on > as_of:
            page, published_on = None, None
        publications[profile.site_id] = WebsiteReportPublication(
            year=year,
            as_of=as_of,
            deadline=publication_deadline(year),
            published_on=published_on,
            page=page,
        )
    return publications


def report_reminders(profiles, as_of=None):
    """[(profile, reminder)] for the sites among `profiles` to remind."""
    profiles = list(profiles)
    publications = report_publications(profiles, as_of)
    reminders = []
    for profile in profiles:
        publication = publications[profile.site_id]
        if publication is not None and (text := publication.reminder()):
            reminders.append((profile, text))
    return reminders
