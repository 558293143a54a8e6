from django.dispatch import receiver

from sites.signals import site_provisioned


@receiver(site_provisioned)
def add_disclosure_section(sender, profile, **kwargs):
    from .sections import ensure_sections

    ensure_sections(profile)
