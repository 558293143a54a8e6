from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Review workflow, content checks, syndication, sanitising, legacy import."""

    name = "cms.publishing"
    label = "publishing"
    verbose_name = _("发布管理")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import pre_delete
        from wagtail.models import Page
        from wagtail.signals import page_published

        from monitoring import registry
        from sites.demo.seeders import register_seeder
        from sites.signals import site_provisioned

        from . import demo
        from .checks import matchers_for_sites, rich_text_prose
        from .provisioning import on_site_provisioned
        from .syndication import on_page_deleted, on_page_published

        site_provisioned.connect(
            on_site_provisioned, dispatch_uid="publishing_site_provisioned"
        )
        page_published.connect(
            on_page_published, dispatch_uid="publishing_push_reviewed"
        )
        pre_delete.connect(
            on_page_deleted, sender=Page, dispatch_uid="publishing_push_deleted"
        )
        registry.register(registry.CONTENT_MATCHER, matchers_for_sites)
        registry.register(registry.RICH_TEXT_READER, rich_text_prose)
        register_seeder(self.label, demo.seed)
