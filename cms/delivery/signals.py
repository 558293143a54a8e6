"""Content changes that make static files stale: each records the affected
paths inside its own transaction and queues the render task for after commit."""

from django.db.models.signals import post_save, pre_delete
from wagtail.models import Page, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from cms.pages.models import SiteBranding
from cms.publishing.signals import pages_published_in_bulk
from sites.models import SiteProfile

from .affected import (
    neighbour_paths,
    paths_for_page,
    paths_for_pages_in_bulk,
    paths_for_site,
    site_for_page,
)
from .publisher import request_renders, schedule_render_task


def _changed(pairs, later=False):
    if request_renders(pairs, later=later):
        schedule_render_task()


def on_page_published(sender, instance, **kwargs):
    _changed(paths_for_page(instance))
    _changed(neighbour_paths(instance), later=True)


def on_pages_published_in_bulk(sender, page_ids, **kwargs):
    """An import's batch: the same paths as publishing each page, one render
    request per path for the whole batch."""
    paths, neighbours = paths_for_pages_in_bulk(Page.objects.filter(pk__in=page_ids))
    _changed(paths)
    _changed(neighbours, later=True)


def on_page_unpublished(sender, instance, **kwargs):
    _changed(paths_for_page(instance))
    _changed(neighbour_paths(instance), later=True)


def on_page_moving(sender, instance, url_path_before, **kwargs):
    # Old location: the page and everything below it vanish from there, and
    # the old column listings lose an item.
    _changed(paths_for_page(instance, url_path=url_path_before))
    _changed(neighbour_paths(instance), later=True)


def on_page_moved(sender, instance, **kwargs):
    _changed(paths_for_page(instance))
    _changed(neighbour_paths(instance), later=True)


def on_page_deleting(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.depth and instance.depth > 1:
        _changed(paths_for_page(instance))
        _changed(neighbour_paths(instance), later=True)


def on_site_setting_saved(sender, instance, created=False, raw=False, **kwargs):
    """Site profiles (footer) and branding appear on every page of a site.
    A freshly created row holds defaults the pages already show (rendering
    creates the branding row on first use), so only edits count."""
    if created or raw:
        return
    site = getattr(instance, "site", None)
    if site is not None and site.pk:
        _changed(paths_for_site(site))


def on_site_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata (restore): `publish_static --all` follows
        return
    _changed(paths_for_site(instance))


def connect():
    page_published.connect(on_page_published, dispatch_uid="delivery_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="delivery_unpublished")
    pages_published_in_bulk.connect(
        on_pages_published_in_bulk, dispatch_uid="delivery_published_in_bulk"
    )
    pre_page_move.connect(on_page_moving, dispatch_uid="delivery_moving")
    post_page_move.connect(on_page_moved, dispatch_uid="delivery_moved")
    pre_delete.connect(on_page_deleting, dispatch_uid="delivery_deleting")
    post_save.connect(on_site_saved, sender=Site, dispatch_uid="delivery_site")
    for model in (SiteProfile, SiteBranding):
        post_save.connect(
            on_site_setting_saved,
            sender=model,
            dispatch_uid=f"delivery_{model.__name__}",
        )


__all__ = ["connect", "site_for_page"]
