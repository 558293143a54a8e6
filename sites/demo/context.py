import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass
class DemoContext:
    """What every app's demo seeder receives."""

    today: date
    rng: random.Random
    # hostname -> SiteProfile, for every demo site
    profiles: dict = field(default_factory=dict)
    # hostnames of the sites left deliberately dormant for monitoring to find
    dormant_hostnames: frozenset = frozenset()
    # callable(str) for progress notes; silent by default
    note: object = None

    def days_ago(self, days, hour=9, minute=30):
        """An aware datetime `days` before today, at the given local time."""
        day = self.today - timedelta(days=days)
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def is_dormant(self, profile):
        return profile.site.hostname in self.dormant_hostnames
