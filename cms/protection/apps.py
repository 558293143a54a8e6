from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    """What guards the public forms and APIs: the captcha and the rate limit."""

    name = "cms.protection"
    label = "protection"
    verbose_name = _("公开表单防护")
