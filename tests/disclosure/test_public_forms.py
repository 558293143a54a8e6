"""The public application form, its receipt and the status lookup: CSRF,
captcha, rate limit, validation in Chinese, attachments checked by content."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from cms.casework.workdays import add_working_days, next_working_day_from
from disclosure.models import (
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
    InformationApplication,
)
from tests.conftest import captcha_answer, captcha_audio
from tests.disclosure.conftest import PERSON, make_application

pytestmark = pytest.mark.django_db
HOST = "city.localhost"


def form_url(body):
    return f"/disclosure/apply/{body.pk}/"


def open_form(client, body):
    """GET the form; return the captcha field values that solve it."""
    response = client.get(form_url(body), HTTP_HOST=HOST)
    assert response.status_code == 200
    return captcha_answer(response.content.decode())


def post(client, body, data, files=None):
    return client.post(
        form_url(body), {**data, **(files or {})}, HTTP_HOST=HOST, follow=False
    )


def person_data(**overrides):
    data = dict(PERSON)
    data["agree"] = "on"
    data.update(overrides)
    return data


def test_citizen_applies_and_gets_a_tracking_code(client, city_body):
    captcha = open_form(client, city_body)
    pdf = SimpleUploadedFile("身份证明.pdf", b"%PDF-1.4 test", "application/pdf")
    response = post(
        client, city_body, {**person_data(), **captcha}, {"attachments": pdf}
    )
    assert response.status_code == 302
    application = InformationApplication.objects.get()
    # Received today, or on the next working day when today is not one (Art. 31).
    received = next_working_day_from(timezone.localdate())
    assert application.body == city_body
    assert application.status == ApplicationStatus.RECEIVED
    assert application.received_on == received
    assert application.due_date == add_working_days(received, 20)
    assert application.name == "张三" and application.id_number == PERSON["id_number"]
    assert application.events.get().action == ApplicationEvent.Action.SUBMITTED
    attachment = ApplicationAttachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.file.read() == b"%PDF-1.4 test"
    receipt = client.get(response["Location"], HTTP_HOST=HOST)
    html = receipt.content.decode()
    assert application.tracking_code in html
    assert application.tracking_code not in response["Location"]


def test_validation_errors_are_in_chinese_and_keep_the_input(client, city_body):
    captcha = open_form(client, city_body)
    data = person_data(
        name="",
        id_number="110105194912310021",
        phone="12345",
        description="太短",
        **captcha,
    )
    data.pop("agree")
    response = post(client, city_body, data)
    assert response.status_code == 400
    html = response.content.decode()
    for message in (
        "申请未提交",
        "请填写申请人姓名或名称。",  # the field named, not Django's stock message
        "身份证号码不正确",
        "请填写正确的手机号码或固定电话",
        "请至少用10个字描述所需信息",
        "请确认所填信息真实有效",
    ):
        assert message in html, message
    assert "zhangsan@example.cn" in html  # what was typed is kept
    assert "必需字段" not in html and "这个字段是必填项" not in html
    assert not InformationApplication.objects.exists()


def test_the_form_speaks_to_the_applicant(client, city_body):
    form_page = client.get(form_url(city_body), HTTP_HOST=HOST).content.decode()
    assert "请选择…" in form_page and "---------" not in form_page
    captcha = open_form(client, city_body)
    data = person_data(email="zhangsan@", **captcha)
    html = post(client, city_body, data).content.decode()
    assert "电子邮箱格式不正确" in html


def test_organisation_needs_credit_code_and_representative(client, city_body):
    captcha = open_form(client, city_body)
    data = person_data(
        applicant_type="commercial", credit_code="91110000ABC", **captcha
    )
    response = post(client, city_body, data)
    html = response.content.decode()
    assert "统一社会信用代码不正确" in html
    assert "请填写法定代表人。" in html and "请填写联系人。" in html
    assert not InformationApplication.objects.exists()


def test_email_delivery_needs_an_email(client, city_body):
    captcha = open_form(client, city_body)
    response = post(client, city_body, person_data(email="", **captcha))
    assert "请填写电子邮箱" in response.content.decode()


def test_the_form_needs_the_shared_captcha(client, city_body):
    """The application form uses cms.protection.captcha (its own behaviour is tested in
    tests/cms/test_captcha.py): the page plays its audio; a wrong answer stores
    nothing, says so in Chinese, keeps the input and shows a new challenge."""
    form_page = client.get(form_url(city_body), HTTP_HOST=HOST).content.decode()
    audio = captcha_audio(client, form_page, HOST)
    assert (audio.status_code, audio["Content-Type"]) == (200, "audio/wav")
    wrong = {**captcha_answer(form_page), "captcha_1": "??????"}
    response = post(client, city_body, person_data(**wrong))
    assert response.status_code == 400
    html = response.content.decode()
    assert "验证码错误或已过期，请按新的图片或语音重新输入。" in html
    for kept in ("name", "id_number", "phone", "address", "description"):
        assert PERSON[kept] in html
    assert captcha_answer(html)["captcha_0"] != wrong["captcha_0"]
    assert not InformationApplication.objects.exists()


def test_markup_is_stripped_from_the_input(client, city_body):
    captcha = open_form(client, city_body)
    description = "<script>alert(1)</script>请公开<b>2025年</b>预算执行情况的报告"
    post(client, city_body, person_data(description=description, **captcha))
    assert InformationApplication.objects.get().description == (
        "请公开2025年预算执行情况的报告"
    )


def test_attachment_is_checked_by_content(client, city_body):
    captcha = open_form(client, city_body)
    fake = SimpleUploadedFile("材料.pdf", b"MZ\x90\x00 executable", "application/pdf")
    response = post(client, city_body, person_data(**captcha), {"attachments": fake})
    assert "内容与扩展名不符" in response.content.decode()
    captcha = open_form(client, city_body)
    script = SimpleUploadedFile("a.exe", b"MZ", "application/octet-stream")
    response = post(client, city_body, person_data(**captcha), {"attachments": script})
    assert "格式不受支持" in response.content.decode()
    assert not InformationApplication.objects.exists()


@override_settings(DISCLOSURE_ATTACHMENT_MAX_BYTES=10)
def test_attachment_size_limit(client, city_body):
    captcha = open_form(client, city_body)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 20, "application/pdf")
    response = post(client, city_body, person_data(**captcha), {"attachments": big})
    assert "大小限制" in response.content.decode()


def test_csrf_token_is_required(city_body):
    client = Client(enforce_csrf_checks=True)
    captcha = open_form(client, city_body)
    response = post(client, city_body, person_data(**captcha))
    assert response.status_code == 403
    assert not InformationApplication.objects.exists()


@override_settings(DISCLOSURE_APPLICATION_RATE_LIMIT=(2, 3600))
def test_submissions_are_rate_limited_per_ip(client, city_body):
    for _attempt in range(2):
        captcha = open_form(client, city_body)
        assert post(client, city_body, person_data(**captcha)).status_code == 302
    captcha = open_form(client, city_body)
    response = post(client, city_body, person_data(**captcha))
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert InformationApplication.objects.count() == 2
    # Another address is not affected.
    captcha = open_form(client, city_body)
    response = client.post(
        form_url(city_body),
        person_data(**captcha),
        HTTP_HOST=HOST,
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302


def test_body_of_another_site_has_no_form_here(client, city_body, other_body):
    response = client.get(form_url(other_body), HTTP_HOST=HOST)
    assert response.status_code == 404


def test_status_lookup_shows_status_and_due_date_only(client, city_body):
    application = make_application(city_body, date(2026, 9, 28))
    response = client.post(
        "/disclosure/apply/status/",
        {"tracking_code": application.tracking_code.lower(), "phone": "138 0013 8000"},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "办理中" in html and "2026-10-30" in html
    for personal in ("张三", "13800138000", PERSON["id_number"], "人民路"):
        assert personal not in html


def test_status_lookup_needs_the_matching_phone(client, city_body, other_city):
    application = make_application(city_body)
    response = client.post(
        "/disclosure/apply/status/",
        {"tracking_code": application.tracking_code, "phone": "13900000000"},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 404
    assert "没有找到" in response.content.decode()
    # Nor does another site's lookup find it.
    response = client.post(
        "/disclosure/apply/status/",
        {"tracking_code": application.tracking_code, "phone": "13800138000"},
        HTTP_HOST="other.localhost",
    )
    assert response.status_code == 404


@override_settings(DISCLOSURE_STATUS_LOOKUP_RATE_LIMIT=(1, 3600))
def test_status_lookup_is_rate_limited(client, city_body):
    data = {"tracking_code": "YS20260101-AAAAAAAA", "phone": "13800138000"}
    client.post("/disclosure/apply/status/", data, HTTP_HOST=HOST)
    response = client.post("/disclosure/apply/status/", data, HTTP_HOST=HOST)
    assert response.status_code == 429
    assert "查询过于频繁" in response.content.decode()


def test_an_oversized_post_gets_the_chinese_400_page(client, city_body):
    body = "description=" + "长" * (1024 * 1024)  # 3 MB once encoded
    response = client.post(
        form_url(city_body),
        body,
        content_type="application/x-www-form-urlencoded",
        HTTP_HOST=HOST,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "请求有误" in html and "Bad Request" not in html
