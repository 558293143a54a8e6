from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualReportsConfig(AppConfig):
    name = "annualreports"
    label = "annualreports"
    verbose_name = _("年度报表")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from monitoring import registry
        from sites.consolidation import keep_with_closed_site
        from sites.demo.seeders import register_seeder

        from . import demo, signals
        from .deadlines import report_publications
        from .models import WebsiteAnnualReport

        registry.register(registry.WEBSITE_REPORT_PUBLICATION, report_publications)
        register_seeder(self.label, demo.seed)
        signals.connect()
        # A closed site's reports are its history: they stay with it when it
        # moves up into its superior (关停上移), whose own reports they are not.
        keep_with_closed_site(WebsiteAnnualReport)
