from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Review workflow, content checks, syndication, sanitising, legacy import."""

    name = "cms.publishing"
    label = "publishing"
    verbose_name = _("发布管理")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.signals import site_provisioned

        from .provisioning import on_site_provisioned

        site_provisioned.connect(
            on_site_provisioned, dispatch_uid="publishing_site_provisioned"
        )
