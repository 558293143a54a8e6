"""The officer's side: the report record edited in the admin (per-site
isolation), its page drafted, published and served as HTML, printable and
Excel; the January reminder and the monitoring finding on both sides of
31 January."""

from datetime import date, datetime
from io import BytesIO, StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from annualreports.drafting import draft_page, refresh_website_report
from annualreports.models import WebsiteAnnualReport, WebsiteReportPage
from monitoring import internal
from sites.models import SiteProfile
from tests.factories import UserFactory

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(WebsiteAnnualReport.snippet_viewset.get_url_name(name), args=args)


@pytest.fixture
def reports(year_of_data):
    city, other = year_of_data
    return [refresh_website_report(profile, YEAR) for profile in (city, other)]


@pytest.fixture
def city_editor(year_of_data):
    city, _other = year_of_data
    return UserFactory(username="city-editor", groups=[city.editors_group])


@pytest.fixture
def other_editor(year_of_data):
    _city, other = year_of_data
    return UserFactory(username="other-editor", groups=[other.editors_group])


def edit_data(report, **entered):
    return {
        "site": report.site_id,
        "year": report.year,
        "interpretation_materials": 1,
        "registered_users": 0,
        "filled_by": "",
        **entered,
    }


def test_the_editor_fills_in_the_figures_and_a_draft_follows(
    client, reports, city_editor
):
    city_report, _other = reports
    client.force_login(city_editor)
    response = client.get(url("edit", city_report.pk), HTTP_HOST="localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert "平台统计数据" in html and "独立用户访问总量" in html
    response = client.post(
        url("edit", city_report.pk),
        edit_data(
            city_report,
            registered_users=4321,
            emergency_drills="on",
            filled_by="李四",
            filled_on="2027-01-10",
        ),
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    city_report.refresh_from_db()
    assert city_report.entered["registered_users"] == 4321
    data = city_report.as_json()
    assert data["online_services"]["registered_users"] == 4321
    assert data["security"]["emergency_drills"] is True
    assert data["footer"]["filled_on"] == "2027-01-10"
    assert data["total_visits"] == 150  # the platform's figure stays
    page = WebsiteReportPage.objects.get(year=YEAR)
    assert not page.live
    draft = page.get_latest_revision_as_object()
    assert draft.data["footer"]["filled_by"] == "李四"


def test_an_editor_sees_and_changes_only_their_sites_report(
    client, reports, other_editor
):
    city_report, other_report = reports
    client.force_login(other_editor)
    listing = client.get(url("list"), HTTP_HOST="localhost")
    assert listing.status_code == 200
    assert list(listing.context["object_list"]) == [other_report]
    assert (
        client.get(url("edit", city_report.pk), HTTP_HOST="localhost").status_code
        == 404
    )
    response = client.post(
        url("edit", city_report.pk),
        edit_data(city_report, registered_users=1),
        HTTP_HOST="localhost",
    )
    assert response.status_code == 404
    # Nor can they move their own report onto the other site.
    response = client.post(
        url("edit", other_report.pk),
        {**edit_data(other_report), "site": city_report.site_id},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 200  # the form again, with the error
    assert "只能选择您负责管理的站点" in response.content.decode()
    city_report.refresh_from_db()
    other_report.refresh_from_db()
    assert city_report.entered == {} and other_report.site_id != city_report.site_id


def publish(report, on):
    page, _created = draft_page(report)
    page.get_latest_revision().publish()
    moment = timezone.make_aware(datetime(on.year, on.month, on.day, 10))
    WebsiteReportPage.objects.filter(pk=page.pk).update(first_published_at=moment)
    return WebsiteReportPage.objects.get(pk=page.pk)


def test_the_published_report_as_html_printable_and_excel(client, reports):
    page = publish(reports[0], date(YEAR + 1, 1, 20))
    response = client.get(page.get_url(), HTTP_HOST="city.localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert "独立用户访问总量（个）" in html and "<td>100</td>" in html
    assert "打印版" in html
    index = client.get("/annual-reports/", HTTP_HOST="city.localhost")
    assert page.title in index.content.decode()
    printable = client.get(page.get_url() + "print/", HTTP_HOST="city.localhost")
    assert printable.status_code == 200 and "<td>150</td>" in printable.content.decode()
    excel = client.get(page.get_url() + "xlsx/", HTTP_HOST="city.localhost")
    assert excel.status_code == 200
    sheet = load_workbook(BytesIO(excel.content)).active
    assert sheet["A1"].value == page.title
    values = {row[1]: row[3] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["网站总访问量"] == 150
    # The other site shows none of it.
    assert (
        client.get("/annual-reports/", HTTP_HOST="other.localhost").status_code == 404
    )


def finding(profile, as_of):
    profile = SiteProfile.objects.with_site().get(pk=profile.pk)
    report = internal.check_sites([profile], as_of)[profile.site.hostname]
    return next(
        (d for d in report.deductions if d.code == "website_annual_report_late"), None
    )


def test_no_finding_until_31_january_then_one(reports):
    city = reports[0].site.profile
    assert finding(city, date(YEAR + 1, 1, 31)) is None
    late = finding(city, date(YEAR + 1, 2, 1))
    assert late is not None and late.points == 2
    assert f"{YEAR}年政府网站工作年度报表逾期未公布" in late.detail


def test_published_on_31_january_is_on_time(reports):
    city = reports[0].site.profile
    publish(reports[0], date(YEAR + 1, 1, 31))
    assert finding(city, date(YEAR + 1, 3, 1)) is None


def test_published_on_1_february_is_late(reports):
    city = reports[0].site.profile
    page = publish(reports[0], date(YEAR + 1, 2, 1))
    late = finding(city, date(YEAR + 1, 3, 1))
    assert late is not None and str(date(YEAR + 1, 2, 1)) in late.detail
    assert late.evidence == [f"http://city.localhost/annual-reports/{page.slug}/"]


def test_the_january_reminder_goes_to_the_sites_people(reports, city_editor):
    out = StringIO()
    call_command("website_report_reminders", "--today", f"{YEAR}-12-31", stdout=out)
    # The city's report on last year is overdue; the other site opened this
    # year and owes none yet.
    assert "需提醒 1 个站点" in out.getvalue()
    assert "other.localhost" not in out.getvalue()
    call_command(
        "website_report_reminders",
        "--today",
        f"{YEAR + 1}-01-02",
        "--send",
        stdout=(out := StringIO()),
    )
    # Mailed to the people of the sites that have some: the city.
    assert "需提醒 2 个站点，已发送邮件 1 封" in out.getvalue()
    to_city = next(m for m in mail.outbox if "测试市人民政府" in m.subject)
    assert to_city.to == ["city-editor@example.cn"]
    assert "还剩29天" in to_city.body
    publish(reports[0], date(YEAR + 1, 1, 2))
    call_command(
        "website_report_reminders",
        "--today",
        f"{YEAR + 1}-02-03",
        stdout=(out := StringIO()),
    )
    assert "other.localhost" in out.getvalue() and "已逾期3天" in out.getvalue()
    assert "city.localhost" not in out.getvalue()
