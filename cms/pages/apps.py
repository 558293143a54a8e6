from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "cms.pages"
    label = "pages"
    verbose_name = _("页面")
    default_auto_field = "django.db.models.BigAutoField"
    # The page types are the bottom of the content core: this app imports no
    # other app of the project (sites registers the pages' demo seeder).
