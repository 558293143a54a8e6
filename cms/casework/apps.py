from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    """Machinery shared by every kind of case the public files (letters to a
    mailbox, disclosure applications): the working-day calendar and deadline
    queries, tracking codes, spreadsheet-safe export. It imports no other app
    of the project, so every app may import it."""

    name = "cms.casework"
    label = "casework"
    verbose_name = _("办件")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
