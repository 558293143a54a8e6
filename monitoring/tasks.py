"""Background work: the availability probes on a schedule (django-tasks)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .probes import probe, probe_targets


@task()
def probe_all_sites(reschedule=False):
    """Probe every site once; with `reschedule`, enqueue the next round after
    MONITORING_PROBE_INTERVAL_MINUTES so the probes keep running."""
    stored = probe(probe_targets())
    # A backend that cannot defer (the immediate one used in tests) runs once.
    if reschedule and probe_all_sites.get_backend().supports_defer:
        next_run = timezone.now() + timedelta(
            minutes=settings.MONITORING_PROBE_INTERVAL_MINUTES
        )
        probe_all_sites.using(run_after=next_run).enqueue(reschedule=True)
    return len(stored)
