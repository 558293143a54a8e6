from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    label = "disclosure"
    verbose_name = _("政府信息公开")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.casework.recalculation import register_due_date_recalculator
        from monitoring import registry
        from sites.demo.seeders import register_seeder

        from . import demo, handling, signals  # noqa: F401
        from .lateness import late_documents_of_sites
        from .report_deadlines import report_publications

        registry.register(registry.LATE_DOCUMENTS, late_documents_of_sites)
        registry.register(registry.ANNUAL_REPORT_PUBLICATION, report_publications)
        register_seeder(self.label, demo.seed)
        register_due_date_recalculator(handling.recalculate_for_calendar)
