from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusterConfig(AppConfig):
    # "sites" would clash with django.contrib.sites; the label names what it holds.
    name = "sites"
    label = "cluster"
    verbose_name = _("站群")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .permissions import install_cluster_policies

        install_cluster_policies()
