"""The working-day calendar against the real chinesecalendar data."""

from datetime import date

import pytest

from cms.casework.models import HolidayOverride
from cms.casework.workdays import (
    add_working_days,
    calendar_confirmed,
    is_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def test_national_day_holiday_and_adjusted_weekend():
    assert not is_working_day(date(2026, 10, 1))  # 国庆节
    assert not is_working_day(date(2026, 10, 7))
    assert is_working_day(date(2026, 10, 10))  # Saturday declared a working day (调休)
    assert not is_working_day(date(2026, 10, 11))  # ordinary Sunday


def test_add_working_days_across_national_day():
    # Received Monday 2026-09-28: 29, 30 Sep are working days, 1-7 Oct holiday,
    # Thu 8, Fri 9, Sat 10 (调休) working, Sun 11 off.
    start = date(2026, 9, 28)
    assert add_working_days(start, 0) == start
    assert add_working_days(start, 2) == date(2026, 9, 30)
    assert add_working_days(start, 3) == date(2026, 10, 8)
    assert add_working_days(start, 5) == date(2026, 10, 10)
    assert add_working_days(start, 6) == date(2026, 10, 12)
    assert working_days_between(start, date(2026, 10, 12)) == 6
    assert working_days_between(date(2026, 10, 12), start) == -6


def test_unknown_year_falls_back_to_weekends_and_is_unconfirmed():
    assert not calendar_confirmed(2031)
    assert is_working_day(
        date(2031, 1, 1)
    )  # a Wednesday; New Year unknown without data
    assert not is_working_day(date(2031, 1, 4))  # Saturday


def test_overrides_from_the_admin_take_precedence_and_confirm_the_year():
    HolidayOverride.objects.create(
        date=date(2031, 1, 1), is_working_day=False, note="元旦"
    )
    HolidayOverride.objects.create(
        date=date(2031, 1, 4), is_working_day=True, note="调休"
    )
    assert calendar_confirmed(2031)
    assert not is_working_day(date(2031, 1, 1))
    assert is_working_day(date(2031, 1, 4))
    HolidayOverride.objects.filter(date=date(2031, 1, 1)).delete()
    assert is_working_day(date(2031, 1, 1))


def test_negative_count_is_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)
