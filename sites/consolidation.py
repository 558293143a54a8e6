"""Shutting a site and moving it up into its superior's site (关停上移).

Every page (with its revisions: pages are moved, not copied) goes into a new
section of the target site named after the closed site; every old URL gets a
permanent redirect served on the old hostname (the old Site stays, its home
page unpublished so every path falls through to the RedirectMiddleware); rows
of other apps owned by the site move to the target; the media collection moves
under the target's collection; the old editors become contributors of the new
section; the profile is marked closed; a notice is posted on the target's
notices column. All in one transaction.

The areas that keep copies of pages (static files, search indexes) do their
part for the whole site at once, on the `site_consolidated` signal, instead of
once per moved page: see docs/monitoring.md, "Consolidation"."""

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupPagePermission, Page, Site

from cms.pages.models import ArticlePage, ColumnKind, ColumnPage
from sites.models import SiteProfile, SiteStatus
from sites.signals import site_consolidated

CONTRIBUTOR_PAGE_PERMISSIONS = ("add", "change")

# (model, field name) pairs registered by apps whose site-owned rows are not
# found by the generic rule (a foreign key to Site or SiteProfile).
_registered_site_owned = []
# Models whose site foreign keys record history and stay with the closed site;
# other apps add theirs with keep_with_closed_site().
KEEP_WITH_CLOSED_SITE = {
    ("cluster", "siteprofile"),
    ("wagtailredirects", "redirect"),
}


def register_site_owned(model, field_name):
    """Let an app declare that `model.field_name` points at the site owning a
    row, so consolidation moves such rows to the target site."""
    _registered_site_owned.append((model, field_name))


def keep_with_closed_site(model):
    """Let an app declare that `model`'s site foreign keys record history, so
    its rows stay with the closed site instead of moving to the target."""
    KEEP_WITH_CLOSED_SITE.add((model._meta.app_label, model._meta.model_name))


_consolidating = threading.local()


def consolidating():
    """True while consolidate() runs in this thread: receivers of Wagtail's
    per-page publish and move signals then leave their work to the
    `site_consolidated` signal, which covers the whole site in bulk."""
    return getattr(_consolidating, "active", False)


@contextmanager
def _bulk_signals():
    _consolidating.active = True
    try:
        yield
    finally:
        _consolidating.active = False


class ConsolidationError(Exception):
    """The consolidation cannot be carried out; nothing was changed."""


def site_owned_fields():
    """[(model, field)] of every foreign key (not one-to-one: a per-site setting
    stays with its site) to Site or SiteProfile, plus registered ones."""
    found = []
    for model in apps.get_models():
        if (model._meta.app_label, model._meta.model_name) in KEEP_WITH_CLOSED_SITE:
            continue
        for model_field in model._meta.fields:
            if (
                isinstance(model_field, models.ForeignKey)
                and not model_field.one_to_one
                and model_field.related_model in (Site, SiteProfile)
            ):
                found.append((model, model_field))
    for model, field_name in _registered_site_owned:
        found.append((model, model._meta.get_field(field_name)))
    return found


@dataclass
class Plan:
    source: SiteProfile
    target: SiteProfile
    parent: Page
    section_title: str
    section_slug: str
    notices: ColumnPage
    pages: list = field(default_factory=list)  # (id, title, old path)
    images: int = 0
    documents: int = 0
    users: list = field(default_factory=list)
    owned_rows: dict = field(default_factory=dict)  # "app.model.field" -> count
    subordinates: list = field(default_factory=list)

    @property
    def redirect_count(self):
        return len(self.pages) + 1  # every live page plus the homepage

    def lines(self):
        source, target = self.source, self.target
        lines = [
            _("关停站点 %(source)s（%(name)s），内容迁入 %(target)s（%(tname)s）。")
            % {
                "source": source.site.hostname,
                "name": source.name,
                "target": target.site.hostname,
                "tname": target.name,
            },
            _("新建栏目“%(title)s”：%(url)s")
            % {
                "title": self.section_title,
                "url": target.site.root_url
                + self.parent.url_path[len(target.site.root_page.url_path) - 1 :]
                + self.section_slug
                + "/",
            },
            _("迁移页面 %(n)d 个（保留全部修订版本）。") % {"n": len(self.pages)},
            _("媒体：图片 %(images)d 个、文档 %(docs)d 个（媒体集合移入上级集合）。")
            % {"images": self.images, "docs": self.documents},
            _("创建永久重定向 %(n)d 条（含首页）。") % {"n": self.redirect_count},
            _("原编辑转为新栏目投稿人：%(users)s")
            % {"users": "、".join(self.users) or "-"},
        ]
        for label, count in sorted(self.owned_rows.items()):
            lines.append(
                _("迁移 %(label)s 记录 %(n)d 条。") % {"label": label, "n": count}
            )
        if self.subordinates:
            lines.append(
                _("下级站点改隶 %(target)s：%(hosts)s")
                % {
                    "target": target.site.hostname,
                    "hosts": "、".join(self.subordinates),
                }
            )
        lines.append(
            _("在 %(column)s 发布关停公告；站点标记为已关停。")
            % {"column": self.notices.title}
        )
        return lines


def _site_relative_path(home_url_path, url_path):
    return Redirect.normalise_path("/" + url_path[len(home_url_path) :])


def plan_consolidation(source_host, target_host, under=None):
    """Check the request and describe what consolidation would do."""
    profiles = SiteProfile.objects.with_site().select_related("site__root_page")
    try:
        source = profiles.get(site__hostname=source_host)
    except SiteProfile.DoesNotExist as error:
        raise ConsolidationError(
            _("站点 %(host)s 不存在。") % {"host": source_host}
        ) from error
    try:
        target = profiles.get(site__hostname=target_host)
    except SiteProfile.DoesNotExist as error:
        raise ConsolidationError(
            _("目标站点 %(host)s 不存在。") % {"host": target_host}
        ) from error
    if source.pk == target.pk:
        raise ConsolidationError(_("不能把站点迁入它自己。"))
    if source.is_closed:
        raise ConsolidationError(
            _("站点 %(host)s 已于 %(date)s 关停。")
            % {"host": source_host, "date": source.closed_on}
        )
    if target.is_closed:
        raise ConsolidationError(
            _("目标站点 %(host)s 已关停。") % {"host": target_host}
        )
    if any(profile.pk == source.pk for profile in target.ancestors()):
        raise ConsolidationError(_("不能把站点迁入它自己的下级站点。"))
    if target.collection is None or source.collection is None:
        raise ConsolidationError(_("源站点或目标站点没有媒体集合。"))
    target_home = target.site.root_page
    parent = target_home
    if under:
        parent = (
            ColumnPage.objects.descendant_of(target_home).filter(slug=under).first()
        )
        if parent is None:
            raise ConsolidationError(
                _("目标站点 %(host)s 没有路径名为“%(slug)s”的栏目。")
                % {"host": target_host, "slug": under}
            )
    section_slug = source.site.hostname.split(".")[0]
    if Page.objects.child_of(parent).filter(slug=section_slug).exists():
        raise ConsolidationError(
            _("“%(parent)s”下已有路径名为“%(slug)s”的页面。")
            % {"parent": parent.title, "slug": section_slug}
        )
    notices = (
        ColumnPage.objects.child_of(target_home).filter(kind=ColumnKind.NOTICE).first()
    )
    if notices is None:
        raise ConsolidationError(
            _("目标站点 %(host)s 没有通知公告栏目，无法发布关停公告。")
            % {"host": target_host}
        )
    home = source.site.root_page
    plan = Plan(
        source=source,
        target=target,
        parent=parent,
        section_title=source.name,
        section_slug=section_slug,
        notices=notices,
    )
    plan.pages = [
        (page_id, title, _site_relative_path(home.url_path, url_path))
        for page_id, title, url_path in Page.objects.descendant_of(home)
        .filter(live=True)
        .order_by("path")
        .values_list("id", "title", "url_path")
    ]
    plan.images = get_image_model().objects.filter(collection=source.collection).count()
    plan.documents = (
        get_document_model().objects.filter(collection=source.collection).count()
    )
    groups = [g for g in (source.editors_group, source.reviewers_group) if g]
    plan.users = list(
        get_user_model()
        .objects.filter(groups__in=groups)
        .distinct()
        .order_by("username")
        .values_list("username", flat=True)
    )
    for model, model_field in site_owned_fields():
        owner = source.site if model_field.related_model is Site else source
        count = model._default_manager.filter(**{model_field.name: owner}).count()
        if count:
            plan.owned_rows[f"{model._meta.label}.{model_field.name}"] = count
    plan.subordinates = [profile.site.hostname for profile in source.subordinates.all()]
    return plan


def consolidate(plan, today=None):
    """Carry out `plan` in one transaction; a failure leaves everything as it was."""
    today = today or timezone.localdate()
    source, target = plan.source, plan.target
    with transaction.atomic(), _bulk_signals():
        home = Page.objects.get(pk=source.site.root_page_id).specific
        section = ColumnPage(
            title=plan.section_title,
            slug=plan.section_slug,
            kind=ColumnKind.OTHER,
            intro=getattr(home, "intro", ""),
        )
        Page.objects.get(pk=plan.parent.pk).add_child(instance=section)
        section.save_revision().publish()
        for child in Page.objects.child_of(home).order_by("path"):
            child.move(Page.objects.get(pk=section.pk), pos="last-child")
        _create_redirects(plan, source.site, section)
        home.refresh_from_db()
        home.live = False
        home.has_unpublished_changes = True
        home.save(update_fields=["live", "has_unpublished_changes"], clean=False)
        _move_owned_rows(source, target)
        source_collection = Collection.objects.get(pk=source.collection_id)
        source_collection.move(
            Collection.objects.get(pk=target.collection_id), pos="sorted-child"
        )
        SiteProfile.objects.filter(superior=source).update(superior=target)
        _make_contributors(source, home, section)
        SiteProfile.objects.filter(pk=source.pk).update(
            status=SiteStatus.CLOSED, closed_on=today, merged_into=target
        )
        notice = _post_notice(plan, section, today)
        site_consolidated.send(
            sender=SiteProfile,
            source_site=source.site,
            target_site=target.site,
            section=section,
            moved_page_ids=list(
                Page.objects.descendant_of(section, inclusive=True).values_list(
                    "pk", flat=True
                )
            ),
            notice=notice,
        )
    return section


def _create_redirects(plan, old_site, section):
    redirects = [
        Redirect(
            site=old_site,
            old_path=old_path,
            redirect_page_id=page_id,
            is_permanent=True,
        )
        for page_id, _title, old_path in plan.pages
    ]
    redirects.append(
        Redirect(site=old_site, old_path="/", redirect_page=section, is_permanent=True)
    )
    Redirect.objects.filter(
        site=old_site, old_path__in=[r.old_path for r in redirects]
    ).delete()
    Redirect.objects.bulk_create(redirects, batch_size=2000)


def _unique_partners(model, field_name):
    """The other fields of each unconditional unique set of `model` that
    includes `field_name` (e.g. a department's name, unique per site)."""
    sets = [tuple(fields) for fields in model._meta.unique_together]
    sets += [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and constraint.fields
        and constraint.condition is None
    ]
    return [
        [name for name in fields if name != field_name]
        for fields in sets
        if field_name in fields
    ]


def _merge_into(model, duplicate, kept):
    """Point every row referring to `duplicate` at `kept` (same unique key on
    the target site: the same department, the same push), then delete it."""
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            continue
        relation.related_model._default_manager.filter(
            **{relation.field.name: duplicate}
        ).update(**{relation.field.name: kept})
    for m2m in model._meta.many_to_many:
        getattr(kept, m2m.name).add(*getattr(duplicate, m2m.name).all())
    duplicate.delete()


def _move_owned_rows(source, target):
    for model, model_field in site_owned_fields():
        from_owner, to_owner = (
            (source.site, target.site)
            if model_field.related_model is Site
            else (source, target)
        )
        manager = model._default_manager
        for partners in _unique_partners(model, model_field.name):
            # A row the target already has under the same key is merged.
            for row in manager.filter(**{model_field.name: from_owner}):
                attnames = [model._meta.get_field(name).attname for name in partners]
                key = {name: getattr(row, name) for name in attnames}
                kept = manager.filter(**{model_field.name: to_owner}, **key).first()
                if kept is not None:
                    _merge_into(model, row, kept)
        manager.filter(**{model_field.name: from_owner}).update(
            **{model_field.name: to_owner}
        )


def _make_contributors(source, home, section):
    """The closed site's editors and reviewers keep contributing, to the new
    section only and without publishing rights; nobody keeps rights on the
    retired home page."""
    GroupPagePermission.objects.filter(page=home).delete()
    for group in (source.editors_group, source.reviewers_group):
        if group is None:
            continue
        for codename in CONTRIBUTOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=section,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=f"{codename}_page"
                ),
            )


def _post_notice(plan, section, today):
    source, target = plan.source, plan.target
    notice = ArticlePage(
        title=_("关于%(name)s网站关停并迁入%(target)s的公告")
        % {"name": source.name, "target": target.short_name},
        slug=f"closure-{plan.section_slug}-{today:%Y%m%d}",
        published_at=timezone.now(),
        source=target.name,
        body=_(
            "<p>根据政府网站集约化工作安排，%(name)s网站（%(host)s）自 %(date)s 起关停，"
            '原有内容已整体迁入本站<a linktype="page" id="%(section)d">%(name)s</a>栏目，'
            "原网址自动跳转至新地址。</p>"
        )
        % {
            "name": source.name,
            "host": source.site.hostname,
            "date": today.isoformat(),
            "section": section.pk,
        },
    )
    ColumnPage.objects.get(pk=plan.notices.pk).add_child(instance=notice)
    notice.save_revision().publish()
    return notice
