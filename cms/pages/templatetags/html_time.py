"""The machine-readable value of a <time datetime="…"> attribute."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def html_datetime(value):
    """A date as YYYY-MM-DD, a datetime in the current time zone to the
    second (2026-12-06T02:54:36+08:00): HTML's valid date and time strings
    (Django's "c" format adds microseconds, which are not valid there)."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
