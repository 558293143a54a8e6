from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    """Serving published pages fast: static publishing and production hardening."""

    name = "cms.delivery"
    label = "delivery"
    verbose_name = _("页面发布服务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
