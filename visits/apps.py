from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    label = "visits"
    verbose_name = _("访问统计")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.demo.seeders import register_seeder
        from visits import demo

        register_seeder(self.label, demo.seed)
