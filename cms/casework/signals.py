from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import HolidayOverride
from .workdays import forget_overrides


@receiver([post_save, post_delete], sender=HolidayOverride)
def holiday_override_changed(sender, **kwargs):
    forget_overrides()
