from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    """Leader mailboxes and consultations, solicitations, online interviews."""

    name = "interaction"
    label = "interaction"
    verbose_name = _("互动交流")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.casework.recalculation import register_due_date_recalculator
        from cms.pages.home_blocks import register_block_items
        from monitoring import registry
        from sites.demo.seeders import register_seeder

        from . import demo, handling, signals  # noqa: F401
        from .home_block import published_letters
        from .metrics import consultation_health_of_sites

        registry.register(registry.CONSULTATION_HEALTH, consultation_health_of_sites)
        register_seeder(self.label, demo.seed)
        register_due_date_recalculator(handling.recalculate_for_calendar)
        register_block_items(published_letters)
