"""The Chinese working-day calendar that legal deadlines are counted on.

National holidays and the weekend days declared working days (调休) come from
the chinesecalendar package; administrators add overrides in the admin for years
the package does not cover yet. For a year neither knows, weekends alone decide
and `calendar_confirmed` says so, so staff can be warned."""

from datetime import date, timedelta

import chinese_calendar
from django.core.cache import cache

from .models.calendar import HolidayOverride

_OVERRIDES_CACHE_KEY = "disclosure:holiday-overrides"


def _overrides():
    overrides = cache.get(_OVERRIDES_CACHE_KEY)
    if overrides is None:
        overrides = dict(HolidayOverride.objects.values_list("date", "is_working_day"))
        cache.set(_OVERRIDES_CACHE_KEY, overrides, 300)
    return overrides


def forget_overrides():
    """Drop the cached overrides (called when an override is saved or deleted)."""
    cache.delete(_OVERRIDES_CACHE_KEY)


def _override_years():
    return {day.year for day in _overrides()}


def package_covers(year):
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def calendar_confirmed(year):
    """True when the holidays of `year` are known (from the package or from
    overrides entered for that year); False means weekends-only fallback."""
    return package_covers(year) or year in _override_years()


def is_working_day(d: date) -> bool:
    override = _overrides().get(d)
    if override is not None:
        return override
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        return d.weekday() < 5


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself not counted).
    n == 0 returns `start`."""
    if n < 0:
        raise ValueError("n must not be negative")
    day, remaining = start, n
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when
    `end` is before `start`. For a working day `end` after `start`,
    add_working_days(start, working_days_between(start, end)) == end."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        is_working_day(start + timedelta(days=k))
        for k in range(1, (end - start).days + 1)
    )
