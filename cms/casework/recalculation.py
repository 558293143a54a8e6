"""Stored due dates follow the calendar. Each kind of case registers, in its
AppConfig.ready(), a function that recomputes the due dates of its open
cases after days of the calendar changed, saves the ones that moved, records
an event on each case and returns what moved:

    recalculate(changed_days, reason, user) -> list[DueDateChange]

`changed_days` is the set of days whose status changed, `reason` a sentence
for the case's history (which schedule or day changed), `user` who changed it
(None for a command)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from .workdays import calendar_state, load_state

_recalculators = []


@dataclass(frozen=True)
class DueDateChange:
    case: str  # what the staff recognise: kind and tracking code
    deadline: str  # which date of the case: 答复期限, 补正期限 …
    old: date
    new: date

    def __str__(self):
        return f"{self.case} {self.deadline} {self.old:%Y-%m-%d} → {self.new:%Y-%m-%d}"


def register_due_date_recalculator(recalculate):
    if recalculate not in _recalculators:
        _recalculators.append(recalculate)


def counted_span_changed(start, old, new, changed_days):
    """True when one of `changed_days` lies in the days counted from `start`
    to the later of the old and new deadline: only then did the calendar
    change move it (not, say, a setting changed since)."""
    last = max(old, new)
    return any(start < day <= last for day in changed_days)


def recalculate_due_dates(changed_days, reason, user=None):
    """Recompute every registered kind of case on the calendar as stored now
    (read afresh, also inside an uncommitted transaction); the changes, in
    registration order."""
    changed_days = set(changed_days)
    if not changed_days:
        return []
    changes = []
    # One transaction: the recalculators lock the cases they move.
    with transaction.atomic(), calendar_state(load_state()):
        for recalculate in _recalculators:
            changes += recalculate(changed_days, reason, user)
    return changes
