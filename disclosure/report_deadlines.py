"""When a body's annual disclosure report must be published (Regulations art.
50): departments by 31 January, governments by 31 March of the next year
(DISCLOSURE_ANNUAL_REPORT_DEADLINES). Staff are reminded from
DISCLOSURE_ANNUAL_REPORT_REMINDER_DAYS before; the monitor records a finding
when the report is late."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sites.models import SiteLevel
from sites.scoping import any_subtree_q, sites_holding

from .models import AnnualReportPage, IssuingBody


def publication_deadline(profile, year):
    """The last day to publish `profile`'s report on `year`."""
    kind = "department" if profile.level == SiteLevel.DEPARTMENT else "government"
    month, day = settings.DISCLOSURE_ANNUAL_REPORT_DEADLINES[kind]
    return date(year + 1, month, day)


@dataclass
class ReportPublication:
    """The report on `year` as of `as_of`: its deadline and, once published,
    the day it was first published and its page. Other annual reports (the
    政府网站工作年度报表) subclass it with their own texts and reminder days."""

    year: int
    as_of: date
    deadline: date
    published_on: date | None
    page: object

    OVERDUE = gettext_lazy(
        "%(year)s年政府信息公开工作年度报告应于%(deadline)s前公布，已逾期%(days)d天。"
    )
    DUE_SOON = gettext_lazy(
        "%(year)s年政府信息公开工作年度报告应于%(deadline)s前公布，还剩%(days)d天。"
    )
    REMINDER_DAYS_SETTING = "DISCLOSURE_ANNUAL_REPORT_REMINDER_DAYS"

    @property
    def is_late(self):
        """Published after the deadline, or still unpublished after it."""
        return (self.published_on or self.as_of) > self.deadline

    @property
    def days_left(self):
        return (self.deadline - self.as_of).days

    def reminder(self):
        """A reminder for staff while it is unpublished and the deadline is
        near or past, else None."""
        if self.published_on is not None:
            return None
        values = {"year": self.year, "deadline": self.deadline.isoformat()}
        if self.days_left < 0:
            return str(self.OVERDUE) % {**values, "days": -self.days_left}
        if self.days_left <= getattr(settings, self.REMINDER_DAYS_SETTING):
            return str(self.DUE_SOON) % {**values, "days": self.days_left}
        return None


def report_publication(profile, as_of=None):
    """The publication of the report due in `as_of`'s year (on the year
    before) for `profile`'s site, or None for a site with no disclosing body
    on the platform."""
    return report_publications([profile], as_of)[profile.site_id]


def report_publications(profiles, as_of=None):
    """{site pk: `report_publication` of that site} for the sites of
    `profiles` (with site and root page loaded), in two queries."""
    as_of = as_of or timezone.localdate()
    year = as_of.year - 1
    disclosing = set(
        IssuingBody.objects.filter(
            site__in=[profile.site_id for profile in profiles]
        ).values_list("site_id", flat=True)
    )
    by_root_path = {
        profile.site.root_page.path: profile.site_id
        for profile in profiles
        if profile.site_id in disclosing
    }
    first_pages = {}
    if by_root_path:
        pages = AnnualReportPage.objects.live().filter(
            any_subtree_q(by_root_path), year=year, first_published_at__isnull=False
        )
        # Sorted here: an ORDER BY may make SQLite read the pages in that order
        # instead of the sites' pages by their path ranges.
        for page in sorted(
            pages.order_by(), key=lambda page: (page.first_published_at, page.pk)
        ):
            for site_pk in sites_holding(page.path, by_root_path):
                first_pages.setdefault(site_pk, page)
    publications = {}
    for profile in profiles:
        if profile.site_id not in disclosing:
            publications[profile.site_id] = None
            continue
        page = first_pages.get(profile.site_id)
        published_on = (
            timezone.localdate(page.first_published_at) if page is not None else None
        )
        # Published after `as_of` is not published yet as of then.
        if published_on is not None and published_on > as_of:
            page, published_on = None, None
        publications[profile.site_id] = ReportPublication(
            year=year,
            as_of=as_of,
            deadline=publication_deadline(profile, year),
            published_on=published_on,
            page=page,
        )
    return publications


def report_reminders(profiles, as_of=None):
    """[(profile, reminder)] for the sites among `profiles` that must be
    reminded."""
    reminders = []
    for profile in profiles:
        publication = report_publication(profile, as_of)
        if publication is not None and (text := publication.reminder()):
            reminders.append((profile, text))
    return reminders
