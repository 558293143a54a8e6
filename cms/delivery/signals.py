"""Content changes that make static files stale: each records the affected
paths inside its own transaction and queues the render task for after commit."""

from functools import partial

from django.db import transaction
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
from sites.consolidation import consolidating
from sites.models import SiteProfile
from sites.signals import site_consolidated

from .affected import (
    neighbour_paths,
    page_path_on_site,
    paths_for_page,
    paths_for_pages_in_bulk,
    paths_for_site,
    site_for_page,
    site_wide_paths,
)
from .models import StaticRenderRequest
from .publisher import request_renders, schedule_render_task, withdraw_site_files
from .tasks import withdraw_site_files_task


def _changed(pairs, later=False):
    # A consolidation asks for its renders once, in on_site_consolidated.
    if consolidating():
        return
    if request_renders(pairs, later=later):
        schedule_render_task()


def on_site_consolidated(
    sender, source_site, target_site, section, moved_page_ids, notice, **kwargs
):
    """A closed site moved into `target_site` (sites/consolidation.py).

    The closed site's files go as soon as the move commits, so nginx hands
    its paths to Django, which answers with the permanent redirects; its
    pending renders would only find redirects and are dropped. On the target
    site exactly what shows the change is rendered: the columns above the new
    section (its listing appears there; the section is not in the navigation)
    and the site-wide paths, the notice with its column, first; then the
    section and every moved page at their new addresses (until then nginx
    hands them to Django, which serves them)."""
    StaticRenderRequest.objects.filter(hostname=source_site.hostname).delete()
    transaction.on_commit(partial(withdraw_site_files, source_site.hostname))
    transaction.on_commit(
        partial(withdraw_site_files_task.enqueue, source_site.hostname)
    )
    host = target_site.hostname
    root_depth = target_site.root_page.depth
    showing = {
        (host, page_path_on_site(ancestor, target_site))
        for ancestor in section.get_ancestors().filter(depth__gte=root_depth)
    }
    showing |= {(host, path) for path in site_wide_paths()}
    showing |= paths_for_page(notice, include_aliases=False)
    request_renders(showing)
    moved = {
        (host, page_path_on_site(page, target_site))
        for page in section.get_descendants(inclusive=True).only("url_path", "path")
    }
    request_renders(moved | neighbour_paths(notice), later=True)
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
    site_consolidated.connect(
        on_site_consolidated, dispatch_uid="delivery_consolidated"
    )
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
