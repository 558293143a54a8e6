from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from interaction.deadlines import (
    DeadlineState,
    add_months,
    deadline_state,
    due_date_for,
    past_national_limit,
)

from .conftest import aware, write_letter

# The working-day calendar reads administrators' holiday overrides.
pytestmark = pytest.mark.django_db


def test_deadline_skips_the_national_day_holiday_2026():
    # 15 working days after Wednesday 30 September 2026: 1-7 October are
    # holidays and Saturday 10 October is a declared working day (调休).
    assert due_date_for(aware(2026, 9, 30, 15)) == date(2026, 10, 27)


def test_deadline_of_a_letter_written_during_the_holiday_starts_after_it():
    assert due_date_for(aware(2026, 10, 3, 20)) == date(2026, 10, 27)


def test_deadline_skips_the_spring_festival_2026():
    # 15-23 February 2026 are holidays; Saturdays 14 and 28 February are
    # declared working days. Weekends alone would give 5 March.
    assert due_date_for(aware(2026, 2, 12)) == date(2026, 3, 11)


def test_receipt_late_at_night_counts_from_the_local_day():
    # 07:30 on Monday 15 June in Beijing is still Sunday in UTC; counting from
    # Sunday would end a working day early. 19 June (Dragon Boat) is a holiday.
    assert due_date_for(aware(2026, 6, 15, 7, 30)) == date(2026, 7, 7)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2026, 1, 15), 3, date(2026, 4, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2026, 11, 5), 3, date(2027, 2, 5)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
        (date(2026, 3, 10), -12, date(2025, 3, 10)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_national_limit_is_three_calendar_months():
    received = aware(2026, 1, 15, 9)
    assert not past_national_limit(received, date(2026, 4, 15))
    assert past_national_limit(received, date(2026, 4, 16))


def test_deadline_state_and_letters_due_command(county_mailbox, settings):
    today = date(2026, 10, 26)
    overdue = write_letter(county_mailbox, at=aware(2026, 9, 1), subject="超期来信")
    due_soon = write_letter(county_mailbox, at=aware(2026, 9, 30), subject="将到期")
    fresh = write_letter(county_mailbox, at=aware(2026, 10, 23), subject="新来信")
    national = write_letter(county_mailbox, at=aware(2026, 6, 1), subject="三个月")
    assert deadline_state(overdue, today) == DeadlineState.OVERDUE
    assert deadline_state(due_soon, today) == DeadlineState.DUE_SOON
    assert deadline_state(fresh, today) == DeadlineState.IN_TIME

    out = StringIO()
    call_command("letters_due", "--as-of", "2026-10-26", stdout=out)
    text = out.getvalue()
    national_section, rest = text.split("== 已超期")
    assert national.tracking_code in national_section
    assert overdue.tracking_code not in national_section
    overdue_section, due_section = rest.split("== 即将到期")
    assert overdue.tracking_code in overdue_section
    assert national.tracking_code in overdue_section
    assert due_soon.tracking_code in due_section
    assert fresh.tracking_code not in text
    assert "2 overdue, 1 due soon, 1 past the national limit" in text

    settings.INTERACTION_DUE_SOON_WORKING_DAYS = 0
    out = StringIO()
    call_command("letters_due", "--as-of", "2026-10-26", stdout=out)
    assert "0 due soon" in out.getvalue()


def test_letters_due_rejects_bad_arguments():
    with pytest.raises(CommandError, match="格式不正确"):
        call_command("letters_due", "--as-of", "26/10/2026", stdout=StringIO())
    with pytest.raises(CommandError, match="不存在"):
        call_command("letters_due", "--site", "nowhere.localhost", stdout=StringIO())
