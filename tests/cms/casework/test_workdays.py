"""The working-day calendar: chinesecalendar's data, the statutory holidays
past it, overrides, per-year confirmation and Art. 31 receipt dates."""

from datetime import date, datetime
from io import StringIO

import chinese_calendar
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cms.casework.models import HolidayOverride, HolidaySchedule
from cms.casework.workdays import (
    ReceiptChannel,
    add_working_days,
    calendar_confirmed,
    is_provisional,
    is_working_day,
    received_on,
    span_is_provisional,
    statutory_holidays,
    unconfirmed_years,
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


@pytest.mark.parametrize("year", [2025, 2026])
def test_computed_statutory_holidays_match_the_published_schedules(year):
    """The lunar and solar-term dates the library computes are days off in
    the years chinesecalendar knows from the State Council's notices."""
    days = statutory_holidays(year)
    assert len(days) == 13
    for day in days:
        assert not chinese_calendar.is_workday(day), day


def test_statutory_holidays_of_2027():
    assert statutory_holidays(2027) == {
        date(2027, 1, 1): "元旦",
        date(2027, 2, 5): "春节（除夕）",
        date(2027, 2, 6): "春节",
        date(2027, 2, 7): "春节",
        date(2027, 2, 8): "春节",
        date(2027, 4, 5): "清明节",
        date(2027, 5, 1): "劳动节",
        date(2027, 5, 2): "劳动节",
        date(2027, 6, 9): "端午节",
        date(2027, 9, 15): "中秋节",
        date(2027, 10, 1): "国庆节",
        date(2027, 10, 2): "国庆节",
        date(2027, 10, 3): "国庆节",
    }


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 31), True),  # last day of the package's data
        (date(2027, 1, 1), False),  # 元旦, a Friday
        (date(2027, 1, 4), True),
        (date(2027, 2, 4), True),  # the day before 除夕
        (date(2027, 2, 5), False),  # 除夕, a Friday
        (date(2027, 2, 8), False),  # 初三, a Monday
        (date(2027, 2, 9), True),
        (date(2027, 4, 5), False),  # 清明, a Monday
        (date(2027, 4, 6), True),
        (date(2027, 6, 8), True),
        (date(2027, 6, 9), False),  # 端午, a Wednesday
        (date(2027, 6, 10), True),
        (date(2027, 9, 15), False),  # 中秋
        (date(2027, 10, 1), False),  # 国庆, a Friday
        (date(2027, 10, 4), True),  # 1-3 October only: Monday works
        (date(2031, 1, 1), False),  # every later year too
        (date(2031, 1, 2), True),
    ],
)
def test_days_past_the_package_data(day, working):
    assert is_working_day(day) is working


def test_received_2026_12_04_is_due_after_new_year_and_provisional():
    # 20 working days from Friday 4 December 2026: 1 January 2027 is 元旦.
    due = add_working_days(date(2026, 12, 4), 20)
    assert due == date(2027, 1, 4)
    assert is_provisional(due)
    assert span_is_provisional(date(2026, 12, 4), due)
    # One day earlier ends on 31 December 2026, inside the package's data.
    earlier = add_working_days(date(2026, 12, 3), 20)
    assert earlier == date(2026, 12, 31)
    assert not is_provisional(earlier)
    assert not span_is_provisional(date(2026, 12, 3), earlier)


def test_single_days_do_not_confirm_a_year_a_schedule_does():
    assert calendar_confirmed(2026)
    assert not calendar_confirmed(2027)
    HolidayOverride.objects.create(
        date=date(2027, 1, 1), is_working_day=False, note="元旦"
    )
    assert not calendar_confirmed(2027)
    assert is_provisional(date(2027, 3, 1))
    HolidaySchedule.objects.create(year=2027, source="国务院办公厅通知")
    assert calendar_confirmed(2027)
    assert not is_provisional(date(2027, 3, 1))
    assert not calendar_confirmed(2028)
    assert unconfirmed_years(date(2026, 12, 31), date(2029, 1, 1)) == [2028, 2029]
    # The start day is not counted: a count from 31 December 2027 onwards
    # crosses 2028 only.
    assert unconfirmed_years(date(2027, 12, 31), date(2028, 1, 3)) == [2028]
    HolidaySchedule.objects.filter(year=2027).delete()
    assert not calendar_confirmed(2027)


def test_overrides_win_over_the_statutory_holidays_and_the_package():
    HolidayOverride.objects.create(
        date=date(2027, 1, 1), is_working_day=True, note="测试"
    )
    HolidayOverride.objects.create(
        date=date(2027, 1, 2), is_working_day=True, note="调休"
    )
    HolidayOverride.objects.create(
        date=date(2026, 10, 10), is_working_day=False, note="本地调整"
    )
    assert is_working_day(date(2027, 1, 1))
    assert is_working_day(date(2027, 1, 2))
    assert not is_working_day(date(2026, 10, 10))
    HolidayOverride.objects.filter(date=date(2027, 1, 1)).delete()
    assert not is_working_day(date(2027, 1, 1))


def test_negative_count_is_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)


def local(*args):
    return timezone.make_aware(datetime(*args))


@pytest.mark.parametrize(
    ("channel", "at", "expected"),
    [
        # Online on a working day: that day, up to its last minute.
        (ReceiptChannel.ONLINE, local(2026, 12, 4, 23, 59), date(2026, 12, 4)),
        # Online on Saturday (from its first minute): the next working day.
        (ReceiptChannel.ONLINE, local(2026, 12, 5, 0, 0), date(2026, 12, 7)),
        # Online during 国庆: the first working day after it.
        (ReceiptChannel.ONLINE, local(2026, 10, 1, 9, 0), date(2026, 10, 8)),
        # A 调休 Saturday is a working day.
        (ReceiptChannel.ONLINE, local(2026, 10, 10, 9, 0), date(2026, 10, 10)),
        # In person, oral, by post (signed for) and fax (confirmed): the day itself.
        (ReceiptChannel.IN_PERSON, local(2026, 12, 5, 10, 0), date(2026, 12, 5)),
        (ReceiptChannel.ORAL, date(2026, 12, 5), date(2026, 12, 5)),
        (ReceiptChannel.POST, date(2026, 12, 6), date(2026, 12, 6)),
        (ReceiptChannel.FAX, local(2026, 12, 6, 18, 0), date(2026, 12, 6)),
    ],
)
def test_receipt_dates_follow_article_31(channel, at, expected):
    assert received_on(channel, at) == expected


def test_online_receipt_on_the_day_itself_when_the_setting_says_so(settings):
    settings.CASEWORK_ONLINE_RECEIPT_NEXT_WORKING_DAY = False
    assert received_on("online", local(2026, 12, 5, 10, 0)) == date(2026, 12, 5)


def test_unknown_channel_is_refused():
    with pytest.raises(ValueError):
        received_on("pigeon", date(2026, 12, 4))


def run(*args):
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_workdays_add_prints_the_date_and_whether_it_is_provisional():
    assert "2027-01-04" in run("add", "2026-12-04", "20")
    assert "暂定：2027年" in run("add", "2026-12-04", "20")
    output = run("add", "2026-12-03", "20")
    assert "2026-12-31" in output and "已确认" in output and "暂定" not in output


def test_workdays_between_counts_and_says_whether_provisional():
    output = run("between", "2026-12-04", "2027-01-04")
    assert "20 个工作日" in output and "暂定" in output
    assert "6 个工作日（已确认）" in run("between", "2026-09-28", "2026-10-12")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2026-13-01", "5"), "日期“2026-13-01”格式不正确"),
        (("add", "2026-12-01", "-1"), "工作日数“-1”无效"),
        (("add", "2026-12-01", "五"), "工作日数“五”无效"),
        (("between", "2026-12-01", "tomorrow"), "日期“tomorrow”格式不正确"),
    ],
)
def test_workdays_bad_input_gets_a_chinese_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
