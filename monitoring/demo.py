"""Demo data: one stored spot check of the whole demo cluster, so the
dashboard has something to show (the dormant sites fail it)."""

from .models import SpotCheckRun
from .spotcheck import Selection, check, checkable_profiles


def seed(context):
    if SpotCheckRun.objects.filter(as_of=context.today).exists():
        return
    check(
        Selection(list(checkable_profiles()), [], SpotCheckRun.Scope.ALL),
        context.today,
    )
