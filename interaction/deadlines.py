"""Answer deadlines of letters: the working-day deadline (setting, counted on
the shared working-day calendar) and the national limit in months."""

import calendar
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cms.casework.deadlines import warning_horizon, working_days_left
from cms.casework.workdays import add_working_days


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the end of shorter months
    (30 November + 3 months is 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date_for(received_at) -> date:
    """Last day to answer a letter received at `received_at`: the N-th working
    day after the day of receipt (a letter arriving on a holiday starts
    counting on the next working day)."""
    return add_working_days(
        timezone.localdate(received_at),
        settings.INTERACTION_ANSWER_DEADLINE_WORKING_DAYS,
    )


def national_limit_cutoff(as_of: date, months: int | None = None):
    """Letters received before this moment and still unanswered on `as_of` are
    past the national limit (`months`, default INTERACTION_NATIONAL_LIMIT_MONTHS;
    the monitor passes its score table's threshold)."""
    if months is None:
        months = settings.INTERACTION_NATIONAL_LIMIT_MONTHS
    day = add_months(as_of, -months)
    return start_of_day(day)


def past_national_limit(received_at, as_of: date) -> bool:
    return received_at < national_limit_cutoff(as_of)


def start_of_day(day: date):
    return timezone.make_aware(datetime.combine(day, time.min))


class DeadlineState:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    IN_TIME = "in_time"


def deadline_state(letter, today: date | None = None) -> str | None:
    """Where an open letter stands against its deadline; None once it is
    answered or closed."""
    if not letter.is_open:
        return None
    today = today or timezone.localdate()
    if today > letter.due_date:
        return DeadlineState.OVERDUE
    if working_days_left(today, letter.due_date) <= (
        settings.INTERACTION_DUE_SOON_WORKING_DAYS
    ):
        return DeadlineState.DUE_SOON
    return DeadlineState.IN_TIME


def due_soon_cutoff(today: date) -> date:
    """Open letters due on or before this day are due soon (or overdue)."""
    return warning_horizon(today, settings.INTERACTION_DUE_SOON_WORKING_DAYS)


class Deadline:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NATIONAL = "national"
    CHOICES = [
        (OVERDUE, gettext_lazy("已超期")),
        (DUE_SOON, gettext_lazy("即将到期")),
        (NATIONAL, gettext_lazy("超过国家3个月时限")),
    ]


def filter_by_deadline(letters, deadline, today):
    if deadline == Deadline.OVERDUE:
        return letters.overdue(today)
    if deadline == Deadline.DUE_SOON:
        return letters.due_between(today, due_soon_cutoff(today))
    if deadline == Deadline.NATIONAL:
        return letters.open().filter(received_at__lt=national_limit_cutoff(today))
    return letters
