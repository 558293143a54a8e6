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

    def published_at(self, page, when):
        """Record that `page`, just published by the seeder, was (last)
        published at `when` (a datetime, or a date: 09:00 that day): its
        history, its sitemap <lastmod> and its feeds then tell the content's
        real age, not the seeding day."""
        if not isinstance(when, datetime):
            when = timezone.make_aware(datetime.combine(when, time(9)))
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=min(page.first_published_at or when, when),
            last_published_at=when,
            latest_revision_created_at=when,
        )
        page.last_published_at = page.latest_revision_created_at = when

    def is_dormant(self, profile):
        return profile.site.hostname in self.dormant_hostnames
