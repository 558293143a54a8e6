"""The Chinese working-day calendar that legal deadlines are counted on.

National holidays and the weekend days declared working days (调休) come from
the chinesecalendar package; administrators add overrides in the admin for years
the package does not cover yet. For a year neither knows, weekends alone decide
and `calendar_confirmed` says so, so staff can be warned."""

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from django.core.cache import cache

from .models import HolidayOverride

_OVERRIDES_CACHE_KEY = "casework:holiday-overrides"


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


@lru_cache(maxsize=16384)
def _package_working_day(d):
    """The package's verdict for `d` (its data never changes at run time), or
    None for a year it does not cover."""
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        return None


def _working_day(d, overrides):
    override = overrides.get(d)
    if override is not None:
        return override
    verdict = _package_working_day(d)
    return d.weekday() < 5 if verdict is None else verdict


def is_working_day(d: date) -> bool:
    return _working_day(d, _overrides())


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself not counted).
    n == 0 returns `start`."""
    if n < 0:
        raise ValueError("n must not be negative")
    overrides = _overrides()
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
    overrides = _overrides()
    return sum(
        _working_day(start + timedelta(days=k), overrides)
        for k in range(1, (end - start).days + 1)
    )
