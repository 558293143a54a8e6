from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusterConfig(AppConfig):
    # "sites" would clash with django.contrib.sites; the label names what it holds.
    name = "sites"
    label = "cluster"
    verbose_name = _("站群")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.pages import demo as pages_demo

        from .demo.seeders import register_seeder
        from .permissions import install_cluster_policies

        install_cluster_policies()
        # The page types' demo content: cms.pages sits below sites and does
        # not import it, so its seeder is registered here.
        register_seeder("pages", pages_demo.seed)
