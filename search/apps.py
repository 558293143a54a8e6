from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "govsearch"
    verbose_name = _("站群搜索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import demo, signals
        from sites.demo.seeders import register_seeder

        signals.connect()
        register_seeder(self.label, demo.seed)
