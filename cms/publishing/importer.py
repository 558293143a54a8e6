"""Legacy import: articles from an old site, one JSON object a line, into a
column of a cluster site. Bodies go through the sanitiser; a line that cannot
be imported is reported with its number and reason and the others go on.

New pages are inserted in bulk, a batch at a time, but end up exactly as if
an editor had created and published each in the admin: a revision (the live
one when published), Wagtail's `wagtail.create` and `wagtail.publish` log
entries beside our `publishing.import` one, their references in the
reference index, both search indexes, and the static files of the page and of
everything that lists it. Per-page signals would cost several queries and a
queued task per article, so the batch does the same work once: it writes the
rows in bulk and sends `pages_published_in_bulk`, whose receivers (delivery,
search) record one render request per affected path and queue one index task
for the whole batch."""

import getpass
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from cms.pages.models import ArticlePage

from .models import ImportedArticle
from .sanitize import to_rich_text
from .signals import pages_published_in_bulk
from .tasks import index_imported_pages_task

BATCH_SIZE = 500
MAX_LINE_CHARS = 2_000_000
TEXT_LIMITS = {"source": 100, "author": 100, "doc_number": 60}


class LineError(ValueError):
    """A line that cannot be imported; the message says why, in Chinese."""


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    failed: int = 0
    errors: list = field(default_factory=list)  # (line number, reason)


@dataclass
class Article:
    line: int
    title: str
    body: str
    published_at: object
    source: str
    author: str
    doc_number: str
    external_id: str


def _text(data, key, limit=None, required=False):
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise LineError(_("缺少字段 %(key)s。") % {"key": key})
        return ""
    if not isinstance(value, str):
        raise LineError(_("字段 %(key)s 必须是字符串。") % {"key": key})
    value = " ".join(strip_tags(value).split())
    if required and not value:
        raise LineError(_("字段 %(key)s 为空。") % {"key": key})
    if limit and len(value) > limit:
        raise LineError(
            _("字段 %(key)s 超过 %(limit)d 个字符。") % {"key": key, "limit": limit}
        )
    return value


def _published_at(data, now):
    value = data.get("published_at")
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise LineError(_("published_at 必须是 ISO 8601 格式的字符串。"))
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - made aware below
    except ValueError as error:
        raise LineError(
            _("published_at 不是有效时间：%(value)s") % {"value": value[:40]}
        ) from error
    if moment is None:
        raise LineError(
            _("published_at 不是有效时间：%(value)s") % {"value": value[:40]}
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > now + timedelta(days=1):
        raise LineError(_("发布时间晚于当前时间，不能导入未来的发布时间。"))
    return moment


def parse_line(line_number, raw, now):
    """An Article from one line of the file, or LineError."""
    if len(raw) > MAX_LINE_CHARS:
        raise LineError(_("该行过长（超过 %(n)d 个字符）。") % {"n": MAX_LINE_CHARS})
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise LineError(_("JSON 格式错误：%(error)s") % {"error": error.msg}) from error
    if not isinstance(data, dict):
        raise LineError(_("每行必须是一个 JSON 对象。"))
    body = data.get("body")
    if body is None:
        raise LineError(_("缺少字段 %(key)s。") % {"key": "body"})
    if not isinstance(body, str):
        raise LineError(_("字段 %(key)s 必须是字符串。") % {"key": "body"})
    external_id = data.get("external_id")
    if external_id is not None and not isinstance(external_id, str | int):
        raise LineError(_("external_id 必须是字符串或整数。"))
    external_id = str(external_id).strip() if external_id is not None else ""
    if len(external_id) > 200:
        raise LineError(_("external_id 超过 200 个字符。"))
    return Article(
        line=line_number,
        title=_text(data, "title", limit=255, required=True),
        body=body,
        published_at=_published_at(data, now),
        external_id=external_id,
        **{key: _text(data, key, limit) for key, limit in TEXT_LIMITS.items()},
    )


class ArticleImporter:
    """Imports articles into `column` in batches; see import_lines()."""

    def __init__(self, column, publish=False, user=None, source_name=""):
        self.column = column
        self.site = column.get_site()
        self.publish = publish
        self.user = user
        self.source_name = source_name
        self.actor = user.get_username() if user else getpass.getuser()
        self.summary = ImportSummary()
        self.now = timezone.now()
        self.content_type = ContentType.objects.get_for_model(ArticlePage)
        self.uuid = uuid.uuid4()
        self.page_content_type = ContentType.objects.get_for_model(Page)
        self.slugs = set(Page.objects.child_of(column).values_list("slug", flat=True))

    def fail(self, line, reason):
        self.summary.failed += 1
        self.summary.errors.append((line, reason))

    def import_lines(self, lines, progress=None):
        """`lines` yields (line number, text). Returns the summary."""
        batch = []
        for line_number, raw in lines:
            if progress is not None:
                progress.update(1)
            if not raw.strip():
                continue
            try:
                batch.append(parse_line(line_number, raw, self.now))
            except LineError as error:
                self.fail(line_number, str(error))
            if len(batch) >= BATCH_SIZE:
                self.save_batch(batch)
                batch = []
        if batch:
            self.save_batch(batch)
        return self.summary

    @transaction.atomic
    def save_batch(self, articles):
        # The last article with an external id wins within a file as across runs.
        by_external_id = {a.external_id: a for a in articles if a.external_id}
        known = dict(
            ImportedArticle.objects.filter(
                site=self.site, external_id__in=by_external_id
            ).values_list("external_id", "page_id")
        )
        new, log_entries = [], []
        for article in articles:
            if (
                article.external_id
                and by_external_id[article.external_id] is not article
            ):
                # A later line of this batch carries the same external id.
                self.summary.updated += 1
                continue
            try:
                body = to_rich_text(article.body)
            except Exception as error:  # noqa: BLE001 - any parser failure is this line's problem
                self.fail(article.line, _("正文无法解析：%(error)s") % {"error": error})
                continue
            if article.external_id in known:
                page = self.update_page(known[article.external_id], article, body)
                if page is None:
                    self.fail(article.line, _("原导入页面已不存在。"))
                    continue
                self.summary.updated += 1
                log_entries.append(self.log_entry(page, article, created=False))
            else:
                new.append((article, body))
        pages = self.create_pages(new)
        for (article, _body), page in zip(new, pages, strict=True):
            log_entries += self.admin_log_entries(page)
            log_entries.append(self.log_entry(page, article, created=True))
        ImportedArticle.objects.bulk_create(
            [
                ImportedArticle(
                    site=self.site, external_id=article.external_id, page=page
                )
                for (article, _body), page in zip(new, pages, strict=True)
                if article.external_id
            ]
        )
        PageLogEntry.objects.bulk_create(log_entries)
        self.summary.created += len(pages)

    def _slug_for(self, article):
        base = slugify(article.external_id) or "article"
        base = base[:60]
        slug, n = base, 2
        if base == "article":
            slug = f"article-{uuid.uuid4().hex[:10]}"
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    def _fields(self, article, body):
        published_at = article.published_at or self.now
        return {
            "title": article.title,
            "draft_title": article.title,
            "body": body,
            "published_at": published_at,
            "source": article.source,
            "author": article.author,
            "doc_number": article.doc_number,
        }

    def create_pages(self, new):
        """Insert the new pages at the end of the column in bulk: the tree paths
        are computed once per batch, the page rows, the article rows and the
        revisions go in with one statement each, and the batch is announced
        once (`pages_published_in_bulk`) for the render requests and the
        public index. (Page.save() per article costs several queries, signal
        handlers and queued tasks each; thousands of legacy articles are
        imported at a time.)"""
        if not new:
            return []
        column = Page.objects.get(pk=self.column.pk)
        last = Page.objects.child_of(column).order_by("-path").first()
        step = Page._str2int(last.path[-Page.steplen :]) if last else 0
        depth = column.depth + 1
        base_rows, details = [], []
        for article, body in new:
            step += 1
            fields = self._fields(article, body)
            published_at = fields["published_at"]
            slug = self._slug_for(article)
            base_rows.append(
                Page(
                    title=article.title,
                    draft_title=article.title,
                    slug=slug,
                    path=Page._get_path(column.path, depth, step),
                    depth=depth,
                    numchild=0,
                    url_path=f"{column.url_path}{slug}/",
                    content_type=self.content_type,
                    live=self.publish,
                    has_unpublished_changes=not self.publish,
                    first_published_at=published_at if self.publish else None,
                    last_published_at=published_at if self.publish else None,
                    owner=self.user,
                    locale_id=column.locale_id,
                )
            )
            details.append(fields)
        Page.objects.bulk_create(base_rows)
        pages = [
            ArticlePage(page_ptr_id=base.pk, **base_fields(base), **fields)
            for base, fields in zip(base_rows, details, strict=True)
        ]
        _insert_child_rows(pages)
        Page.objects.filter(pk=column.pk).update(numchild=F("numchild") + len(pages))
        self.create_revisions(pages)
        index_references(pages)
        page_ids = [page.pk for page in pages]
        transaction.on_commit(lambda: index_imported_pages_task.enqueue(page_ids))
        if self.publish:
            pages_published_in_bulk.send(sender=ArticlePage, page_ids=page_ids)
        return pages

    def create_revisions(self, pages):
        """One revision per new page, as the admin's create view saves it
        (`save_revision`), made the live one when the page is published."""
        created_at = timezone.now()
        for page in pages:
            # A new page has no child rows (attachments, comments): say so, so
            # that serializable_data() does not ask the database per page.
            for relation in get_all_child_relations(page):
                setattr(page, relation.get_accessor_name(), [])
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=self.content_type,
                    base_content_type=self.page_content_type,
                    object_id=str(page.pk),
                    user=self.user,
                    created_at=created_at,
                    content=page.serializable_data(),
                    object_str=str(page),
                )
                for page in pages
            ]
        )
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = revision
            page.latest_revision_created_at = created_at
            page.live_revision = revision if self.publish else None
        Page.objects.bulk_update(
            pages,
            ["latest_revision", "latest_revision_created_at", "live_revision"],
            batch_size=BATCH_SIZE,
        )

    def update_page(self, page_id, article, body):
        page = ArticlePage.objects.filter(pk=page_id).first()
        if page is None:
            return None
        for name, value in self._fields(article, body).items():
            setattr(page, name, value)
        if self.publish or page.live:
            page.first_published_at = page.published_at
            # As an editor's edit and publish: both logged, page_published sent.
            revision = page.save_revision(user=self.user, log_action=True)
            revision.publish(user=self.user)
            # publish() keeps the first publication; the original time wins.
            ArticlePage.objects.filter(pk=page.pk).update(
                first_published_at=page.published_at
            )
        else:
            page.save_revision(user=self.user, log_action=True)
        return page

    def admin_log_entries(self, page):
        """The entries the admin writes for a page created (and published)
        there: `wagtail.create` (Page.save of a new page), `wagtail.edit`
        (its first revision) and `wagtail.publish` (that revision)."""
        actions = [("wagtail.create", None), ("wagtail.edit", page.latest_revision)]
        if self.publish:
            actions.append(("wagtail.publish", page.latest_revision))
        return [
            PageLogEntry(
                page_id=page.pk,
                content_type=self.content_type,
                label=page.get_admin_display_title(),
                action=action,
                timestamp=page.latest_revision_created_at,
                user=self.user,
                uuid=self.uuid,
                revision=revision,
                content_changed=True,
                data={},
            )
            for action, revision in actions
        ]

    def log_entry(self, page, article, created):
        return PageLogEntry(
            page_id=page.pk,
            content_type=self.content_type,
            label=page.title,
            action="publishing.import",
            timestamp=timezone.now(),
            user=self.user,
            uuid=self.uuid,
            content_changed=True,
            data={
                "file": self.source_name,
                "line": article.line,
                "external_id": article.external_id,
                "created": created,
                "published": bool(self.publish or page.live),
                "run_by": self.actor,
            },
        )


def index_references(pages):
    """Record the new pages' outbound references (images, documents, pages
    linked from the body, the owner) in Wagtail's reference index, as saving
    each page would (`ReferenceIndex.create_or_update_for_object`), with one
    INSERT for the batch: new pages have no earlier records to compare."""
    if not pages:
        return
    content_type = ContentType.objects.get_for_model(pages[0])
    base_content_type = ContentType.objects.get_for_model(Page)
    rows = [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=page.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        if ReferenceIndex.is_indexed(type(page))
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]
    ReferenceIndex.objects.bulk_create(
        rows, ignore_conflicts=connection.features.supports_ignore_conflicts
    )


def base_fields(base):
    """The Page fields of a bulk-created page row, for its ArticlePage object."""
    return {
        field.attname: getattr(base, field.attname)
        for field in Page._meta.concrete_fields
        if field.attname not in ("title", "draft_title")
    }


def _insert_child_rows(pages):
    """INSERT the ArticlePage table's own columns for pages whose Page rows
    exist already (Django's bulk_create does not do multi-table models)."""
    fields = ArticlePage._meta.local_concrete_fields
    table = connection.ops.quote_name(ArticlePage._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    rows = [
        [
            field.get_db_prep_save(getattr(page, field.attname), connection)
            for field in fields
        ]
        for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names from model metadata
            rows,
        )
    for page in pages:
        page._state.adding = False
        page._state.db = connection.alias
