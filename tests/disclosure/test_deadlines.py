"""Each state change of an application and each deadline rule, on the real
2026 calendar: National Day holiday 2026-10-01..07, Saturday 2026-10-10 a
working day (调休)."""

from datetime import date

import pytest

from disclosure import handling
from disclosure.handling import TransitionError
from disclosure.models import (
    AnswerReason,
    AnswerType,
    ApplicationEvent,
    ApplicationStatus,
)
from tests.disclosure.conftest import make_application

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 9, 28)  # Monday before National Day
# Working days after 28 Sep: 29, 30 Sep; (1-7 Oct holiday); 8, 9, Sat 10 (调休),
# 12 ... so the 20th working day is Friday 30 Oct.
DUE = date(2026, 10, 30)


@pytest.fixture
def application(city_body):
    return make_application(city_body, RECEIVED)


def actions(application):
    return list(application.events.values_list("action", flat=True))


def test_submission_starts_the_clock_across_national_day(application):
    assert application.status == ApplicationStatus.RECEIVED
    assert application.clock_start == RECEIVED
    assert application.due_date == DUE
    assert actions(application) == [ApplicationEvent.Action.SUBMITTED]
    assert handling.days_left(application, today=date(2026, 10, 9)) == 16
    # The 调休 Saturday counts: from Friday 9 Oct to Monday 12 Oct is 2 days.
    assert handling.days_left(application, today=date(2026, 10, 12)) == 14


def test_correction_must_go_out_within_seven_working_days(application, city_handler):
    # 29, 30 Sep, 8, 9, 10 (Sat, 调休), 12, 13 Oct: the 7th working day is 13 Oct.
    assert handling.correction_notice_deadline(application) == date(2026, 10, 13)
    with pytest.raises(TransitionError, match="7个工作日内（2026-10-13前）"):
        handling.request_correction(
            application, city_handler, "请写明文号。", on=date(2026, 10, 14)
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    assert actions(application) == [ApplicationEvent.Action.SUBMITTED]


def test_correction_stops_the_clock_and_restarts_it_on_arrival(
    application, city_handler
):
    event = handling.request_correction(
        application, city_handler, "请写明所需文件的文号。", on=date(2026, 10, 13)
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTION
    assert application.due_date is None
    # 15 working days for the applicant (local setting).
    assert application.correction_due == date(2026, 11, 3)
    assert event.actor == city_handler and event.effective_on == date(2026, 10, 13)
    assert event.from_status == ApplicationStatus.RECEIVED

    handling.receive_correction(application, city_handler, on=date(2026, 10, 20))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    assert application.clock_start == date(2026, 10, 20)
    # A fresh 20 working days from 20 Oct: 17 Nov.
    assert application.due_date == date(2026, 11, 17)
    assert actions(application)[-1] == ApplicationEvent.Action.CORRECTION_RECEIVED


def test_correction_is_asked_only_once(application, city_handler):
    handling.request_correction(application, city_handler, "补充文号", on=RECEIVED)
    handling.receive_correction(application, city_handler, on=date(2026, 9, 30))
    with pytest.raises(TransitionError, match="只能告知一次"):
        handling.request_correction(
            application, city_handler, "再补充", on=date(2026, 10, 8)
        )


def test_unanswered_correction_lapses_only_after_its_period(application, city_handler):
    handling.request_correction(application, city_handler, "补充文号", on=RECEIVED)
    application.refresh_from_db()
    assert application.correction_due == date(2026, 10, 23)
    with pytest.raises(TransitionError, match="尚未届满"):
        handling.lapse(application, city_handler, on=date(2026, 10, 23))
    with pytest.raises(TransitionError, match="补正期限（2026-10-23）已过"):
        handling.receive_correction(application, city_handler, on=date(2026, 10, 26))
    handling.lapse(application, city_handler, on=date(2026, 10, 26))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.LAPSED
    assert application.answer_type == AnswerType.OTHER
    assert application.answer_reason == AnswerReason.NO_CORRECTION
    assert application.answered_on == date(2026, 10, 26)


def test_consultation_pauses_the_clock_for_at_most_fifteen_working_days(
    application, city_handler
):
    handling.start_consultation(
        application, city_handler, "third_party", "某某有限公司", on=date(2026, 9, 30)
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONSULTING
    # While it runs the due date assumes the whole 15 days: 20 + 15 = 35.
    assert application.due_date == date(2026, 11, 20)
    consultation = application.consultations.get()
    assert handling.consultation_deadline(consultation) == date(2026, 10, 27)

    # The third party answered after 5 working days (8, 9, 10, 12, 13 Oct).
    handling.end_consultation(
        application, city_handler, consultation, on=date(2026, 10, 13)
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    assert application.paused_working_days == 5
    assert application.due_date == date(2026, 11, 6)


def test_consultation_beyond_fifteen_days_is_not_excluded(application, city_handler):
    handling.start_consultation(
        application, city_handler, "third_party", "第三方", on=RECEIVED
    )
    handling.end_consultation(
        application,
        city_handler,
        application.consultations.get(),
        on=date(2026, 11, 20),
    )
    application.refresh_from_db()
    assert application.paused_working_days == 15
    assert application.due_date == date(2026, 11, 20)


def test_one_extension_with_reason_and_approver(application, city_handler):
    with pytest.raises(TransitionError, match="机构负责人"):
        handling.extend(application, city_handler, 10, "材料多", " ", on=RECEIVED)
    with pytest.raises(TransitionError, match="1至20个工作日"):
        handling.extend(application, city_handler, 21, "材料多", "王主任", on=RECEIVED)
    handling.extend(
        application, city_handler, 20, "涉及多个部门", "王主任", on=date(2026, 10, 30)
    )
    application.refresh_from_db()
    assert application.extension_days == 20
    assert application.due_date == date(2026, 11, 27)
    event = application.events.last()
    assert event.action == ApplicationEvent.Action.EXTENDED
    assert "王主任" in event.note and "涉及多个部门" in event.note
    with pytest.raises(TransitionError, match="只能延长一次"):
        handling.extend(application, city_handler, 1, "再延", "王主任", on=DUE)


def test_no_extension_after_the_due_date(application, city_handler):
    with pytest.raises(TransitionError, match="已过"):
        handling.extend(
            application, city_handler, 5, "晚了", "王主任", on=date(2026, 11, 2)
        )


def test_answer_needs_the_legal_sub_reason(application, city_handler):
    with pytest.raises(TransitionError, match="必须选择具体情形"):
        handling.answer(
            application, city_handler, AnswerType.WITHHELD, "", "不予公开。", on=DUE
        )
    with pytest.raises(TransitionError, match="必须选择具体情形"):
        handling.answer(
            application,
            city_handler,
            AnswerType.WITHHELD,
            AnswerReason.NOT_HELD,  # a reason of "cannot provide"
            "不予公开。",
            on=DUE,
        )
    with pytest.raises(TransitionError, match="不需要选择具体情形"):
        handling.answer(
            application,
            city_handler,
            AnswerType.PROVIDED,
            AnswerReason.NOT_HELD,
            "予以公开。",
            on=DUE,
        )
    handling.answer(
        application,
        city_handler,
        AnswerType.WITHHELD,
        AnswerReason.PROCESS_INFO,
        "属于过程性信息。",
        on=DUE,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ANSWERED
    assert application.answered_on == DUE
    assert not application.answered_late()
    assert actions(application)[-1] == ApplicationEvent.Action.ANSWERED


def test_answer_while_consulting_is_refused(application, city_handler):
    handling.start_consultation(
        application, city_handler, "third_party", "第三方", on=RECEIVED
    )
    with pytest.raises(TransitionError, match="请先结束征询"):
        handling.answer(
            application, city_handler, AnswerType.PROVIDED, "", "公开。", on=DUE
        )


def test_closed_applications_accept_no_more_actions(application, city_handler):
    handling.answer(
        application, city_handler, AnswerType.PROVIDED, "", "公开。", on=DUE
    )
    for action in (
        lambda: handling.extend(application, city_handler, 5, "r", "a", on=DUE),
        lambda: handling.start_consultation(
            application, city_handler, "agency", "x", on=DUE
        ),
        lambda: handling.request_correction(application, city_handler, "x", on=DUE),
    ):
        with pytest.raises(TransitionError, match="已答复"):
            action()


def test_future_dates_are_refused(application, city_handler):
    with pytest.raises(TransitionError, match="不能晚于今天"):
        handling.answer(
            application,
            city_handler,
            AnswerType.PROVIDED,
            "",
            "公开。",
            on=date(2099, 1, 5),
        )


def test_late_answer_is_flagged(application, city_handler):
    handling.answer(
        application,
        city_handler,
        AnswerType.PROVIDED,
        "",
        "公开。",
        on=date(2026, 11, 2),
    )
    application.refresh_from_db()
    assert application.answered_late()
