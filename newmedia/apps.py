from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewMediaConfig(AppConfig):
    name = "newmedia"
    label = "newmedia"
    verbose_name = _("政务新媒体")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from monitoring import registry
        from sites.demo.seeders import register_seeder

        from . import demo
        from .facts import new_media_accounts

        registry.register(registry.NEW_MEDIA_ACCOUNTS, new_media_accounts)
        register_seeder(self.label, demo.seed)
