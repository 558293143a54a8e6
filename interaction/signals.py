from django.dispatch import receiver

from sites.signals import site_provisioned

from .setup import ensure_site_interaction


@receiver(site_provisioned, dispatch_uid="interaction_site_provisioned")
def add_interaction_to_new_site(sender, profile, **kwargs):
    ensure_site_interaction(profile)
