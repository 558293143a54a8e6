"""Every public form names the field in its errors, never Django's stock
"必需字段" or "确保该值不超过…": the letter, lookup, application and status
forms (the solicitation form is in tests/interaction/test_pages.py)."""

import pytest
from django import forms
from django.utils import translation

from cms.casework.form_messages import stock_messages
from disclosure.forms.public import ApplicationForm, StatusLookupForm
from interaction.forms import LetterForm, LookupForm
from interaction.models import MailboxPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def stock_texts():
    """Every stock message of Django's form fields and length validators,
    in Chinese."""
    texts = set()
    for cls in vars(forms.fields).values():
        if isinstance(cls, type) and issubclass(cls, forms.Field):
            texts.update(str(m) for m in stock_messages(cls.__new__(cls)).values())
    texts.update(["必需字段", "这个字段是必填项。", "确保该值不超过", "确保该值不少于"])
    return texts


def messages(form):
    assert not form.is_valid()
    return {name: [str(m) for m in errors] for name, errors in form.errors.items()}


def assert_no_stock_message(found):
    stock = stock_texts()
    for name, texts in found.items():
        for text in texts:
            assert not any(s and s in text for s in stock), (name, text)


def letter_form(data):
    mailbox = MailboxPage(title="县长信箱", categories="咨询\n建议")
    return LetterForm(data, mailbox=mailbox)


def test_the_letter_form_names_each_field():
    found = messages(letter_form({}))
    assert found["name"] == ["请填写姓名。"]
    assert found["phone"] == ["请填写联系电话。"]
    assert found["subject"] == ["请填写标题。"]
    assert found["category"] == ["请选择分类。"]
    assert found["content"] == ["请填写来信内容。"]
    assert found["captcha"] == ["请输入验证码。"]
    assert_no_stock_message(found)
    found = messages(
        letter_form({"name": "张" * 51, "phone": "1" * 21, "email": "not-an-address"})
    )
    assert found["name"] == ["姓名不能超过 50 个字（现有 51 个）。"]
    assert found["phone"] == ["联系电话不能超过 20 个字（现有 21 个）。"]
    assert found["email"] == ["请填写有效的电子邮箱地址。"]
    assert_no_stock_message(found)


def test_the_letter_lookup_form_names_each_field():
    found = messages(LookupForm({}))
    assert found == {
        "tracking_code": ["请填写查询码。"],
        "phone": ["请填写联系电话。"],
    }
    found = messages(LookupForm({"tracking_code": "X" * 40, "phone": "1"}))
    assert found["tracking_code"][0].startswith("查询码不能超过")


def test_the_status_lookup_form_names_each_field():
    found = messages(StatusLookupForm({}))
    assert found == {
        "tracking_code": ["请填写查询码。"],
        "phone": ["请填写联系电话。"],
    }
    found = messages(StatusLookupForm({"tracking_code": "Y" * 31, "phone": "1"}))
    assert found["tracking_code"] == ["查询码不能超过 30 个字（现有 31 个）。"]


def test_the_application_form_names_each_field():
    found = messages(ApplicationForm({}))
    assert found["applicant_type"] == ["请选择申请人类型。"]
    assert found["agree"] == ["请确认所填信息真实有效。"]
    assert found["captcha"] == ["请输入验证码。"]
    assert_no_stock_message(found)
    found = messages(ApplicationForm({"email": "bad", "postcode": "1" * 20}))
    assert found["email"] == [
        "电子邮箱格式不正确，请核对（例如 zhangsan@example.com）。"
    ]
    assert_no_stock_message(found)
