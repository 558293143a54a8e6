"""Handling a letter: every state change goes through one function here, which
checks who may make it, applies it and records it as a LetterEvent.

    received ─assign→ assigned ─draft→ drafted ─approve→ answered ─publish→ published
                         ↑                │
                         └────reject──────┘
    received / assigned / drafted ─close→ closed (invalid or duplicate, with a reason)
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission

from cms.casework.recalculation import DueDateChange, counted_span_changed
from cms.delivery.publisher import request_renders, schedule_render_task
from sites.isolation import manageable_sites

from .deadlines import due_date_for, start_of_day
from .models import (
    OPEN_STATUSES,
    CloseReason,
    Letter,
    LetterAction,
    LetterEvent,
    LetterStatus,
    new_tracking_code,
)


class TransitionError(Exception):
    """A state change that is not allowed; the message is for the user."""


def can_handle(user, site):
    """Site staff (and superior staff per CLUSTER_SUPERIOR_ACCESS) assign,
    draft and close letters of `site`."""
    return manageable_sites(user).filter(pk=site.pk).exists()


def can_review(user, site):
    """Approving and publishing answers needs the reviewers' right to publish
    pages on the site, the same right that publishes its other content."""
    if not user.is_active or user.is_anonymous:
        return False
    if user.is_superuser:
        return True
    return GroupPagePermission.objects.filter(
        group__user=user,
        page_id=site.root_page_id,
        permission__codename="publish_page",
    ).exists()


def receive(mailbox, *, at=None, rng=None, **fields):
    """Create the letter a resident wrote to `mailbox` and record its receipt."""
    at = at or timezone.now()
    with transaction.atomic():
        letter = Letter.objects.create(
            mailbox=mailbox,
            site=mailbox.get_site(),
            tracking_code=new_tracking_code(rng),
            received_at=at,
            due_date=due_date_for(at),
            status=LetterStatus.RECEIVED,
            **fields,
        )
        LetterEvent.objects.create(
            letter=letter,
            action=LetterAction.RECEIVE,
            from_status="",
            to_status=LetterStatus.RECEIVED,
            at=at,
        )
    return letter


def _require(condition, message):
    if not condition:
        raise TransitionError(message)


def _require_status(letter, allowed):
    _require(
        letter.status in allowed,
        _("来信当前状态为“%(status)s”，不能执行此操作。")
        % {"status": letter.get_status_display()},
    )


def _record(letter, action, to_status, user, at, note="", **changes):
    at = at or timezone.now()
    _require(at >= letter.received_at, _("办理时间不能早于来信时间。"))
    from_status = letter.status
    letter.status = to_status
    for name, value in changes.items():
        setattr(letter, name, value)
    with transaction.atomic():
        letter.save()
        LetterEvent.objects.create(
            letter=letter,
            action=action,
            from_status=from_status,
            to_status=to_status,
            user=user,
            at=at,
            note=note,
        )
    return letter


def assign(letter, department, user, *, at=None, note=""):
    _require(can_handle(user, letter.site), _("您没有办理本站来信的权限。"))
    _require_status(letter, (LetterStatus.RECEIVED, LetterStatus.ASSIGNED))
    _require(
        department.site_id == letter.site_id and department.is_active,
        _("只能分办给本站启用的承办单位。"),
    )
    note = note or _("分办至%(department)s") % {"department": department.name}
    return _record(
        letter,
        LetterAction.ASSIGN,
        LetterStatus.ASSIGNED,
        user,
        at,
        note,
        department=department,
    )


def draft_answer(letter, text, user, *, at=None):
    _require(can_handle(user, letter.site), _("您没有办理本站来信的权限。"))
    _require_status(letter, (LetterStatus.ASSIGNED, LetterStatus.DRAFTED))
    text = text.strip()
    _require(text, _("答复内容不能为空。"))
    return _record(
        letter,
        LetterAction.DRAFT,
        LetterStatus.DRAFTED,
        user,
        at,
        answer=text,
        answer_drafted_by=user,
    )


def approve(letter, user, *, at=None):
    """The answer becomes final; its time is the letter's answer time."""
    _require(can_review(user, letter.site), _("只有本站审核人员可以审核答复。"))
    _require_status(letter, (LetterStatus.DRAFTED,))
    _require(
        letter.answer_drafted_by_id != user.pk,
        _("答复须由起草人以外的审核人员审核。"),
    )
    at = at or timezone.now()
    return _record(
        letter,
        LetterAction.APPROVE,
        LetterStatus.ANSWERED,
        user,
        at,
        answered_at=at,
        answered_by=user,
    )


def reject(letter, user, note, *, at=None):
    _require(can_review(user, letter.site), _("只有本站审核人员可以审核答复。"))
    _require_status(letter, (LetterStatus.DRAFTED,))
    _require(note.strip(), _("退回修改时请写明原因。"))
    return _record(
        letter, LetterAction.REJECT, LetterStatus.ASSIGNED, user, at, note.strip()
    )


def publish(letter, user, *, at=None):
    _require(can_review(user, letter.site), _("只有本站审核人员可以公开来信。"))
    _require_status(letter, (LetterStatus.ANSWERED,))
    _require(letter.agrees_to_publish, _("来信人不同意公开，此来信不能公开。"))
    at = at or timezone.now()
    with transaction.atomic():
        _record(
            letter,
            LetterAction.PUBLISH,
            LetterStatus.PUBLISHED,
            user,
            at,
            published_at=at,
        )
        _home_page_changed(letter)
    return letter


def _home_page_changed(letter):
    """The home page's interaction block lists the published letters
    (home_block.py): its static file is rendered again."""
    if request_renders([(letter.site.hostname, "/")]):
        schedule_render_task()


def unpublish(letter, user, note, *, at=None):
    _require(can_review(user, letter.site), _("只有本站审核人员可以撤销公开。"))
    _require_status(letter, (LetterStatus.PUBLISHED,))
    _require(note.strip(), _("撤销公开时请写明原因。"))
    with transaction.atomic():
        _record(
            letter,
            LetterAction.UNPUBLISH,
            LetterStatus.ANSWERED,
            user,
            at,
            note.strip(),
            published_at=None,
        )
        _home_page_changed(letter)
    return letter


def close(letter, reason, note, user, *, duplicate_of=None, at=None):
    """Close an unanswered letter as invalid or as a duplicate of another."""
    _require(can_handle(user, letter.site), _("您没有办理本站来信的权限。"))
    _require_status(letter, OPEN_STATUSES)
    _require(reason in CloseReason.values, _("请选择关闭原因。"))
    _require(note.strip(), _("关闭来信时请写明理由。"))
    if reason == CloseReason.DUPLICATE:
        _require(
            duplicate_of is not None
            and duplicate_of.pk != letter.pk
            and duplicate_of.site_id == letter.site_id,
            _("重复来信须指明本站的另一封原始来信。"),
        )
    else:
        duplicate_of = None
    at = at or timezone.now()
    return _record(
        letter,
        LetterAction.CLOSE,
        LetterStatus.CLOSED,
        user,
        at,
        note.strip(),
        closed_at=at,
        close_reason=reason,
        close_note=note.strip(),
        duplicate_of=duplicate_of,
    )


def recalculate_for_calendar(changed_days, reason, user=None):
    """The calendar changed on `changed_days`: move the due date of each open
    letter whose counted days include one of them, recording why on it
    (registered with cms.casework)."""
    first_day, last_day = min(changed_days), max(changed_days)
    candidates = Letter.objects.open().filter(
        received_at__lt=start_of_day(last_day), due_date__gte=first_day
    )
    changes = []
    for letter in candidates.select_for_update().order_by("pk"):
        old, new = letter.due_date, due_date_for(letter.received_at)
        start = timezone.localdate(letter.received_at)
        if new == old or not counted_span_changed(start, old, new, changed_days):
            continue
        letter.due_date = new
        letter.save(update_fields=["due_date"])
        LetterEvent.objects.create(
            letter=letter,
            action=LetterAction.CALENDAR_CHANGED,
            from_status=letter.status,
            to_status=letter.status,
            user=user,
            note=_("%(reason)s：答复期限由%(old)s调整为%(new)s。")
            % {"reason": reason, "old": old.isoformat(), "new": new.isoformat()},
        )
        changes.append(
            DueDateChange(
                _("来信 %(code)s") % {"code": letter.tracking_code},
                _("答复期限"),
                old,
                new,
            )
        )
    return changes
