"""The deadline to publish the annual disclosure report (31 January for
departments, 31 March for governments): reminders to staff on both sides of
the reminder period, and the monitor's finding when the report is late."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from disclosure.models import AnnualReportPage
from disclosure.report_deadlines import publication_deadline, report_publication
from monitoring import internal
from sites.models import SiteLevel, SiteProfile

pytestmark = pytest.mark.django_db


def publish_report(year, on):
    call_command(
        "disclosure_annual_report",
        "--site",
        "city.localhost",
        "--year",
        str(year),
        stdout=StringIO(),
    )
    page = AnnualReportPage.objects.get(year=year)
    page.save_revision().publish()
    moment = timezone.make_aware(datetime(on.year, on.month, on.day, 10))
    AnnualReportPage.objects.filter(pk=page.pk).update(first_published_at=moment)
    return page


def finding(profile, as_of):
    profile = SiteProfile.objects.with_site().get(pk=profile.pk)
    report = internal.check_sites([profile], as_of)[profile.site.hostname]
    return next(
        (d for d in report.deductions if d.code == "disclosure_annual_report_late"),
        None,
    )


def test_governments_by_31_march_departments_by_31_january(city):
    assert publication_deadline(city, 2026) == date(2027, 3, 31)
    city.level = SiteLevel.DEPARTMENT
    assert publication_deadline(city, 2026) == date(2027, 1, 31)


@pytest.mark.parametrize(
    ("today", "reminder"),
    [
        (date(2027, 2, 28), None),  # 31 days before
        (date(2027, 3, 1), "还剩30天"),
        (date(2027, 3, 31), "还剩0天"),
        (date(2027, 4, 1), "已逾期1天"),
    ],
)
def test_staff_are_reminded_from_thirty_days_before(city, city_body, today, reminder):
    publication = report_publication(city, today)
    assert publication.year == 2026
    text = publication.reminder()
    assert (text is None) if reminder is None else (reminder in text)
    out = StringIO()
    call_command("disclosure_deadlines", "--today", today.isoformat(), stdout=out)
    assert f"年度报告公布提醒：{0 if reminder is None else 1} 个站点" in out.getvalue()


def test_no_reminder_once_published(city, city_body):
    publish_report(2025, date(2026, 3, 20))
    assert report_publication(city, date(2026, 3, 25)).reminder() is None
    assert not report_publication(city, date(2026, 4, 25)).is_late


def test_the_dashboard_reminds_the_handlers(client, city, city_handler, settings):
    settings.DISCLOSURE_ANNUAL_REPORT_REMINDER_DAYS = 400
    client.force_login(city_handler)
    html = client.get("/admin/", HTTP_HOST="localhost").content.decode()
    assert "政府信息公开工作年度报告应于" in html


def test_sites_without_a_disclosing_body_have_no_deadline(city):
    assert report_publication(city, date(2027, 5, 1)) is None
    assert finding(city, date(2027, 5, 1)) is None


@pytest.mark.parametrize(
    ("as_of", "late"), [(date(2026, 3, 31), False), (date(2026, 4, 1), True)]
)
def test_an_unpublished_report_is_a_finding_after_the_deadline(
    city, city_body, as_of, late
):
    found = finding(city, as_of)
    assert (found is not None) == late
    if late:
        assert "2025年政府信息公开工作年度报告逾期未公布" in found.detail
        assert found.points > 0


@pytest.mark.parametrize(
    ("published", "late"), [(date(2026, 3, 31), False), (date(2026, 4, 1), True)]
)
def test_a_report_published_after_the_deadline_is_a_finding(
    city, city_body, published, late
):
    page = publish_report(2025, published)
    found = finding(city, date(2026, 6, 1))
    assert (found is not None) == late
    if late:
        assert "于2026-04-01公布，晚于2026-03-31" in found.detail
        assert found.evidence[0].endswith(page.url_path.split("/", 2)[-1])
