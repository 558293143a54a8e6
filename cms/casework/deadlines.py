"""Deadline queries common to every kind of case: a model whose queryset
offers `open()` and which has a `due_date` (the last working day to answer)."""

from django.db import models

from .workdays import add_working_days, working_days_between


class CaseQuerySet(models.QuerySet):
    """Subclasses say which cases are open."""

    def open(self):
        raise NotImplementedError

    def overdue(self, today):
        """Open cases whose due date has passed."""
        return self.open().filter(due_date__lt=today)

    def due_between(self, today, last_day):
        """Open cases due between `today` and `last_day` inclusive."""
        return self.open().filter(due_date__gte=today, due_date__lte=last_day)


def warning_horizon(today, working_days):
    """The last day of a warning period of `working_days` working days from
    `today`: cases due up to then are due soon."""
    return add_working_days(today, working_days)


def working_days_left(today, due_date):
    """Working days from `today` to `due_date`, negative once it has passed."""
    return working_days_between(today, due_date)
