"""Demo data: a week of availability probes and a year of monthly spot checks
of the whole demo cluster, so the dashboard has a history to show and the
dormant sites (failing every check) are suggested for consolidation."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from .models import AvailabilityProbe, SpotCheckRun
from .probes import hosted_target
from .spotcheck import Selection, check, checkable_profiles

HISTORY_MONTHS = 12
# Share of probes failing on the demo's healthy sites: under the early warning.
PROBE_FAILURE_RATE = 0.01


def seed(context):
    if SpotCheckRun.objects.filter(as_of=context.today).exists():
        return
    profiles = list(checkable_profiles())
    _seed_probes(context, profiles)
    # Oldest first: the newest run is the one with the highest id.
    for months_back in reversed(range(HISTORY_MONTHS)):
        as_of = context.today - timedelta(days=30 * months_back)
        check(Selection(profiles, [], SpotCheckRun.Scope.ALL), as_of)


def _seed_probes(context, profiles):
    """Hourly probes over the probe window before today, in one insert."""
    interval = timedelta(minutes=settings.MONITORING_PROBE_INTERVAL_MINUTES)
    end = timezone.make_aware(datetime.combine(context.today, time(23, 30)))
    start = end - timedelta(days=settings.MONITORING_PROBE_WINDOW_DAYS)
    probes = []
    for profile in profiles:
        target = hosted_target(profile)
        moment = end
        while moment > start:
            ok = context.rng.random() >= PROBE_FAILURE_RATE
            probes.append(
                AvailabilityProbe(
                    hostname=target.hostname,
                    url=target.url,
                    checked_at=moment,
                    ok=ok,
                    status_code=200 if ok else 502,
                    elapsed_ms=context.rng.randint(80, 900) if ok else 15000,
                    error="" if ok else "HTTP 502",
                )
            )
            moment -= interval
    AvailabilityProbe.objects.bulk_create(probes, batch_size=1000)
