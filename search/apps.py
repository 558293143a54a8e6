from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "govsearch"
    verbose_name = _("站群搜索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import demo, signals
        from search.models import SearchDocument
        from sites.consolidation import keep_with_closed_site
        from sites.demo.seeders import register_seeder

        signals.connect()
        # Consolidation must not move the public index's rows by their site
        # key alone (the bitmaps and addresses would not follow): the
        # site_consolidated receiver relocates them (signals.site_moved_in).
        keep_with_closed_site(SearchDocument)
        register_seeder(self.label, demo.seed)
