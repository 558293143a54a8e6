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
- consultations of third parties (art. 32) and of other agencies (art. 33,
  34) pause the clock: the working days each takes, at most its party's
  legal period (DISCLOSURE_THIRD_PARTY_WORKING_DAYS,
  DISCLOSURE_AGENCY_CONSULTATION_WORKING_DAYS), are not counted, a day
  covered by two consultations once; while one runs the due date assumes its
  full period;
- a notice of the information-processing fee pauses the clock until payment,
  at most DISCLOSURE_FEE_PAYMENT_WORKING_DAYS; unpaid after that period the
  application is closed;
- one extension of at most DISCLOSURE_EXTENSION_MAX_WORKING_DAYS, with reason
  and approver, before the due date passes.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.casework.deadlines import working_days_left
from cms.casework.recalculation import DueDateChange, counted_span_changed
from cms.casework.workdays import (
    ReceiptChannel,
    add_working_days,
    is_working_day,
    received_on,
)

from .fees import fee_for
from .models import (
    AnswerReason,
    AnswerType,
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
    Channel,
    Consultation,
    FeeNotice,
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
    return add_working_days(application.clock_start, days)


def pause_periods(application):
    """(first day, last day) of each pause of the clock: consultations up to
    their answer or their legal period, whichever is first (the whole period
    while they run), and a fee notice up to the payment (the whole payment
    period while it is awaited)."""
    periods = []
    for consultation in application.consultations.all():
        limit = consultation_deadline(consultation)
        end = limit if consultation.is_open else min(consultation.ended_on, limit)
        periods.append((consultation.started_on, end))
    notice = FeeNotice.objects.filter(application=application).first()
    if notice is not None:
        periods.append((notice.notified_on, notice.paid_on or notice.payment_due))
    return periods


def paused_working_days(application):
    """Working days of the pauses after the clock started, each day once."""
    days = set()
    for start, end in pause_periods(application):
        day = max(start, application.clock_start)
        while day < end:
            day += timedelta(days=1)
            if is_working_day(day):
                days.add(day)
    return len(days)


def correction_notice_deadline(application):
    """The last day a correction request may go out."""
    return add_working_days(
        application.received_on, settings.DISCLOSURE_CORRECTION_NOTICE_WORKING_DAYS
    )


def consultation_deadline(consultation):
    """The last day of the consulted party's legal period."""
    return add_working_days(consultation.started_on, consultation.period_working_days)


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
        application.paused_working_days = paused_working_days(application)
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
    return _create(body, data, Channel.ONLINE, on, files)


def offline_receipt_date(channel, submitted_on, signed_for_on=None, confirmed_on=None):
    """The receipt date of an application not made online (Regulations art.
    31): in person (or orally) the day submitted; by post the day signed for
    (ordinary mail: the day the office confirms with the applicant, given as
    `confirmed_on`); by fax the day both sides confirm."""
    if channel in (Channel.IN_PERSON, Channel.ORAL):
        return submitted_on
    if channel == Channel.POST:
        received = signed_for_on or confirmed_on
        if received is None:
            raise TransitionError(
                _("信函申请请填写签收日期（平常信函填写与申请人确认之日）。")
            )
    elif channel == Channel.FAX:
        received = confirmed_on
        if received is None:
            raise TransitionError(_("传真申请请填写双方确认之日。"))
    else:
        raise TransitionError(_("网上申请由申请人在网站提交，不能由工作人员登记。"))
    if received < submitted_on:
        raise TransitionError(_("收到日期不能早于申请人提交或寄出之日。"))
    return received


@transaction.atomic
def register_application(body, data, channel, receipt_date, user, files=()):
    """Register an application received by letter, in person, by fax or
    orally: staff enter it; `receipt_date` is its Art. 31 receipt date
    (offline_receipt_date)."""
    if receipt_date > timezone.localdate():
        raise TransitionError(_("日期不能晚于今天。"))
    return _create(body, data, channel, receipt_date, files, user)


def _create(body, data, channel, on, files, user=None):
    application = InformationApplication(
        body=body, channel=channel, received_on=on, clock_start=on, **data
    )
    application.due_date = answer_due_date(application)
    application.save()
    for upload in files:
        _attach(application, ApplicationAttachment.Kind.APPLICANT, upload, user)
    ApplicationEvent.objects.create(
        application=application,
        action=Action.SUBMITTED if user is None else Action.REGISTERED,
        from_status="",
        to_status=application.status,
        effective_on=on,
        actor=user,
        actor_name=_actor_name(user),
        due_date=application.due_date,
        note="" if user is None else str(Channel(channel).label),
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
def start_consultation(application, user, kind, party, on=None):
    """Consult a third party or another agency; more than one may run at once,
    each party once."""
    on = on or timezone.localdate()
    _require(application, ApplicationStatus.RECEIVED, ApplicationStatus.CONSULTING)
    if kind not in Consultation.Kind.values:
        raise TransitionError(_("请选择征求意见对象类别。"))
    party = party.strip()
    if not party:
        raise TransitionError(_("请填写征求意见的对象。"))
    if application.consultations.filter(kind=kind, party=party).exists():
        raise TransitionError(
            _("已征求过%(party)s的意见，不能再次暂停计时。") % {"party": party}
        )
    _check_date(application, on, application.clock_start, _("起算日期"))
    if application.due_date and on > application.due_date:
        raise TransitionError(_("答复期限已过，不能再征求意见。"))
    previous = application.status
    consultation = Consultation.objects.create(
        application=application, kind=kind, party=party, started_on=on
    )
    application.status = ApplicationStatus.CONSULTING
    note = _("征求%(kind)s意见：%(party)s，至多%(days)d个工作日不计入期限。") % {
        "kind": consultation.get_kind_display(),
        "party": party,
        "days": consultation.period_working_days,
    }
    return _record(application, Action.CONSULTATION_STARTED, previous, user, on, note)


@transaction.atomic
def end_consultation(application, user, consultation, on=None, note=""):
    """Record the consulted party's answer (or the end of its period)."""
    on = on or timezone.localdate()
    _require(application, ApplicationStatus.CONSULTING)
    if consultation.application_id != application.pk or not consultation.is_open:
        raise TransitionError(_("请选择正在进行的征求意见。"))
    _check_date(application, on, consultation.started_on, _("征求意见之日"))
    consultation.ended_on = on
    consultation.opinion = note.strip()
    consultation.save()
    previous = application.status
    if not application.consultations.filter(ended_on=None).exists():
        application.status = ApplicationStatus.RECEIVED
    text = _("%(party)s：%(note)s") % {"party": consultation.party, "note": note}
    return _record(application, Action.CONSULTATION_ENDED, previous, user, on, text)


@transaction.atomic
def notify_fee(application, user, method, pages=None, on=None):
    """Send the notice of the information-processing fee: the clock pauses
    until the applicant pays."""
    on = on or timezone.localdate()
    _require(application, ApplicationStatus.RECEIVED)
    if FeeNotice.objects.filter(application=application).exists():
        raise TransitionError(_("本申请已发出过收费通知。"))
    if method not in FeeNotice.Method.values:
        raise TransitionError(_("请选择计收方式。"))
    if method == FeeNotice.Method.BY_VOLUME and not pages:
        raise TransitionError(_("按量计收请填写页数。"))
    _check_date(application, on, application.clock_start, _("起算日期"))
    if application.due_date and on > application.due_date:
        raise TransitionError(_("答复期限已过，不能再发出收费通知。"))
    quantity, amount = fee_for(application, method, pages)
    if not amount:
        raise TransitionError(
            _("%(method)s未达到收费标准（%(quantity)d），不收取信息处理费。")
            % {"method": FeeNotice.Method(method).label, "quantity": quantity}
        )
    notice = FeeNotice.objects.create(
        application=application,
        method=method,
        quantity=quantity,
        amount=amount,
        notified_on=on,
        payment_due=add_working_days(on, settings.DISCLOSURE_FEE_PAYMENT_WORKING_DAYS),
    )
    previous = application.status
    application.status = ApplicationStatus.FEE_PENDING
    note = _(
        "%(method)s，计费数量%(quantity)d，金额%(amount)s元，缴费期限%(due)s。"
    ) % {
        "method": notice.get_method_display(),
        "quantity": quantity,
        "amount": amount,
        "due": notice.payment_due.isoformat(),
    }
    return _record(application, Action.FEE_NOTIFIED, previous, user, on, note)


@transaction.atomic
def receive_fee(application, user, on=None):
    on = on or timezone.localdate()
    _require(application, ApplicationStatus.FEE_PENDING)
    notice = application.fee_notice
    _check_date(application, on, notice.notified_on, _("通知日期"))
    if on > notice.payment_due:
        raise TransitionError(
            _("缴费期限（%(date)s）已过，请终止办理。")
            % {"date": notice.payment_due.isoformat()}
        )
    notice.paid_on = on
    notice.save()
    previous = application.status
    application.status = ApplicationStatus.RECEIVED
    return _record(application, Action.FEE_PAID, previous, user, on)


@transaction.atomic
def close_unpaid(application, user, on=None):
    """Close an application whose fee was not paid within the period."""
    on = on or timezone.localdate()
    _require(application, ApplicationStatus.FEE_PENDING)
    _check_date(application, on, None, "")
    notice = application.fee_notice
    if on <= notice.payment_due:
        raise TransitionError(
            _("缴费期限（%(date)s）尚未届满，不能终止办理。")
            % {"date": notice.payment_due.isoformat()}
        )
    previous = application.status
    application.status = ApplicationStatus.FEE_UNPAID
    application.answer_type = AnswerType.OTHER
    application.answer_reason = AnswerReason.FEE_UNPAID
    application.answered_on = on
    return _record(application, Action.FEE_UNPAID, previous, user, on)


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
def answer(
    application,
    user,
    answer_type,
    reason,
    text,
    reply_files=(),
    referred_body=None,
    on=None,
):
    """Answer; `referred_body` names the agency responsible for the
    information (art. 36(5)), only with the reason "not held"."""
    on = on or timezone.localdate()
    if application.status == ApplicationStatus.CONSULTING:
        raise TransitionError(_("正在征求意见，请先结束征询再答复。"))
    if application.status == ApplicationStatus.FEE_PENDING:
        raise TransitionError(_("正在等待申请人缴纳信息处理费，不能答复。"))
    _require(application, ApplicationStatus.RECEIVED)
    validate_answer(answer_type, reason or "")
    if referred_body is not None and reason != AnswerReason.NOT_HELD:
        raise TransitionError(
            _("只有“%(reason)s”时才告知负责公开的行政机关。")
            % {"reason": AnswerReason.NOT_HELD.label}
        )
    if not text.strip():
        raise TransitionError(_("请填写答复内容。"))
    _check_date(application, on, application.clock_start, _("起算日期"))
    previous = application.status
    application.status = ApplicationStatus.ANSWERED
    application.answer_type = answer_type
    application.answer_reason = reason or ""
    application.answer_text = text.strip()
    application.referred_body = referred_body
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
            # A pause's working days depend on the calendar too.
            application.paused_working_days = paused_working_days(application)
            start, new = application.clock_start, answer_due_date(application)
        old = getattr(application, field)
        if new == old or not counted_span_changed(start, old, new, changed_days):
            continue
        setattr(application, field, new)
        application.save(update_fields=[field, "paused_working_days"])
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
