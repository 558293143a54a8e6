"""Static publishing: published pages rendered to files that nginx serves.

Layout: STATIC_PUBLISH_ROOT/<hostname>/<path>/index.html for page paths (ending
in "/"), page N>1 of a listing in index-page-N.html next to it, and
STATIC_PUBLISH_ROOT/<hostname>/<path> for other paths (sitemap.xml, feed.xml).

A path is rendered through Django's own request handling (middleware, site
routing, templates) exactly as an anonymous reader would get it. Only responses
that are safe to share are written: status 200, no cookie set, not marked
private or uncacheable. Anything else (a redirect, a 404, a page with a form
and its CSRF token, a login-restricted page) has its file removed so nginx
hands the request to Django.

Paths are rendered in batches (`StaticRenderer.start_batch`, then
`render_first` / `render_listing` for each path; `render` is a batch of one):
what the pages of a batch share is looked up once (cms/delivery/batch.py),
and the bytes are still those of Django's request path."""

import fcntl
import logging
import math
import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Page, Site

from cms.pages.models import ColumnPage

from .affected import page_path_on_site
from .batch import RenderBatch
from .models import StaticRenderRequest

logger = logging.getLogger("govcluster.delivery")

UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")
LISTING_PAGE_FILE = "index-page-{number}.html"
# Paths rendered in one batch: the render task's batches (a publish made
# during a long render waits for one batch) and `publish_static`'s.
RENDER_BATCH_SIZE = 25


def publish_root():
    return Path(settings.STATIC_PUBLISH_ROOT)


def is_dynamic_path(path):
    """Paths that never get a static file (search, forms, APIs, the admin)."""
    return any(
        path.startswith(prefix) for prefix in settings.STATIC_PUBLISH_DYNAMIC_PREFIXES
    )


def file_for(hostname, path, page_number=1):
    """The file that holds `path` of `hostname`; refuses anything that would
    leave the host's directory."""
    host_dir = publish_root() / hostname.lower()
    relative = path.lstrip("/")
    if path.endswith("/"):
        name = (
            "index.html"
            if page_number == 1
            else LISTING_PAGE_FILE.format(number=page_number)
        )
        relative += name
    target = (host_dir / relative).resolve()
    if (
        not target.is_relative_to(host_dir.resolve())
        or "/" in hostname
        or ".." in hostname
    ):
        raise ValueError(f"unsafe static path {hostname}{path}")
    return target


def write_atomically(target, content):
    """Write to a temporary file beside `target`, then rename over it: a
    reader sees the old file or the new one, never half of either."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_file(target):
    removed = target.exists()
    target.unlink(missing_ok=True)
    return removed


@dataclass
class RenderOutcome:
    written: list = field(default_factory=list)
    removed: list = field(default_factory=list)

    def merge(self, other):
        self.written += other.written
        self.removed += other.removed


class StaticRenderer:
    """Renders public paths through the full Django stack, as an anonymous GET,
    one batch at a time (`start_batch`)."""

    def __init__(self):
        self.handler = BaseHandler()
        self.handler.load_middleware()
        self.factory = RequestFactory()
        self.secure = settings.STATIC_PUBLISH_HTTPS
        # None outside a batch: then each fetch shares nothing.
        self.batch = None

    def start_batch(self, pairs):
        """Start a batch of renders of these (hostname, path) pairs: forget
        everything the previous batch shared and find their pages at once."""
        self.batch = RenderBatch(self.secure)
        by_host = {}
        for hostname, path in pairs:
            by_host.setdefault(hostname, []).append(path)
        for hostname, paths in by_host.items():
            self.batch.prefetch_routes(hostname, paths)

    def fetch(self, hostname, path, query=None):
        request = self.factory.get(
            path, data=query or {}, HTTP_HOST=hostname, secure=self.secure
        )
        batch = self.batch or RenderBatch(self.secure)
        batch.prime(request, hostname, path)
        response = self.handler.get_response(request)
        batch.keep_site_caches(request, hostname)
        if response.streaming:
            content = b"".join(response.streaming_content)
        else:
            content = response.content
        return response, content

    @staticmethod
    def is_shareable(response):
        if response.status_code != 200 or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        return not any(word in cache_control for word in UNCACHEABLE_DIRECTIVES)

    def listing_pages(self, hostname, path):
        """How many pages the listing at `path` has (1 for non-listings)."""
        column = self.batch.page(hostname, path) if self.batch else None
        if column is None:
            site = (
                Site.objects.filter(hostname=hostname)
                .select_related("root_page")
                .first()
            )
            if site is None:
                return 1
            url_path = site.root_page.url_path + path.lstrip("/")
            column = ColumnPage.objects.filter(url_path=url_path).first()
        if not isinstance(column, ColumnPage):
            return 1
        items = (
            Page.objects.child_of(column).live().public().not_type(ColumnPage).count()
        )
        return max(1, math.ceil(items / settings.PORTAL_COLUMN_PAGE_SIZE))

    def render(self, hostname, path, dry_run=False):
        """Bring the files of one path in line with what Django serves now
        (a batch of one)."""
        self.start_batch([(hostname, path)])
        return self.render_in_batch(hostname, path, dry_run)

    def render_in_batch(self, hostname, path, dry_run=False):
        """`render` for a path of the batch begun by `start_batch`."""
        outcome, listing_pages = self.render_first(hostname, path, dry_run)
        outcome.merge(self.render_listing(hostname, path, listing_pages, dry_run))
        return outcome

    def render_first(self, hostname, path, dry_run=False):
        """The file readers see first (the page, page 1 of a listing, sitemap).
        Returns the outcome and how many listing pages `path` has (0 when
        there is nothing more to render for it)."""
        outcome = RenderOutcome()
        first = file_for(hostname, path)
        if is_dynamic_path(path):
            if not dry_run and remove_file(first):
                outcome.removed.append(first)
            return outcome, 0
        response, content = self.fetch(hostname, path)
        if not self.is_shareable(response):
            if not dry_run:
                for stale in self._listing_files(first):
                    remove_file(stale)
                if remove_file(first):
                    outcome.removed.append(first)
            return outcome, 0
        if not dry_run:
            write_atomically(first, content)
        outcome.written.append(first)
        if not path.endswith("/"):
            return outcome, 0
        return outcome, self.listing_pages(hostname, path)

    def render_listing(self, hostname, path, count, dry_run=False):
        """Pages 2..`count` of the listing at `path`, and removal of pages
        beyond it. Does nothing for `count` 0 (not a page, or not shareable)."""
        outcome = RenderOutcome()
        if not count:
            return outcome
        first = file_for(hostname, path)
        for number in range(2, count + 1):
            response, content = self.fetch(hostname, path, {"page": number})
            target = file_for(hostname, path, number)
            if self.is_shareable(response):
                if not dry_run:
                    write_atomically(target, content)
                outcome.written.append(target)
        if not dry_run:
            for stale in self._listing_files(first, beyond=count):
                remove_file(stale)
                outcome.removed.append(stale)
        return outcome

    @staticmethod
    def _listing_files(index_file, beyond=1):
        prefix = "index-page-"
        if not index_file.parent.is_dir():
            return []
        stale = []
        for candidate in index_file.parent.glob(prefix + "*.html"):
            number = candidate.name.removeprefix(prefix).removesuffix(".html")
            if number.isdigit() and int(number) > beyond:
                stale.append(candidate)
        return stale


# Renders asked for `later` are recorded this much after the change itself.
LATER_RENDER_DELAY = timedelta(milliseconds=1)


def request_renders(pairs, later=False):
    """Record that these (hostname, path) pairs must be re-rendered. Call inside
    the transaction that changes the content, so both commit together. `later`
    pairs (an article's neighbours, whose 上一篇/下一篇 links change) are
    rendered after the pages that show the change itself."""
    pairs = {(host, path) for host, path in pairs if not is_dynamic_path(path)}
    if not pairs:
        return 0
    now = timezone.now() + (LATER_RENDER_DELAY if later else timedelta(0))
    # Rows of one request time are rendered in id order: sorted, a column's
    # pages land in the same render batch and share its lookups.
    StaticRenderRequest.objects.bulk_create(
        [
            StaticRenderRequest(hostname=host, path=path, requested_at=now)
            for host, path in sorted(pairs)
        ],
        update_conflicts=True,
        unique_fields=["hostname", "path"],
        update_fields=["requested_at"],
        batch_size=500,
    )
    return len(pairs)


@contextmanager
def publisher_lock():
    """One drainer at a time on this machine, so two workers never race to
    write an older and a newer version of the same file."""
    root = publish_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".publish.lock", "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def render_order(row):
    """Pages before the site-wide paths (sitemap, feed, site map, favicon);
    among pages, oldest publish first and, within one publish, the page
    itself, then the columns above it, then the home page."""
    if not row.path.endswith("/") or row.path in settings.STATIC_PUBLISH_SITE_PATHS:
        return (1, row.requested_at, 0)
    return (0, row.requested_at, -row.path.count("/"))


def remove_dead_temporaries():
    """Temporary files of writers killed between writing and renaming (they
    are never served: nginx looks for index.html). Call with the publisher
    lock held, when no writer on this machine can be alive."""
    removed = []
    for temporary in publish_root().rglob(".tmp-*.part"):
        temporary.unlink(missing_ok=True)
        removed.append(temporary)
    return removed


def drain_pending(
    batch_size=RENDER_BATCH_SIZE, max_batches=100_000, progress=None, after_crash=False
):
    """Render every pending request, oldest publish first, in small batches so
    a publish made while a long render runs waits for one batch, not for all.

    Within a batch the files readers look at land first: every page (page 1
    of every listing, the home page), then sitemap and feed, then the further
    pages of the listings. A row is deleted only when all its files are in
    place and nobody re-requested the path meanwhile (then it stays for the
    next round), so an interrupted run leaves the work for the next one.
    `after_crash` (a worker's start, the periodic sweep) also removes the
    temporary files of a killed writer."""
    outcome = RenderOutcome()
    renderer = StaticRenderer()
    failed = set()
    with publisher_lock():
        if after_crash:
            outcome.removed += remove_dead_temporaries()
        for _batch in range(max_batches):
            rows = sorted(
                StaticRenderRequest.objects.exclude(pk__in=failed).order_by(
                    "requested_at", "pk"
                )[:batch_size],
                key=render_order,
            )
            if not rows:
                break
            renderer.start_batch((row.hostname, row.path) for row in rows)
            listing_pages = {}
            for row in rows:
                try:
                    first, listing_pages[row.pk] = renderer.render_first(
                        row.hostname, row.path
                    )
                except Exception:
                    # Keep the row for the next run; one broken page must not
                    # hold back the rest of the cluster.
                    logger.exception(
                        "static render failed: %s%s", row.hostname, row.path
                    )
                    failed.add(row.pk)
                    continue
                outcome.merge(first)
            for row in rows:
                if row.pk in failed:
                    continue
                try:
                    outcome.merge(
                        renderer.render_listing(
                            row.hostname, row.path, listing_pages[row.pk]
                        )
                    )
                except Exception:
                    logger.exception(
                        "static render failed: %s%s", row.hostname, row.path
                    )
                    failed.add(row.pk)
                    continue
                StaticRenderRequest.objects.filter(
                    pk=row.pk, requested_at=row.requested_at
                ).delete()
                if progress is not None:
                    progress.update(1)
    return outcome


def site_paths(site):
    """Every page path of `site` plus its site-wide paths."""
    from .affected import whole_site_paths

    return sorted(whole_site_paths(site))


def schedule_render_task():
    """Queue the background render once the current transaction commits,
    unless a render task is already waiting: that one will find these
    requests too, since it reads the pending rows only when it starts."""
    transaction.on_commit(_enqueue_unless_waiting)


def _enqueue_unless_waiting():
    from .tasks import render_pending

    if render_task_waiting(render_pending):
        return
    render_pending.enqueue()


def render_task_waiting(task):
    backend = task.get_backend()
    if not backend.__class__.__module__.startswith("django_tasks_db"):
        return False
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.ready()
        .filter(task_path=task.module_path, backend_name=backend.alias)
        .exists()
    )


def host_directory(hostname):
    """The directory of `hostname`'s published files; refuses a hostname
    that would leave the published root."""
    if not hostname or "/" in hostname or hostname.startswith("."):
        raise ValueError(f"unsafe hostname {hostname!r}")
    return publish_root() / hostname.lower()


def withdraw_site_files(hostname):
    """Take every published file of `hostname` out of nginx's reach at once
    (a closed site: from now on nginx hands each of its paths to Django,
    which answers with the redirect), then delete them. Returns how many
    files were removed.

    The directory is renamed away in one step, so no reader ever sees part
    of the site; a renderer that was writing one of its files at that moment
    may create the directory again with that file, which is why the
    `withdraw_site_files_task` repeats this under the publisher lock."""
    host_dir = host_directory(hostname)
    withdrawn = publish_root() / f".withdrawn-{secrets.token_hex(6)}"
    try:
        os.rename(host_dir, withdrawn)
    except FileNotFoundError:
        return 0
    removed = sum(1 for entry in withdrawn.rglob("*") if not entry.is_dir())
    shutil.rmtree(withdrawn, ignore_errors=True)
    return removed


def hostnames():
    return list(Site.objects.order_by("hostname").values_list("hostname", flat=True))


__all__ = [
    "StaticRenderer",
    "drain_pending",
    "file_for",
    "page_path_on_site",
    "request_renders",
    "schedule_render_task",
    "withdraw_site_files",
    "write_atomically",
]
