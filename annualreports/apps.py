from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualReportsConfig(AppConfig):
    name = "annualreports"
    label = "annualreports"
    verbose_name = _("年度报表")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from monitoring import registry
        from sites.demo.seeders import register_seeder

        from . import demo
        from .deadlines import report_publication

        registry.register(registry.WEBSITE_REPORT_PUBLICATION, report_publication)
        register_seeder(self.label, demo.seed)
