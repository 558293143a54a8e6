"""The states and legal clocks of an application for disclosure (domain.md).

Every transition checks its legal preconditions, raises TransitionError with a
Chinese message when they fail (changing nothing), recomputes the answer due
date and records an ApplicationEvent with who and when. `on` is the legal date
of the act (e.g. the day the correction notice went out); it defaults to today.

The clock:
- answer within DISCLOSURE_ANSWER_WORKING_DAYS working days of `clock_start`
  (the day of receipt, or the day a requested correction arrived);
- a correction request must go out within DISCLOSURE_CORRECTION_NOTICE_WORKING_DAYS
  of receipt, once; the clock stops until the correction arrives and then
  starts again from zero; without a correction by `correction_due` the
  application lapses;
- a third-party consultation pauses the clock: the working days it takes, at
  most DISCLOSURE_THIRD_PARTY_WORKING_DAYS, are not counted; while it runs the
  due date assumes the full period;
- one extension of at most DISCLOSURE_EXTENSION_MAX_WORKING_DAYS, with reason
  and approver, before the due date passes.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.casework.deadlines import working_days_left
from cms.casework.recalculation import DueDateChange, counted_span_changed
from cms.casework.workdays import (
    ReceiptChannel,
    add_working_days,
    received_on,
    working_days_between,
)

from .models import (
    AnswerReason,
    AnswerType,
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
    InformationApplication,
)
from .models.applications import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    REASONS_BY_ANSWER_TYPE,
)

Action = ApplicationEvent.Action


class TransitionError(Exception):
    """An action the law or the application's state does not allow."""


def answer_due_date(application):
    """The last day to answer, as of the application's current state; None
    while the applicant is asked to correct the request."""
    if application.status == ApplicationStatus.CORRECTION:
        return None
    days = (
        settings.DISCLOSURE_ANSWER_WORKING_DAYS
        + application.extension_days
        + application.paused_working_days
    )
    if application.status == ApplicationStatus.CONSULTING:
        days += settings.DISCLOSURE_THIRD_PARTY_WORKING_DAYS
    return add_working_days(application.clock_start, days)


def correction_notice_deadline(application):
    """The last day a correction request may go out."""
    return add_working_days(
        application.received_on, settings.DISCLOSURE_CORRECTION_NOTICE_WORKING_DAYS
    )


def consultation_deadline(application):
    if not application.consultation_started_on:
        return None
    return add_working_days(
        application.consultation_started_on,
        settings.DISCLOSURE_THIRD_PARTY_WORKING_DAYS,
    )


def days_left(application, today=None):
    """Working days from today to the due date (negative when overdue)."""
    if application.due_date is None or application.is_closed:
        return None
    return working_days_left(today or timezone.localdate(), application.due_date)


def _actor_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _check_date(application, on, not_before, label):
    if on > timezone.localdate():
        raise TransitionError(_("日期不能晚于今天。"))
    if not_before and on < not_before:
        raise TransitionError(
            _("日期不能早于%(label)s（%(date)s）。")
            % {"label": label, "date": not_before.isoformat()}
        )


def _require(application, *statuses):
    if application.status not in statuses:
        raise TransitionError(
            _("申请当前状态为“%(status)s”，不能进行此操作。")
            % {"status": application.get_status_display()}
        )


def _record(application, action, from_status, user, on, note=""):
    if application.status not in CLOSED_STATUSES:
        application.due_date = answer_due_date(application)
    application.save()
    return ApplicationEvent.objects.create(
        application=application,
        action=action,
        from_status=from_status,
        to_status=application.status,
        effective_on=on,
        actor=user,
        actor_name=_actor_name(user),
        due_date=application.due_date,
        note=note,
    )


@transaction.atomic
def _attach(application, kind, upload, user=None):
    """Store an already checked upload; the checker's sniffed type wins over
    the type the browser claimed."""
    return ApplicationAttachment.objects.create(
        application=application,
        kind=kind,
        file=upload,
        original_name=upload.name[:200],
        content_type=getattr(upload, "checked_content_type", "")
        or upload.content_type
        or "",
        size=upload.size,
        uploaded_by=user,
    )


def submit_application(body, data, files=(), on=None):
    """Register a new application received on `on` (default: submitted online
    now, received on the day Art. 31 gives, see `received_on`) with the
    applicant's `files` (already checked UploadedFile objects)."""
    on = on or received_on(ReceiptChannel.ONLINE, timezone.now())
    application = InformationApplication(
        body=body, received_on=on, clock_start=on, **data
    )
    application.due_date = answer_due_date(application)
    application.save()
    for upload in files:
        _attach(application, ApplicationAttachment.Kind.APPLICANT, upload)
    ApplicationEvent.objects.create(
        application=application,
        action=Action.SUBMITTED,
        from_status="",
        to_status=application.status,
        effective_on=on,
        due_date=application.due_date,
    )
    return application


@transaction.atomic
def request_correction(application, user, request_text, on=None):
    on = on or timezone.localdate()
    _require(application, ApplicationStatus.RECEIVED)
    if application.correction_requested_on:
        raise TransitionError(
            _("补正只能告知一次，本申请已于%(date)s告知补正。")
            % {"date": application.correction_requested_on.isoformat()}
        )
    _check_date(application, on, application.received_on, _("收到申请之日"))
    deadline = correction_notice_deadline(application)
    if on > deadline:
        raise TransitionError(
            _(
                "告知补正应在收到申请之日起%(days)d个工作日内（%(deadline)s前）作出，"
                "已超过期限，请直接答复。"
            )
            % {
                "days": settings.DISCLOSURE_CORRECTION_NOTICE_WORKING_DAYS,
                "deadline": deadline.isoformat(),
            }
        )
    if not request_text.strip():
        raise TransitionError(_("请写明需要补正的事项。"))
    previous = application.status
    application.status = ApplicationStatus.CORRECTION
    application.correction_requested_on = on
    application.correction_request = request_text.strip()
    application.correction_due = add_working_days(
        on, settings.DISCLOSURE_CORRECTION_REPLY_WORKING_DAYS
    )
    return _record(
        application, Action.CORRECTION_REQUESTED, previous, user, on, request_text
    )


@transaction.atomic
def receive_correction(application, user, on=None, note=""):
    on = on or timezone.localdate()
    _require(application, ApplicationStatus.CORRECTION)
    _check_date(application, on, application.correction_requested_on, _("告知补正之日"))
    if on > application.correction_due:
        raise TransitionError(
            _("补正期限（%(date)s）已过，申请人逾期未补正，请终止办理。")
            % {"date": application.correction_due.isoformat()}
        )
    previous = application.status
    application.status = ApplicationStatus.RECEIVED
    application.corrected_on = on
    # The answer period starts again from the day the correction arrived.
    application.clock_start = on
    application.paused_working_days = 0
    return _record(application, Action.CORRECTION_RECEIVED, previous, user, on, note)


@transaction.atomic
def lapse(application, user, on=None):
    """Close an application whose applicant did not correct it in time."""
    on = on or timezone.localdate()
    _require(application, ApplicationStatus.CORRECTION)
    _check_date(application, on, None, "")
    if on <= application.correction_due:
        raise TransitionError(
            _("补正期限（%(date)s）尚未届满，不能终止办理。")
            % {"date": application.correction_due.isoformat()}
        )
    previous = application.status
    application.status = ApplicationStatus.LAPSED
    application.answer_type = AnswerType.OTHER
    application.answer_reason = AnswerReason.NO_CORRECTION
    application.answered_on = on
    return _record(application, Action.LAPSED, previous, user, on)


@transaction.atomic
def start_consultation(application, user, third_party, on=None):
    on = on or timezone.localdate()
    _require(application, ApplicationStatus.RECEIVED)
    if application.consultation_started_on:
        raise TransitionError(_("本申请已征求过第三方意见，不能再次暂停计时。"))
    _check_date(application, on, application.clock_start, _("起算日期"))
    if application.due_date and on > application.due_date:
        raise TransitionError(_("答复期限已过，不能再征求第三方意见。"))
    if not third_party.strip():
        raise TransitionError(_("请填写征求意见的第三方。"))
    previous = application.status
    application.status = ApplicationStatus.CONSULTING
    application.consultation_third_party = third_party.strip()
    application.consultation_started_on = on
    return _record(
        application, Action.CONSULTATION_STARTED, previous, user, on, third_party
    )


@transaction.atomic
def end_consultation(application, user, on=None, note=""):
    on = on or timezone.localdate()
    _require(application, ApplicationStatus.CONSULTING)
    _check_date(
        application, on, application.consultation_started_on, _("征求意见开始之日")
    )
    previous = application.status
    application.status = ApplicationStatus.RECEIVED
    application.consultation_ended_on = on
    # Only the third party's legal period is excluded from the clock.
    application.paused_working_days += min(
        working_days_between(application.consultation_started_on, on),
        settings.DISCLOSURE_THIRD_PARTY_WORKING_DAYS,
    )
    return _record(application, Action.CONSULTATION_ENDED, previous, user, on, note)


@transaction.atomic
def extend(application, user, days, reason, approver, on=None):
    on = on or timezone.localdate()
    _require(application, ApplicationStatus.RECEIVED, ApplicationStatus.CONSULTING)
    if application.extension_days:
        raise TransitionError(_("答复期限只能延长一次。"))
    maximum = settings.DISCLOSURE_EXTENSION_MAX_WORKING_DAYS
    if not 1 <= days <= maximum:
        raise TransitionError(_("延长期限应为1至%(max)d个工作日。") % {"max": maximum})
    if not reason.strip():
        raise TransitionError(_("请填写延长理由。"))
    if not approver.strip():
        raise TransitionError(_("请填写同意延长的机构负责人。"))
    _check_date(application, on, application.clock_start, _("起算日期"))
    if application.due_date and on > application.due_date:
        raise TransitionError(
            _("答复期限（%(date)s）已过，不能再延长。")
            % {"date": application.due_date.isoformat()}
        )
    previous = application.status
    application.extension_days = days
    application.extension_reason = reason.strip()
    application.extension_approver = approver.strip()
    application.extended_on = on
    note = _("延长%(days)d个工作日，批准人：%(approver)s。理由：%(reason)s") % {
        "days": days,
        "approver": application.extension_approver,
        "reason": application.extension_reason,
    }
    return _record(application, Action.EXTENDED, previous, user, on, note)


def validate_answer(answer_type, reason):
    """Raise TransitionError unless `reason` is a sub-reason of `answer_type`
    (required for the types that have sub-reasons, forbidden otherwise)."""
    if answer_type not in AnswerType.values:
        raise TransitionError(_("请选择答复类型。"))
    allowed = REASONS_BY_ANSWER_TYPE.get(answer_type)
    if allowed and reason not in allowed:
        raise TransitionError(
            _("“%(type)s”必须选择具体情形：%(choices)s。")
            % {
                "type": AnswerType(answer_type).label,
                "choices": "、".join(str(r.label) for r in allowed),
            }
        )
    if not allowed and reason:
        raise TransitionError(
            _("“%(type)s”不需要选择具体情形。")
            % {"type": AnswerType(answer_type).label}
        )


@transaction.atomic
def answer(application, user, answer_type, reason, text, reply_files=(), on=None):
    on = on or timezone.localdate()
    if application.status == ApplicationStatus.CONSULTING:
        raise TransitionError(_("正在征求第三方意见，请先结束征询再答复。"))
    _require(application, ApplicationStatus.RECEIVED)
    validate_answer(answer_type, reason or "")
    if not text.strip():
        raise TransitionError(_("请填写答复内容。"))
    _check_date(application, on, application.clock_start, _("起算日期"))
    previous = application.status
    application.status = ApplicationStatus.ANSWERED
    application.answer_type = answer_type
    application.answer_reason = reason or ""
    application.answer_text = text.strip()
    application.answered_on = on
    event = _record(application, Action.ANSWERED, previous, user, on)
    for upload in reply_files:
        _attach(application, ApplicationAttachment.Kind.REPLY, upload, user)
    return event


def recalculate_for_calendar(changed_days, reason, user=None):
    """The calendar changed on `changed_days`: move the stored answer (or
    correction) deadline of each open application whose counted days include
    one of them, recording why on it (registered with cms.casework)."""
    first_day, last_day = min(changed_days), max(changed_days)
    # A change moves a deadline only from a day after the counting started up
    # to the old deadline itself.
    candidates = InformationApplication.objects.filter(
        models.Q(
            status__in=OPEN_STATUSES, clock_start__lt=last_day, due_date__gte=first_day
        )
        | models.Q(
            status=ApplicationStatus.CORRECTION,
            correction_requested_on__lt=last_day,
            correction_due__gte=first_day,
        )
    )
    changes = []
    for application in candidates.select_for_update().order_by("pk"):
        if application.status == ApplicationStatus.CORRECTION:
            deadline, field = _("补正期限"), "correction_due"
            start = application.correction_requested_on
            new = add_working_days(
                start, settings.DISCLOSURE_CORRECTION_REPLY_WORKING_DAYS
            )
        else:
            deadline, field = _("答复期限"), "due_date"
            start, new = application.clock_start, answer_due_date(application)
        old = getattr(application, field)
        if new == old or not counted_span_changed(start, old, new, changed_days):
            continue
        setattr(application, field, new)
        application.save(update_fields=[field])
        ApplicationEvent.objects.create(
            application=application,
            action=Action.CALENDAR_CHANGED,
            from_status=application.status,
            to_status=application.status,
            effective_on=timezone.localdate(),
            actor=user,
            actor_name=_actor_name(user) or _("系统（节假日安排调整）"),
            due_date=application.due_date,
            note=_("%(reason)s：%(deadline)s由%(old)s调整为%(new)s。")
            % {
                "reason": reason,
                "deadline": deadline,
                "old": old.isoformat(),
                "new": new.isoformat(),
            },
        )
        changes.append(
            DueDateChange(
                _("依申请公开 %(code)s") % {"code": application.tracking_code},
                deadline,
                old,
                new,
            )
        )
    return changes
