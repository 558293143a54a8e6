from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "cms.pages"
    label = "pages"
    verbose_name = _("页面")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.demo.seeders import register_seeder

        from . import demo

        register_seeder(self.label, demo.seed)
