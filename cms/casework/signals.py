from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import HolidayOverride, HolidaySchedule
from .workdays import forget_calendar_state


@receiver([post_save, post_delete], sender=HolidayOverride)
@receiver([post_save, post_delete], sender=HolidaySchedule)
def calendar_changed(sender, **kwargs):
    # Now, for this process, and again once committed: another process may
    # have cached the old state in between.
    forget_calendar_state()
    transaction.on_commit(forget_calendar_state)
