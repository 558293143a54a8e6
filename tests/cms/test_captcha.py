"""The public forms' one captcha (cms/captcha.py): the image, single use,
expiry, case-insensitive answers and the Chinese messages. Each form has its
own test that it uses this captcha (disclosure, interaction)."""

import time

import pytest
from django import forms
from django.core.cache import cache
from django.test import override_settings

from cms.protection.captcha import (
    ALPHABET,
    LENGTH,
    CaptchaField,
    check_answer,
    new_challenge,
    with_captcha,
)
from tests.conftest import captcha_answer


@pytest.fixture(autouse=True)
def empty_cache():
    """Captcha answers live in the cache."""
    cache.clear()
    yield
    cache.clear()


class OpinionForm(forms.Form):
    opinion = forms.CharField(label="意见")
    captcha = CaptchaField()


def test_a_challenge_is_four_unambiguous_characters():
    answer = captcha_answer(OpinionForm().as_div())["captcha_1"]
    assert len(answer) == LENGTH
    assert set(answer) <= set(ALPHABET)


def test_the_right_answer_passes_in_any_case_and_only_once():
    values = captcha_answer(OpinionForm().as_div())
    data = {"opinion": "好", **values, "captcha_1": values["captcha_1"].lower()}
    assert OpinionForm(data).is_valid()
    replay = OpinionForm(data)
    assert not replay.is_valid()
    assert replay.errors["captcha"] == ["验证码错误或已过期，请按新图片重新输入。"]


def test_a_wrong_answer_uses_the_challenge_up():
    values = captcha_answer(OpinionForm().as_div())
    wrong = "A" if values["captcha_1"][0] != "A" else "C"
    form = OpinionForm({"opinion": "好", **values, "captcha_1": wrong * LENGTH})
    assert not form.is_valid()
    assert not OpinionForm({"opinion": "好", **values}).is_valid()


def test_a_missing_answer_gets_a_chinese_message():
    values = captcha_answer(OpinionForm().as_div())
    form = OpinionForm({"opinion": "好", "captcha_0": values["captcha_0"]})
    assert not form.is_valid()
    assert form.errors["captcha"] == ["请输入验证码。"]


def test_unknown_or_empty_tokens_fail():
    assert not check_answer("", "ABCD")
    assert not check_answer("not-a-token", "ABCD")
    assert not check_answer(new_challenge(), "")


@override_settings(CAPTCHA_MAX_AGE_SECONDS=60)
def test_challenges_expire(monkeypatch):
    fresh, stale = (captcha_answer(OpinionForm().as_div()) for _i in range(2))
    issued = time.time()
    # The cache (LocMemCache in tests, Redis in production) keeps the answer
    # for CAPTCHA_MAX_AGE_SECONDS; move its clock instead of sleeping.
    monkeypatch.setattr(time, "time", lambda: issued + 59)
    assert OpinionForm({"opinion": "好", **fresh}).is_valid()
    monkeypatch.setattr(time, "time", lambda: issued + 61)
    assert not OpinionForm({"opinion": "好", **stale}).is_valid()


def test_every_rendering_shows_a_new_image_and_labels_the_answer_box():
    form = OpinionForm()
    first, second = captcha_answer(form.as_div()), captcha_answer(form.as_div())
    assert first["captcha_0"] != second["captcha_0"]
    html = form.as_div()
    assert 'for="id_captcha_1"' in html
    assert 'class="captcha__answer"' in html
    assert 'alt="验证码图片"' in html


@pytest.mark.django_db  # the 404 page looks up the site
def test_the_image_is_served_while_the_challenge_is_pending(client):
    token = captcha_answer(OpinionForm().as_div())["captcha_0"]
    image = client.get(f"/captcha/{token}.png")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert image["Cache-Control"] == "no-store"
    assert client.get("/captcha/unknown.png").status_code == 404
    check_answer(token, "used up")
    assert client.get(f"/captcha/{token}.png").status_code == 404


def test_the_answer_never_reaches_the_browser():
    html = OpinionForm().as_div()
    values = captcha_answer(html)
    assert values["captcha_1"] not in html.replace(values["captcha_0"], "")


def test_with_captcha_adds_the_field_last():
    class Plain(forms.Form):
        opinion = forms.CharField()

    wrapped = with_captcha(Plain)
    assert list(wrapped.base_fields) == ["opinion", "captcha"]
    assert "captcha" not in Plain.base_fields
