"""Admin views: pushing a page, the receiving site's push inbox, the repost
report and a page's content-check findings."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from sites.isolation import manageable_sites, visible_sites

from .checks import check_page, describe
from .forms import DeclineForm, PushForm
from .models import PushTarget, TargetStatus
from .syndication import (
    accept,
    can_push,
    decline,
    repost_report,
    sites_for_choice,
    targets_for,
)


def _page_column_kind(page):
    parent = page.get_parent().specific
    return getattr(parent, "kind", None)


def push_page_view(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_push(request.user, page):
        raise PermissionDenied
    subordinates = sites_for_choice(page.get_site()).order_by("hostname")
    form = PushForm(
        request.POST or None,
        subordinate_sites=subordinates,
        initial={"column_kind": _page_column_kind(page)},
    )
    if request.method == "POST" and form.is_valid():
        from .syndication import push_page

        try:
            push = push_page(
                page,
                request.user,
                form.target_sites(),
                form.cleaned_data["column_kind"],
                form.cleaned_data["mode"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            targets = list(push.targets.all())
            messages.success(
                request,
                _(
                    "已推送到 %(total)d 个站点：%(live)d 个已转载，%(pending)d 个待确认，%(failed)d 个失败。"
                )
                % {
                    "total": len(targets),
                    "live": sum(t.status == TargetStatus.LIVE for t in targets),
                    "pending": sum(t.status == TargetStatus.PENDING for t in targets),
                    "failed": sum(t.status == TargetStatus.FAILED for t in targets),
                },
            )
            return redirect("publishing:reposts")
    return TemplateResponse(
        request,
        "publishing/push_page.html",
        {"page": page, "form": form, "header_title": _("推送到下级站点")},
    )


def inbox_view(request):
    return TemplateResponse(
        request,
        "publishing/inbox.html",
        {
            "targets": targets_for(request.user, TargetStatus.PENDING),
            "in_review": targets_for(request.user, TargetStatus.REVIEW),
            "decline_form": DeclineForm(),
        },
    )


def _own_pending_target(request, target_id):
    return get_object_or_404(
        PushTarget.objects.select_related("push__source_page", "site"),
        pk=target_id,
        status=TargetStatus.PENDING,
        site__in=manageable_sites(request.user),
    )


@require_POST
def accept_view(request, target_id):
    target = accept(_own_pending_target(request, target_id), request.user)
    if target.status == TargetStatus.REVIEW:
        messages.success(
            request,
            _("已接收“%(title)s”，已提交本站发布审核流程，审核通过后上线。")
            % {"title": target.page.title},
        )
    elif target.status == TargetStatus.LIVE:
        messages.success(
            request, _("已转载“%(title)s”。") % {"title": target.page.title}
        )
    else:
        messages.error(request, target.reason)
    return redirect("publishing:inbox")


@require_POST
def decline_view(request, target_id):
    target = _own_pending_target(request, target_id)
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    decline(target, request.user, reason)
    messages.success(request, _("已拒绝转载。"))
    return redirect("publishing:inbox")


def reposts_view(request):
    try:
        days = max(1, min(int(request.GET.get("days", 90)), 3650))
    except ValueError:
        days = 90
    report = repost_report(request.user, since=timezone.now() - timedelta(days=days))
    return TemplateResponse(
        request,
        "publishing/reposts.html",
        {
            "report": report,
            "days": days,
            "window_hours": int(report.window.total_seconds() // 3600),
        },
    )


def page_check_view(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    site = page.get_site()
    if site is None or not visible_sites(request.user).filter(pk=site.pk).exists():
        raise PermissionDenied
    findings = check_page(page.get_latest_revision_as_object())
    return TemplateResponse(
        request,
        "publishing/page_check.html",
        {
            "page": page,
            "findings": [(finding, describe(finding)) for finding in findings],
        },
    )
