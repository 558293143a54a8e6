from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from sites.signals import site_provisioned

from .models import HolidayOverride
from .workdays import forget_overrides


@receiver([post_save, post_delete], sender=HolidayOverride)
def holiday_override_changed(sender, **kwargs):
    forget_overrides()


@receiver(site_provisioned)
def add_disclosure_section(sender, profile, **kwargs):
    from .sections import ensure_sections

    ensure_sections(profile)
