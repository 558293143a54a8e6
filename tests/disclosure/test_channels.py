"""Every channel and every pause the Regulations name: applications staff
register for letters, visits, faxes and oral requests (art. 29, 31);
consultations of third parties and other agencies (art. 32-34); the
information-processing fee (2020 measures); the agency named under art. 36(5).
Dates on the real 2026 calendar (National Day 1-7 Oct, Sat 10 Oct worked)."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from disclosure import handling
from disclosure.annual_report import count_applications
from disclosure.fees import price_by_count, price_by_volume
from disclosure.handling import TransitionError
from disclosure.models import (
    AnswerReason,
    AnswerType,
    ApplicationEvent,
    ApplicationStatus,
    Channel,
    InformationApplication,
)
from tests.disclosure.conftest import PERSON, make_application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 9, 28)
DUE = date(2026, 10, 30)  # 20 working days after RECEIVED


@pytest.fixture
def application(city_body):
    return make_application(city_body, RECEIVED)


# --- Receipt dates of the offline channels (art. 31) -------------------------


@pytest.mark.parametrize(
    ("channel", "dates", "received"),
    [
        (Channel.IN_PERSON, (date(2026, 10, 9), None, None), date(2026, 10, 9)),
        (Channel.ORAL, (date(2026, 10, 9), None, None), date(2026, 10, 9)),
        (
            Channel.POST,
            (date(2026, 10, 9), date(2026, 10, 12), None),
            date(2026, 10, 12),
        ),
        (  # ordinary mail: the day the office confirms with the applicant
            Channel.POST,
            (date(2026, 10, 9), None, date(2026, 10, 13)),
            date(2026, 10, 13),
        ),
        (
            Channel.FAX,
            (date(2026, 10, 9), date(2026, 10, 9), date(2026, 10, 14)),
            date(2026, 10, 14),
        ),
    ],
)
def test_receipt_date_follows_the_channel(channel, dates, received):
    assert handling.offline_receipt_date(channel, *dates) == received


@pytest.mark.parametrize(
    ("channel", "dates", "message"),
    [
        (Channel.POST, (date(2026, 10, 9), None, None), "签收日期"),
        (Channel.FAX, (date(2026, 10, 9), None, None), "双方确认之日"),
        (Channel.ONLINE, (date(2026, 10, 9), None, None), "网上申请"),
        (Channel.POST, (date(2026, 10, 9), date(2026, 10, 8), None), "不能早于"),
    ],
)
def test_receipt_date_errors_are_explained(channel, dates, message):
    with pytest.raises(TransitionError, match=message):
        handling.offline_receipt_date(channel, *dates)


REGISTER = "/admin/disclosure/register/"


def registration(body, **overrides):
    data = {
        **PERSON,
        "body": body.pk,
        "channel": "post",
        "submitted_on": "2026-10-09",
        "signed_for_on": "2026-10-12",
        "confirmed_on": "",
    }
    data.update(overrides)
    return data


def test_staff_register_a_letter_with_its_receipt_date(client, city_handler, city_body):
    client.force_login(city_handler)
    page = client.get(REGISTER, HTTP_HOST="localhost")
    assert page.status_code == 200
    assert "签收日期" in page.content.decode()
    response = client.post(
        REGISTER, registration(city_body), HTTP_HOST="localhost", follow=True
    )
    application = InformationApplication.objects.get()
    assert application.channel == Channel.POST
    assert application.received_on == date(2026, 10, 12)
    # Counting starts the next working day: the 20th is Monday 9 Nov.
    assert application.due_date == date(2026, 11, 9)
    event = application.events.get()
    assert event.action == ApplicationEvent.Action.REGISTERED
    assert event.actor == city_handler
    html = response.content.decode()
    assert application.tracking_code in html and "请将查询码告知申请人" in html
    assert "信函申请" in html


def test_registration_errors_are_shown_and_change_nothing(
    client, city_handler, city_body
):
    client.force_login(city_handler)
    response = client.post(
        REGISTER,
        registration(city_body, channel="fax", signed_for_on=""),
        HTTP_HOST="localhost",
    )
    assert response.status_code == 400
    assert "传真申请请填写双方确认之日" in response.content.decode()
    response = client.post(
        REGISTER, registration(city_body, channel="online"), HTTP_HOST="localhost"
    )
    assert response.status_code == 400
    assert not InformationApplication.objects.exists()


def test_registration_is_only_for_the_bodies_one_handles(
    client, other_handler, city_body, city
):
    client.force_login(other_handler)
    response = client.post(REGISTER, registration(city_body), HTTP_HOST="localhost")
    assert response.status_code == 400  # the city's body is not a choice
    assert not InformationApplication.objects.exists()
    stranger = UserFactory(username="stranger", groups=[])
    stranger.groups.add(city.reviewers_group)
    client.force_login(stranger)
    assert client.get(REGISTER, HTTP_HOST="localhost").status_code in (302, 403)


# --- Consultations (art. 32-34) ----------------------------------------------


def test_third_party_and_agency_consultations_pause_each_day_once(
    application, city_handler
):
    handling.start_consultation(
        application, city_handler, "third_party", "某某公司", on=date(2026, 9, 30)
    )
    handling.start_consultation(
        application, city_handler, "agency", "测试市财政局", on=date(2026, 10, 9)
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONSULTING
    third, agency = application.consultations.order_by("started_on")
    with pytest.raises(TransitionError, match="已征求过某某公司的意见"):
        handling.start_consultation(
            application, city_handler, "third_party", "某某公司", on=date(2026, 10, 9)
        )
    # The third party answers after 8, 9, 10, 12, 13 Oct: still consulting.
    handling.end_consultation(application, city_handler, third, on=date(2026, 10, 13))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONSULTING
    # The agency after 10, 12-16, 19, 20 Oct; together 10 distinct days.
    handling.end_consultation(
        application, city_handler, agency, on=date(2026, 10, 20), note="同意公开"
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    assert application.paused_working_days == 10
    assert application.due_date == date(2026, 11, 13)
    event = application.events.last()
    assert event.action == ApplicationEvent.Action.CONSULTATION_ENDED
    assert event.due_date == date(2026, 11, 13) and "测试市财政局" in event.note


@pytest.mark.parametrize(("setting", "cap"), [(15, 15), (10, 10)])
def test_an_agency_consultation_pauses_at_most_its_period(
    application, city_handler, settings, setting, cap
):
    settings.DISCLOSURE_AGENCY_CONSULTATION_WORKING_DAYS = setting
    handling.start_consultation(
        application, city_handler, "agency", "测试市财政局", on=RECEIVED
    )
    application.refresh_from_db()
    assert application.due_date == handling.add_working_days(DUE, cap)
    handling.end_consultation(
        application,
        city_handler,
        application.consultations.get(),
        on=date(2026, 11, 27),
    )
    application.refresh_from_db()
    assert application.paused_working_days == cap


# --- The information-processing fee (2020 measures) -------------------------


# 国办函〔2020〕109号: by count, up to 10 applications of one applicant in a
# calendar month free, the 11th to 30th 100 yuan each, past 30 every 10 more
# raise the price by 100 yuan; by volume, up to 30 pages free, pages 31-100 at
# 10 yuan, 101-200 at 20 yuan, past 200 at 40 yuan a page.
@pytest.mark.parametrize(
    ("number", "price"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
    ],
)
def test_fee_by_count_on_both_sides_of_each_tier(number, price):
    assert price_by_count(number) == Decimal(price)


@pytest.mark.parametrize(
    ("pages", "price"),
    [(30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)],
)
def test_fee_by_volume_on_both_sides_of_each_tier(pages, price):
    assert price_by_volume(pages) == Decimal(price)


def test_fee_tiers_are_settings(settings):
    settings.DISCLOSURE_FEE_BY_VOLUME_TIERS = ((50, 0), (None, 5))
    assert price_by_volume(50) == 0
    assert price_by_volume(52) == 10


def test_the_eleventh_application_of_a_month_is_charged(city_body, city_handler):
    applications = [
        make_application(city_body, date(2026, 10, day)) for day in range(8, 19)
    ]
    tenth, eleventh = applications[9], applications[10]
    with pytest.raises(TransitionError, match="未达到收费标准"):
        handling.notify_fee(tenth, city_handler, "by_count", on=date(2026, 10, 19))
    handling.notify_fee(eleventh, city_handler, "by_count", on=date(2026, 10, 19))
    eleventh.refresh_from_db()
    assert eleventh.fee_notice.quantity == 11
    assert eleventh.fee_notice.amount == Decimal(100)


def test_the_fee_notice_pauses_the_clock_until_payment(application, city_handler):
    handling.notify_fee(
        application, city_handler, "by_volume", pages=120, on=date(2026, 10, 9)
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FEE_PENDING
    notice = application.fee_notice
    assert notice.amount == Decimal(1100)  # 70 × 10 + 20 × 20
    # 20 working days to pay, all assumed paused while awaited.
    assert notice.payment_due == date(2026, 11, 5)
    assert application.due_date == handling.add_working_days(DUE, 20)
    with pytest.raises(TransitionError, match="等待申请人缴纳"):
        handling.answer(application, city_handler, AnswerType.PROVIDED, "", "公开。")
    # Paid after 10, 12, 13, 14 Oct: four days not counted.
    handling.receive_fee(application, city_handler, on=date(2026, 10, 14))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    assert application.paused_working_days == 4
    assert application.due_date == date(2026, 11, 5)
    assert application.events.last().action == ApplicationEvent.Action.FEE_PAID
    with pytest.raises(TransitionError, match="已发出过收费通知"):
        handling.notify_fee(application, city_handler, "by_volume", pages=50)


def test_an_unpaid_fee_closes_the_application_after_the_period(
    application, city, city_handler
):
    handling.notify_fee(
        application, city_handler, "by_volume", pages=31, on=date(2026, 10, 9)
    )
    with pytest.raises(TransitionError, match="尚未届满"):
        handling.close_unpaid(application, city_handler, on=date(2026, 11, 5))
    with pytest.raises(TransitionError, match="缴费期限（2026-11-05）已过"):
        handling.receive_fee(application, city_handler, on=date(2026, 11, 6))
    handling.close_unpaid(application, city_handler, on=date(2026, 11, 6))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FEE_UNPAID
    assert application.answer_reason == AnswerReason.FEE_UNPAID
    counts = count_applications(city.site, 2026)
    assert counts.get("other:fee_unpaid") == 1


def test_fee_actions_through_the_admin(client, city_handler, application):
    url = reverse("disclosure_admin:application", args=[application.pk])
    client.force_login(city_handler)
    response = client.post(
        url,
        {
            "action": "notify_fee",
            "notify_fee-on": "2026-10-09",
            "notify_fee-method": "by_volume",
            "notify_fee-pages": "",
        },
        HTTP_HOST="localhost",
    )
    assert response.status_code == 400
    assert "按量计收请填写页数" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "notify_fee",
            "notify_fee-on": "2026-10-09",
            "notify_fee-method": "by_volume",
            "notify_fee-pages": "40",
        },
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    page = client.get(url, HTTP_HOST="localhost").content.decode()
    assert "100.00 元" in page and "申请人已缴费" in page


# --- The responsible agency (art. 36(5)) -------------------------------------


def test_the_responsible_agency_is_a_field_of_the_answer(
    application, city_handler, other_body
):
    with pytest.raises(TransitionError, match="本机关不掌握相关政府信息"):
        handling.answer(
            application,
            city_handler,
            AnswerType.PROVIDED,
            "",
            "公开。",
            referred_body=other_body,
            on=DUE,
        )
    handling.answer(
        application,
        city_handler,
        AnswerType.CANNOT_PROVIDE,
        AnswerReason.NOT_HELD,
        "请向另一市人民政府办公室申请。",
        referred_body=other_body,
        on=DUE,
    )
    application.refresh_from_db()
    assert application.referred_body == other_body


def test_the_deadlines_command_closes_unpaid_applications(application, city_handler):
    handling.notify_fee(
        application, city_handler, "by_volume", pages=31, on=date(2026, 10, 9)
    )
    out = StringIO()
    call_command("disclosure_deadlines", "--today", "2026-11-05", "--lapse", stdout=out)
    assert "缴费期限已过、待终止办理：0 件" in out.getvalue()
    out = StringIO()
    call_command("disclosure_deadlines", "--today", "2026-11-06", "--lapse", stdout=out)
    assert "缴费期限 2026-11-05" in out.getvalue()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FEE_UNPAID


def status_page(client, application):
    return client.post(
        "/disclosure/apply/status/",
        {"tracking_code": application.tracking_code, "phone": PERSON["phone"]},
        HTTP_HOST="city.localhost",
    ).content.decode()


def test_the_applicant_sees_the_fee_and_the_responsible_agency(
    client, application, city_handler, other_body
):
    handling.notify_fee(
        application, city_handler, "by_volume", pages=40, on=date(2026, 10, 9)
    )
    html = status_page(client, application)
    assert "待缴纳信息处理费" in html and "100.00 元，请于 2026-11-05 前缴纳" in html
    handling.receive_fee(application, city_handler, on=date(2026, 10, 12))
    other_body.office_phone = "0826-7654321"
    other_body.save()
    handling.answer(
        application,
        city_handler,
        AnswerType.CANNOT_PROVIDE,
        AnswerReason.NOT_HELD,
        "请向另一市人民政府办公室申请。",
        referred_body=other_body,
        on=DUE,
    )
    html = status_page(client, application)
    assert "另一市人民政府办公室" in html and "0826-7654321" in html


def test_the_responsible_agency_through_the_admin(
    client, city_handler, application, other_body
):
    client.force_login(city_handler)
    url = reverse("disclosure_admin:application", args=[application.pk])
    response = client.post(
        url,
        {
            "action": "answer",
            "answer-on": DUE.isoformat(),
            "answer-answer_type": "cannot_provide",
            "answer-reason": "not_held",
            "answer-text": "本机关不掌握，请向另一市申请。",
            "answer-referred_body": other_body.pk,
        },
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.referred_body == other_body
