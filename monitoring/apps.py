from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    label = "monitoring"
    verbose_name = _("网站监测")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.consolidation import keep_with_closed_site
        from sites.demo.seeders import register_seeder

        from . import demo
        from .models import SiteResult

        # A site's check results are its history: they stay with a closed site.
        keep_with_closed_site(SiteResult)
        register_seeder(self.label, demo.seed)
