"""Syndication (转载/推送): a superior site pushes a published page to its
subordinate sites, into a column of a chosen kind on each, as a Wagtail alias
that follows the original or as an independent copy. Each receiving site
either accepts pushes automatically or holds them for its own editor, whose
acceptance submits the page to the site's review workflow."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, Site

from cms.pages.models import ColumnPage
from sites.isolation import manageable_sites, visible_sites
from sites.models import SiteProfile, SiteStatus

from .models import Push, PushMode, PushTarget, SyndicationSettings, TargetStatus


def subordinate_profiles(site):
    """Profiles of every site below `site` in the hierarchy that still runs
    (closed sites receive nothing)."""
    profile = SiteProfile.objects.filter(site=site).first()
    if profile is None:
        return []
    return [p for p in profile.descendants() if p.status != SiteStatus.CLOSED]


def column_for(site, kind):
    """The receiving column of `kind` on `site`: the shallowest live one."""
    return (
        ColumnPage.objects.descendant_of(site.root_page)
        .filter(kind=kind, live=True)
        .order_by("depth", "path")
        .first()
    )


def can_push(user, page):
    """Pushing needs a live page on a site the user manages, the right to
    publish it, and subordinate sites to push to."""
    site = page.get_site()
    return (
        page.live
        and site is not None
        and manageable_sites(user).filter(pk=site.pk).exists()
        and page.permissions_for_user(user).can_publish()
        and bool(subordinate_profiles(site))
    )


@transaction.atomic
def push_page(page, user, target_sites, column_kind, mode=PushMode.ALIAS):
    """Push `page` to `target_sites` (subordinates of its site). Returns the Push;
    each target is delivered at once where the site accepts pushes automatically
    and waits for the site's editor (then its review workflow) otherwise."""
    page = page.specific
    if not can_push(user, page):
        raise PermissionDenied(_("您无权推送该页面，或该页面未发布。"))
    source_site = page.get_site()
    allowed = {profile.site_id for profile in subordinate_profiles(source_site)}
    targets = list(target_sites)
    if not targets:
        raise ValidationError(_("请至少选择一个接收站点。"))
    outside = [site.hostname for site in targets if site.pk not in allowed]
    if outside:
        raise ValidationError(
            _("只能推送到下级站点：%(hosts)s 不是下级站点。")
            % {"hosts": "、".join(outside)}
        )
    now = timezone.now()
    push = Push.objects.create(
        source_page=page,
        source_site=source_site,
        column_kind=column_kind,
        mode=mode,
        pushed_by=user,
        pushed_at=now,
    )
    for site in targets:
        target = PushTarget.objects.create(push=push, site=site, pushed_at=now)
        if SyndicationSettings.for_site(site).auto_accept:
            deliver(target)
    log(
        instance=page,
        action="publishing.push",
        user=user,
        data={
            "push_id": push.pk,
            "mode": mode,
            "column_kind": column_kind,
            "targets": [site.hostname for site in targets],
        },
    )
    return push


def _free_slug(parent, slug):
    candidate, n = slug, 2
    while Page.objects.child_of(parent).filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _place(target, draft):
    """Create the pushed page in the target site's column: an alias or a copy
    that is live at once, or (`draft`) a copy that is not live yet. Returns
    the page, or None after recording why the site cannot take it."""
    push = target.push
    source = push.source_page.specific
    column = column_for(target.site, push.column_kind)
    if column is None:
        target.status = TargetStatus.FAILED
        target.reason = _("该站点没有“%(kind)s”类栏目。") % {
            "kind": push.get_column_kind_display()
        }
        target.save(update_fields=["status", "reason"])
        return None
    slug = _free_slug(column, source.slug)
    # Authorisation was decided by the push (the sender manages the source and
    # the targets are its subordinates) and by the receiving site's setting or
    # editor, so Wagtail's own per-user copy checks are not repeated here.
    if push.mode == PushMode.ALIAS and not draft:
        return source.create_alias(parent=column, update_slug=slug, user=None)
    # A draft is always a copy, even for an alias push: Wagtail publishes every
    # alias whenever its original is published, which would skip the review.
    # It becomes an alias once the review approves it (on_page_published).
    update_attrs = {"slug": slug}
    if push.mode == PushMode.COPY and hasattr(source, "source") and not source.source:
        update_attrs["source"] = push.source_site.site_name[:100]
    return source.copy(
        to=column,
        update_attrs=update_attrs,
        copy_revisions=False,
        keep_live=not draft,
        user=None,
    )


@transaction.atomic
def deliver(target, user=None):
    """Put the pushed page live on the target site at once: automatic
    delivery (`user` None) to a site that accepts pushes without its editor,
    whose review the pushing site's own review stands for (the rule is in
    docs/publishing.md), or an editor's acceptance on a site without a review
    workflow."""
    if target.status not in (TargetStatus.PENDING, TargetStatus.FAILED):
        return target
    new_page = _place(target, draft=False)
    if new_page is None:
        return target
    target.page = new_page
    target.status = TargetStatus.LIVE
    target.live_at = timezone.now() if new_page.live else None
    target.decided_by = user
    target.reason = ""
    target.save(update_fields=["page", "status", "live_at", "decided_by", "reason"])
    _log_accept(target, new_page, user=user, review=False)
    return target


@transaction.atomic
def accept(target, user):
    """The receiving site's editor `user` accepts a held push. The page is
    placed as a draft and submitted to the site's review workflow (content
    check, then 保密审查 by the site's reviewers); it goes live only when the
    workflow approves it. A site without a workflow gets it live at once."""
    if target.status not in (TargetStatus.PENDING, TargetStatus.FAILED):
        return target
    column = column_for(target.site, target.push.column_kind)
    workflow = column.get_workflow() if column is not None else None
    if workflow is None:
        return deliver(target, user)
    new_page = _place(target, draft=True)
    target.page = new_page
    target.status = TargetStatus.REVIEW
    target.decided_by = user
    target.reason = ""
    target.save(update_fields=["page", "status", "decided_by", "reason"])
    _log_accept(target, new_page, user=user, review=True)
    workflow.start(new_page, user)
    return target


def on_page_deleted(sender, instance, **kwargs):
    """A pushed page deleted while under the receiving site's review: the site
    does not carry it, as if the push had been declined."""
    PushTarget.objects.filter(page_id=instance.pk, status=TargetStatus.REVIEW).update(
        status=TargetStatus.DECLINED, reason=_("审核中的转载页面已被本站删除。")
    )


def _log_accept(target, page, user, review):
    log(
        instance=page.specific,
        action="publishing.push.accept",
        user=user,
        data={
            "push_id": target.push_id,
            "source_page_id": target.push.source_page_id,
            "mode": target.push.mode,
            "review": review,
        },
    )


def on_page_published(sender, instance, **kwargs):
    """A pushed page that was in the receiving site's review has been
    published (the workflow approved it, or someone with the right published
    it): the push is live there now, and an alias push starts following its
    original from here on."""
    if not instance.live:
        # Wagtail sends the signal for a revision scheduled for later too; the
        # scheduled publication sends it again when the page goes live.
        return
    target = (
        PushTarget.objects.filter(page_id=instance.pk, status=TargetStatus.REVIEW)
        .select_related("push")
        .first()
    )
    if target is None:
        return
    push = target.push
    if push.mode == PushMode.ALIAS:
        # A plain column update: this runs inside Wagtail's publication of the
        # page, which saves nothing more of it afterwards.
        Page.objects.filter(pk=instance.pk).update(alias_of_id=push.source_page_id)
    target.status = TargetStatus.LIVE
    target.live_at = timezone.now()
    target.save(update_fields=["status", "live_at"])
    # The signal does not say who published; Wagtail's own publish and
    # workflow entries next to this one do.
    log(
        instance=instance,
        action="publishing.push.live",
        user=None,
        data={"push_id": push.pk, "source_page_id": push.source_page_id},
    )


@transaction.atomic
def decline(target, user, reason=""):
    if target.status != TargetStatus.PENDING:
        return target
    target.status = TargetStatus.DECLINED
    target.decided_by = user
    target.reason = reason[:200]
    target.save(update_fields=["status", "decided_by", "reason"])
    log(
        instance=target.push.source_page.specific,
        action="publishing.push.decline",
        user=user,
        data={"push_id": target.push_id, "site": target.site.hostname},
    )
    return target


def targets_for(user, status):
    """Pushes to the user's sites in `status` (waiting for acceptance, or
    accepted and in the site's review)."""
    return (
        PushTarget.objects.filter(status=status, site__in=manageable_sites(user))
        .select_related("push__source_page", "push__source_site", "site", "page")
        .order_by("-pushed_at")
    )


@dataclass
class RepostRow:
    push: Push
    targets: list
    reposted_in_time: int

    @property
    def share_in_time(self):
        return self.reposted_in_time / len(self.targets) if self.targets else None


@dataclass
class RepostReport:
    rows: list
    target_count: int
    reposted_in_time: int
    window: timedelta

    @property
    def share_in_time(self):
        if not self.target_count:
            return None
        return self.reposted_in_time / self.target_count


def repost_report(user, since=None):
    """Pushes sent by the sites `user` may see, with every target's status and
    latency, and the share reposted within PUBLISHING_REPOST_WINDOW_HOURS."""
    window = timedelta(hours=settings.PUBLISHING_REPOST_WINDOW_HOURS)
    pushes = (
        Push.objects.filter(source_site__in=visible_sites(user))
        .select_related("source_page", "source_site", "pushed_by")
        .prefetch_related("targets__site")
        .order_by("-pushed_at")
    )
    if since is not None:
        pushes = pushes.filter(pushed_at__gte=since)
    rows, total, in_time = [], 0, 0
    for push in pushes:
        targets = list(push.targets.all())
        quick = sum(
            1
            for target in targets
            if target.latency is not None and target.latency <= window
        )
        rows.append(RepostRow(push=push, targets=targets, reposted_in_time=quick))
        total += len(targets)
        in_time += quick
    return RepostReport(
        rows=rows, target_count=total, reposted_in_time=in_time, window=window
    )


def sites_for_choice(source_site, level=None):
    """Subordinate sites of `source_site`, optionally of one level."""
    profiles = subordinate_profiles(source_site)
    if level:
        profiles = [profile for profile in profiles if profile.level == level]
    return Site.objects.filter(pk__in=[profile.site_id for profile in profiles])
