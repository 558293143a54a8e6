"""Letters on the working-day calendar: provisional due dates shown as 暂定
to the writer and to staff, and stored due dates moved (with an event) when
a year's schedule is imported."""

import csv
import io
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from interaction.models import LetterAction, LetterStatus
from tests.cms.casework.test_schedule import schedule_file

from .conftest import aware, path_of, write_letter

pytestmark = pytest.mark.django_db
HOST = "county.localhost"


def lookup(client, mailbox, letter):
    response = client.post(
        path_of(mailbox, "lookup/"),
        {"tracking_code": letter.tracking_code, "phone": "13800138000"},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_letter_due_in_an_unconfirmed_year_shows_provisional(
    client, county_mailbox, county_editor
):
    # 15 working days from Friday 11 December 2026 skip 元旦 2027.
    late = write_letter(county_mailbox, at=aware(2026, 12, 11))
    assert late.due_date == date(2027, 1, 4)
    html = lookup(client, county_mailbox, late)
    assert "2027-01-04" in html and "（暂定）" in html
    # One day earlier the due date is 31 December 2026, a confirmed year.
    early = write_letter(county_mailbox, at=aware(2026, 12, 10))
    assert early.due_date == date(2026, 12, 31)
    assert "暂定" not in lookup(client, county_mailbox, early)
    client.force_login(county_editor)
    queue = client.get("/admin/interaction/letters/").content.decode()
    assert queue.count("（暂定）") == 1
    detail = client.get(f"/admin/interaction/letters/{late.pk}/").content.decode()
    assert "2027-01-04" in detail and "（暂定）" in detail


def test_importing_the_schedule_moves_open_letters_and_records_why(
    client, tmp_path, county_mailbox
):
    # Statutory 春节 2027 is 5–8 February; the test schedule gives 5–11 off
    # and Saturday 20 February as a working day.
    letter = write_letter(county_mailbox, at=aware(2027, 1, 25))
    closed = write_letter(county_mailbox, at=aware(2027, 1, 25))
    type(closed).objects.filter(pk=closed.pk).update(status=LetterStatus.CLOSED)
    assert letter.due_date == date(2027, 2, 17)
    out = StringIO()
    call_command("import_holidays", schedule_file(tmp_path), stdout=out)
    assert f"来信 {letter.tracking_code} 答复期限 2027-02-17 → 2027-02-20" in (
        out.getvalue()
    )
    letter.refresh_from_db()
    closed.refresh_from_db()
    assert letter.due_date == date(2027, 2, 20)
    assert closed.due_date == date(2027, 2, 17)
    event = letter.events.get(action=LetterAction.CALENDAR_CHANGED)
    assert event.to_status == LetterStatus.RECEIVED
    assert "录入2027年国家节假日安排" in event.note
    assert "答复期限由2027-02-17调整为2027-02-20" in event.note
    assert not closed.events.filter(action=LetterAction.CALENDAR_CHANGED).exists()
    assert "暂定" not in lookup(client, county_mailbox, letter)


def test_exports_say_which_due_dates_are_provisional(
    client, tmp_path, county_mailbox, county_editor
):
    late = write_letter(county_mailbox, at=aware(2026, 12, 11))  # due 2027-01-04
    early = write_letter(county_mailbox, at=aware(2026, 12, 10))  # due 2026-12-31
    client.force_login(county_editor)

    def provisional_by_code():
        rows = list(
            csv.reader(
                io.StringIO(
                    client.get("/admin/interaction/letters/export.csv").content.decode(
                        "utf-8-sig"
                    )
                )
            )
        )
        column = rows[0].index("期限暂定")
        assert rows[0][column - 1] == "答复期限"
        return {row[0]: row[column] for row in rows[1:]}

    assert provisional_by_code() == {
        late.tracking_code: "是",
        early.tracking_code: "否",
    }
    sheet = load_workbook(
        io.BytesIO(client.get("/admin/interaction/letters/export.xlsx").content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("期限暂定")
    assert {row[0]: row[column] for row in rows[1:]} == {
        late.tracking_code: "是",
        early.tracking_code: "否",
    }
    # Once 2027's schedule is entered, its dates are final.
    call_command("import_holidays", schedule_file(tmp_path), stdout=StringIO())
    assert provisional_by_code()[late.tracking_code] == "否"
