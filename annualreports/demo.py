"""The demo's annual reports: every site's 政府网站工作年度报表 on the demo's
year, generated from the demo's data with a few figures entered by the
office, its page drafted for review (the year is not over); and the
cluster's 政府网站监管年度报表 on the same year, its page drafted on the
city portal. Seeded once: a report
already there is left as it is."""

from sites.models import SiteStatus

from .drafting import draft_page, draft_supervision_page, refresh_website_report
from .models import SupervisionAnnualReport, WebsiteAnnualReport
from .supervision import refresh_computed


def seed(context):
    year = context.today.year
    existing = set(
        WebsiteAnnualReport.objects.filter(year=year).values_list("site_id", flat=True)
    )
    for _hostname, profile in sorted(context.profiles.items()):
        if profile.status == SiteStatus.CLOSED or profile.site_id in existing:
            continue
        report = refresh_website_report(profile, year, save=False)
        # What the office enters; the rest comes from the platform.
        report.entered = {
            "registered_users": context.rng.randint(200, 5000),
            "provides_smart_answers": False,
            "emergency_drills": not context.is_dormant(profile),
            "security_officer_named": True,
            "filled_by": "网站管理员",
            "contact_phone": profile.phone,
        }
        report.save()
        draft_page(report)
    if not SupervisionAnnualReport.objects.filter(year=year).exists():
        supervision = SupervisionAnnualReport(
            year=year, entered={"sessions": 2, "participants": 85}
        )
        refresh_computed(supervision)
        supervision.save()
        draft_supervision_page(supervision)
