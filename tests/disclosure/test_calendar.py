"""Applications on the working-day calendar: provisional due dates shown as
暂定 to staff and applicant, and stored due dates moved (with an event) when a
year's schedule or a single day is entered."""

import csv
import io
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from cms.casework.models import HolidayOverride, HolidaySchedule
from disclosure.models import ApplicationEvent, ApplicationStatus
from tests.cms.casework.test_schedule import SCHEDULE_2027, schedule_file
from tests.disclosure.conftest import make_application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HOST = "city.localhost"
CALENDAR_CHANGED = ApplicationEvent.Action.CALENDAR_CHANGED


def status_page(client, application):
    response = client.post(
        "/disclosure/apply/status/",
        {"tracking_code": application.tracking_code, "phone": "13800138000"},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_received_2026_12_04_is_not_due_on_new_years_day_and_shows_provisional(
    client, city_body
):
    application = make_application(city_body, date(2026, 12, 4))
    assert application.due_date == date(2027, 1, 4)
    html = status_page(client, application)
    assert "2027-01-04" in html and "（暂定）" in html
    assert "2027年国家节假日安排尚未公布" in html


def test_a_due_date_in_a_confirmed_year_is_not_provisional(client, city_body):
    application = make_application(city_body, date(2026, 12, 3))
    assert application.due_date == date(2026, 12, 31)
    html = status_page(client, application)
    assert "2026-12-31" in html and "暂定" not in html


def test_the_queue_export_says_which_due_dates_are_provisional(
    client, city_body, city_handler
):
    late = make_application(city_body, date(2026, 12, 4))  # due 2027-01-04
    early = make_application(city_body, date(2026, 12, 3))  # due 2026-12-31
    client.force_login(city_handler)
    export = client.get("/admin/disclosure/", {"export": "csv"}, HTTP_HOST="localhost")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    column = rows[0].index("期限暂定")
    assert rows[0][column - 1] == "答复期限"
    assert {row[0]: (row[column - 1], row[column]) for row in rows[1:]} == {
        late.tracking_code: ("2027-01-04", "是"),
        early.tracking_code: ("2026-12-31", "否"),
    }


def test_staff_see_provisional_due_dates(client, city_body, city_handler):
    application = make_application(city_body, date(2026, 12, 4))
    make_application(city_body, date(2026, 12, 3))
    client.force_login(city_handler)
    queue = client.get("/admin/disclosure/", HTTP_HOST="localhost").content.decode()
    assert queue.count("（暂定）") == 1
    detail = client.get(
        reverse("disclosure_admin:application", args=[application.pk]),
        HTTP_HOST="localhost",
    ).content.decode()
    assert "2027-01-04" in detail and "（暂定）" in detail


def import_schedule(tmp_path, *args):
    out = StringIO()
    call_command("import_holidays", schedule_file(tmp_path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def cases_of_2027(city_body):
    """Open, in correction, answered and untouched applications around 春节
    2027 (statutory 春节 5–8 February; the test schedule gives 5–11 off and
    Saturday 20 February as a working day)."""
    open_case = make_application(city_body, date(2027, 1, 25))
    correction = make_application(city_body, date(2027, 1, 25))
    type(correction).objects.filter(pk=correction.pk).update(
        status=ApplicationStatus.CORRECTION,
        correction_requested_on=date(2027, 1, 27),
        correction_due=date(2027, 2, 19),
        due_date=None,
    )
    answered = make_application(city_body, date(2027, 1, 25))
    type(answered).objects.filter(pk=answered.pk).update(
        status=ApplicationStatus.ANSWERED, answered_on=date(2027, 1, 26)
    )
    return {
        "open": open_case,
        "correction": correction,
        "answered": answered,
        "new_year": make_application(city_body, date(2026, 12, 4)),
        "after": make_application(city_body, date(2027, 3, 1)),
    }


def test_importing_the_schedule_moves_stored_due_dates_and_records_why(
    client, tmp_path, cases_of_2027
):
    cases = cases_of_2027
    assert cases["open"].due_date == date(2027, 2, 24)
    after_due = cases["after"].due_date
    output = import_schedule(tmp_path)
    for case in cases.values():
        case.refresh_from_db()
    assert cases["open"].due_date == date(2027, 2, 26)
    assert cases["correction"].correction_due == date(2027, 2, 23)
    assert cases["answered"].due_date == date(2027, 2, 24)
    assert cases["new_year"].due_date == date(2027, 1, 4)
    assert cases["after"].due_date == after_due
    assert (
        f"依申请公开 {cases['open'].tracking_code} 答复期限 2027-02-24 → 2027-02-26"
        in output
    )
    assert (
        f"依申请公开 {cases['correction'].tracking_code} 补正期限 "
        "2027-02-19 → 2027-02-23" in output
    )
    assert "2个办件的期限" in output
    event = cases["open"].events.get(action=CALENDAR_CHANGED)
    assert event.due_date == date(2027, 2, 26)
    assert "录入2027年国家节假日安排（国办发明电〔2026〕测试号）" in event.note
    assert "答复期限由2027-02-24调整为2027-02-26" in event.note
    for key in ("answered", "new_year", "after"):
        assert not cases[key].events.filter(action=CALENDAR_CHANGED).exists()
    # The applicant sees the confirmed date, no longer provisional.
    html = status_page(client, cases["new_year"])
    assert "2027-01-04" in html and "暂定" not in html


def test_a_dry_run_moves_nothing(tmp_path, cases_of_2027):
    output = import_schedule(tmp_path, "--dry-run")
    assert "2027-02-24 → 2027-02-26" in output
    cases_of_2027["open"].refresh_from_db()
    assert cases_of_2027["open"].due_date == date(2027, 2, 24)
    assert not ApplicationEvent.objects.filter(action=CALENDAR_CHANGED).exists()


def test_a_day_entered_in_the_admin_moves_due_dates_and_says_so(client, city_body):
    application = make_application(city_body, date(2026, 12, 4))
    admin = UserFactory(username="root", is_superuser=True, first_name="管理员")
    client.force_login(admin)
    response = client.post(
        reverse("disclosure_holidays:add"),
        {"date": "2027-01-04", "is_working_day": "", "note": "测试放假"},
        HTTP_HOST="localhost",
        follow=True,
    )
    html = response.content.decode()
    assert "已重新计算1个办件的期限" in html
    assert f"{application.tracking_code} 答复期限 2027-01-04 → 2027-01-05" in html
    application.refresh_from_db()
    assert application.due_date == date(2027, 1, 5)
    event = application.events.get(action=CALENDAR_CHANGED)
    assert event.actor == admin
    assert "节假日调整（2027-01-04 放假 测试放假）" in event.note
    # Still provisional: one day does not confirm the year.
    assert "暂定" in html
    override = HolidayOverride.objects.get()
    # Changing only the note moves nothing.
    response = client.post(
        reverse("disclosure_holidays:edit", args=[override.pk]),
        {"date": "2027-01-04", "is_working_day": "", "note": "改说明"},
        HTTP_HOST="localhost",
        follow=True,
    )
    assert "没有办件的期限受此调整影响" in response.content.decode()
    # Deleting the day moves the due date back.
    response = client.post(
        reverse("disclosure_holidays:delete", args=[override.pk]),
        HTTP_HOST="localhost",
        follow=True,
    )
    assert "2027-01-05 → 2027-01-04" in response.content.decode()
    application.refresh_from_db()
    assert application.due_date == date(2027, 1, 4)
    assert application.events.filter(action=CALENDAR_CHANGED).count() == 2


def test_confirming_a_year_in_the_admin(client, city_body):
    application = make_application(city_body, date(2026, 12, 4))
    admin = UserFactory(username="root", is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("disclosure_holiday_years:add"),
        {"year": "2027", "source": "国务院办公厅通知"},
        HTTP_HOST="localhost",
        follow=True,
    )
    assert "2027年节假日安排已确认" in response.content.decode()
    assert HolidaySchedule.objects.get().year == 2027
    assert "暂定" not in status_page(client, application)


def test_confirmed_years_are_for_cluster_admins_only(client, city):
    reviewer = UserFactory(username="reviewer", groups=[city.reviewers_group])
    client.force_login(reviewer)
    response = client.get(
        reverse("disclosure_holiday_years:add"), HTTP_HOST="localhost"
    )
    assert response.status_code in (302, 403)


def test_the_schedule_is_pasted_in_the_admin_previewed_then_imported(
    client, cases_of_2027
):
    client.force_login(UserFactory(username="root", is_superuser=True))
    index = client.get(
        reverse("disclosure_holiday_years:index"), HTTP_HOST="localhost"
    ).content.decode()
    url = reverse("disclosure_holiday_years:import")
    assert url in index
    preview = client.post(
        url, {"text": SCHEDULE_2027, "preview": "1"}, HTTP_HOST="localhost"
    ).content.decode()
    assert "预览（未写入）：2027年有 9 天变化，2 个办件的期限将重新计算" in preview
    assert "2027-02-24 → 2027-02-26" in preview
    assert not HolidaySchedule.objects.exists()
    response = client.post(
        url, {"text": SCHEDULE_2027, "import": "1"}, HTTP_HOST="localhost", follow=True
    )
    html = response.content.decode()
    assert "2027年节假日安排已导入并确认：9天有变化" in html
    assert "已重新计算2个办件的期限" in html
    cases_of_2027["open"].refresh_from_db()
    assert cases_of_2027["open"].due_date == date(2027, 2, 26)
    assert HolidaySchedule.objects.get().year == 2027


def test_a_bad_pasted_schedule_names_its_lines_and_imports_nothing(client, city):
    client.force_login(UserFactory(username="root", is_superuser=True))
    response = client.post(
        reverse("disclosure_holiday_years:import"),
        {
            "text": "year 2027\n2027-01-01 holiday 元旦\n2027-02-31 workday\n",
            "import": "1",
        },
        HTTP_HOST="localhost",
    )
    assert response.status_code == 200
    assert "第3行：日期“2027-02-31”无效" in response.content.decode()
    assert not HolidayOverride.objects.exists()
    reviewer = UserFactory(username="reviewer", groups=[city.reviewers_group])
    client.force_login(reviewer)
    response = client.get(
        reverse("disclosure_holiday_years:import"), HTTP_HOST="localhost"
    )
    assert response.status_code in (302, 403)
