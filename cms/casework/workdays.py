"""The Chinese working-day calendar every legal deadline is counted on.

A day's status comes from the first source that knows it:
1. a HolidayOverride (a day of the State Council's yearly schedule, or a local
   adjustment entered by the administrators);
2. the chinesecalendar package, for the years its data covers (2004–2026 in
   the pinned release), 调休 included;
3. for later years, the statutory holidays of 《全国年节及纪念日放假办法》 as revised
   in 2024 (`statutory_holidays`, lunar dates and 清明 computed by lunar_python)
   and the weekend.

A year is confirmed when the package covers it or its schedule has been
entered (a HolidaySchedule row); a date in any other year is provisional
(暂定): the 调休 working days and extra days off of that year are not known, so
a deadline there may still move. `calendar_confirmed(year)` and
`is_provisional(day)` say so per date; `span_is_provisional` and
`unconfirmed_years` say whether a count crossed such a year.

Receipt dates (Art. 31 of the Regulations on Government Information
Disclosure) per channel come from `received_on`; counting starts on the next
working day, which is what `add_working_days` does.
"""

from collections import namedtuple
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from lunar_python import Lunar, Solar

from .models import HolidayOverride, HolidaySchedule

# The 2024 revision of 《全国年节及纪念日放假办法》 is in force from 2025; the
# years before it that the package does not cover (before 2004) fall back to
# weekends.
STATUTORY_RULES_FROM = 2025

_STATE_CACHE_KEY = "casework:calendar-state"

CalendarState = namedtuple("CalendarState", ["overrides", "confirmed_years"])

# A state set by `calendar_state` (a schedule being entered, not committed
# yet) takes the place of the cached one for the code running inside it.
_pending_state = ContextVar("casework_pending_calendar_state", default=None)


def load_state():
    """The calendar data as stored now, read from the database."""
    return CalendarState(
        overrides=dict(HolidayOverride.objects.values_list("date", "is_working_day")),
        confirmed_years=frozenset(
            HolidaySchedule.objects.values_list("year", flat=True)
        ),
    )


def _state():
    pending = _pending_state.get()
    if pending is not None:
        return pending
    state = cache.get(_STATE_CACHE_KEY)
    if state is None:
        state = load_state()
        cache.set(_STATE_CACHE_KEY, tuple(state), 300)
    return CalendarState(*state)


@contextmanager
def calendar_state(state):
    """Count on `state` (e.g. a schedule written in a transaction that may be
    rolled back) instead of the shared cached one."""
    token = _pending_state.set(state)
    try:
        yield
    finally:
        _pending_state.reset(token)


def forget_calendar_state():
    """Drop the cached calendar (called once a change of it is committed)."""
    cache.delete(_STATE_CACHE_KEY)


# --- The statutory holidays ------------------------------------------------


def _solar_date(solar):
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=256)
def statutory_holidays(year):
    """{day: name} of the days off the 2024 revision of 《全国年节及纪念日放假办法》
    gives every citizen in `year`: 元旦, 春节 (除夕 and 初一 to 初三), 清明 (the
    solar term), 劳动节 (1–2 May), 端午 (五月初五), 中秋 (八月十五), 国庆 (1–3
    October). Without the year's 调休, which the State Council decides."""
    spring = _solar_date(Lunar.fromYmd(year, 1, 1).getSolar())
    qingming = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    days = {date(year, 1, 1): "元旦"}
    days[spring - timedelta(days=1)] = "春节（除夕）"
    for offset in range(3):
        days[spring + timedelta(days=offset)] = "春节"
    days[_solar_date(qingming)] = "清明节"
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = "劳动节"
    days[_solar_date(Lunar.fromYmd(year, 5, 5).getSolar())] = "端午节"
    days[_solar_date(Lunar.fromYmd(year, 8, 15).getSolar())] = "中秋节"
    for day in (1, 2, 3):
        days[date(year, 10, day)] = "国庆节"
    return days


# --- Which year is known ---------------------------------------------------


@lru_cache(maxsize=512)
def package_covers(year):
    """True when chinesecalendar's data includes `year`."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def calendar_confirmed(year):
    """True when the holidays and 调休 of `year` are known: chinesecalendar
    covers it or its State Council schedule has been entered. Per year: days
    entered one by one do not confirm a year."""
    return package_covers(year) or year in _state().confirmed_years


def is_provisional(day):
    """True when `day` lies in a year whose calendar is not confirmed, so a
    deadline falling on it may still move (shown as 暂定)."""
    return day is not None and not calendar_confirmed(day.year)


def unconfirmed_years(start, end):
    """The unconfirmed years a count from `start` to `end` crossed (the
    days after `start` up to `end`), in order."""
    first, last = sorted((start, end))
    return [
        year
        for year in range((first + timedelta(days=1)).year, last.year + 1)
        if not calendar_confirmed(year)
    ]


def span_is_provisional(start, end):
    """True when counting from `start` to `end` crossed a day of an
    unconfirmed year, so the result may still move."""
    return bool(unconfirmed_years(start, end))


# --- Counting ----------------------------------------------------------------


@lru_cache(maxsize=16384)
def _default_working_day(d):
    """The verdict without overrides: the package's for the years it covers,
    else the statutory holidays and the weekend."""
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        pass
    if d.year >= STATUTORY_RULES_FROM and d in statutory_holidays(d.year):
        return False
    return d.weekday() < 5


def _working_day(d, overrides):
    override = overrides.get(d)
    return _default_working_day(d) if override is None else override


def is_working_day(d: date) -> bool:
    return _working_day(d, _state().overrides)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself not counted).
    n == 0 returns `start`."""
    if n < 0:
        raise ValueError("n must not be negative")
    overrides = _state().overrides
    day, remaining = start, n
    while remaining:
        day += timedelta(days=1)
        if _working_day(day, overrides):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when
    `end` is before `start`. For a working day `end` after `start`,
    add_working_days(start, working_days_between(start, end)) == end."""
    if end < start:
        return -working_days_between(end, start)
    overrides = _state().overrides
    return sum(
        _working_day(start + timedelta(days=k), overrides)
        for k in range(1, (end - start).days + 1)
    )


def next_working_day_from(day: date) -> date:
    """`day` itself when it is a working day, else the next working day."""
    return day if is_working_day(day) else add_working_days(day, 1)


# --- Receipt (Art. 31) -------------------------------------------------------


class ReceiptChannel(models.TextChoices):
    """How a case reached the office; each has its own receipt date."""

    ONLINE = "online", _("网上提交")
    POST = "post", _("信函邮寄")
    IN_PERSON = "in_person", _("当面提交")
    FAX = "fax", _("传真")
    ORAL = "oral", _("口头提出")


def received_on(channel, at):
    """The legal receipt date (Art. 31) of a case that came by `channel`:
    - in person (and oral, recorded on the spot): the day submitted, `at`;
    - by post: the day signed for, `at` (for ordinary mail the day the office
      confirmed it with the applicant);
    - by fax: the day both sides confirmed it, `at`;
    - online: the day of submission, which the system confirms at once; with
      CASEWORK_ONLINE_RECEIPT_NEXT_WORKING_DAY a submission on a non-working
      day is received on the next working day.
    `at` is a date or an aware datetime (taken in local time). The answer
    period counts from the next working day (`add_working_days`)."""
    day = timezone.localdate(at) if isinstance(at, datetime) else at
    channel = ReceiptChannel(channel)
    if (
        channel == ReceiptChannel.ONLINE
        and settings.CASEWORK_ONLINE_RECEIPT_NEXT_WORKING_DAY
    ):
        return next_working_day_from(day)
    return day
