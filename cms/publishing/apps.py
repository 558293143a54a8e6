from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Review workflow, content checks, syndication, sanitising, legacy import."""

    name = "cms.publishing"
    label = "publishing"
    verbose_name = _("发布管理")
    default_auto_field = "django.db.models.BigAutoField"
