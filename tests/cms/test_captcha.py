"""The public forms' one captcha (cms/protection/captcha.py): the image and
the audio of the same challenge, 换一个, single use, expiry and the Chinese
messages. Each form has its own test that it uses this captcha (disclosure,
interaction); tests/browser plays the audio in a real browser."""

import io
import re
import time
import wave
from array import array

import pytest
from django import forms
from django.core.cache import cache
from django.test import override_settings

from cms.protection import captcha
from cms.protection.captcha import (
    DIGITS,
    LENGTH,
    CaptchaField,
    check_answer,
    new_challenge,
    with_captcha,
)
from cms.protection.captcha_audio import NOISE
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


def test_a_challenge_is_six_digits():
    answer = captcha_answer(OpinionForm().as_div())["captcha_1"]
    assert len(answer) == LENGTH == 6
    assert set(answer) <= set(DIGITS)


def test_the_right_answer_passes_only_once():
    values = captcha_answer(OpinionForm().as_div())
    data = {"opinion": "好", **values}
    assert OpinionForm(data).is_valid()
    replay = OpinionForm(data)
    assert not replay.is_valid()
    assert replay.errors["captcha"] == [
        "验证码错误或已过期，请按新的图片或语音重新输入。"
    ]


def test_full_width_digits_and_spaces_of_chinese_input_methods_pass():
    values = captcha_answer(OpinionForm().as_div())
    full_width = " ".join(chr(ord(d) + 0xFEE0) for d in values["captcha_1"])
    assert OpinionForm({"opinion": "好", **values, "captcha_1": full_width}).is_valid()


def test_a_wrong_answer_uses_the_challenge_up():
    values = captcha_answer(OpinionForm().as_div())
    wrong = "".join(str((int(d) + 1) % 10) for d in values["captcha_1"])
    form = OpinionForm({"opinion": "好", **values, "captcha_1": wrong})
    assert not form.is_valid()
    assert not OpinionForm({"opinion": "好", **values}).is_valid()


def test_a_missing_answer_gets_a_chinese_message():
    values = captcha_answer(OpinionForm().as_div())
    form = OpinionForm({"opinion": "好", "captcha_0": values["captcha_0"]})
    assert not form.is_valid()
    assert form.errors["captcha"] == ["请输入验证码。"]


def test_unknown_or_empty_tokens_fail():
    assert not check_answer("", "123456")
    assert not check_answer("not-a-token", "123456")
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


def test_every_rendering_shows_a_new_challenge_and_labels_the_answer_box():
    form = OpinionForm()
    first, second = captcha_answer(form.as_div()), captcha_answer(form.as_div())
    assert first["captcha_0"] != second["captcha_0"]
    html = form.as_div()
    token = captcha_answer(html)["captcha_0"]
    assert 'for="id_captcha_1"' in html
    answer_box = re.search(r'<input type="text" name="captcha_1"[^>]*>', html)[0]
    assert 'autocomplete="off"' in answer_box
    assert 'inputmode="numeric"' in answer_box
    assert f'src="/captcha/{token}.png" alt="验证码图片"' in html
    # The audio plays without JavaScript, and links the file where <audio>
    # is not supported; 换一个 needs JavaScript, which unhides it.
    assert (
        f'<audio class="captcha__audio" controls preload="none" '
        f'src="/captcha/{token}.wav" aria-label="语音验证码">'
        f'<a href="/captcha/{token}.wav">收听语音验证码</a></audio>'
    ) in html
    assert 'aria-label="换一个验证码" hidden>换一个</button>' in html
    assert "请输入图片中的数字；看不清可播放语音验证码收听。" in html


def wav_of(response):
    """(duration in seconds, samples) of a WAV response."""
    with wave.open(io.BytesIO(response.content)) as audio:
        assert (audio.getnchannels(), audio.getsampwidth()) == (1, 2)
        frames = audio.readframes(audio.getnframes())
        return audio.getnframes() / audio.getframerate(), array("h", frames)


@pytest.mark.django_db  # the 404 page looks up the site
def test_the_image_and_the_audio_are_served_while_the_challenge_is_pending(client):
    token = captcha_answer(OpinionForm().as_div())["captcha_0"]
    image = client.get(f"/captcha/{token}.png")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert image["Cache-Control"] == "no-store"
    audio = client.get(f"/captcha/{token}.wav")
    assert audio.status_code == 200
    assert audio["Content-Type"] == "audio/wav"
    assert audio["Cache-Control"] == "no-store"
    _duration, samples = wav_of(audio)
    # Speech (recordings peak at 90 % of full scale) well above the noise.
    assert max(samples) > 10 * NOISE
    for unknown in ("/captcha/unknown.png", "/captcha/unknown.wav"):
        assert client.get(unknown).status_code == 404
    check_answer(token, "used up")
    assert client.get(f"/captcha/{token}.png").status_code == 404
    assert client.get(f"/captcha/{token}.wav").status_code == 404


@pytest.mark.django_db
def test_the_audio_grows_with_the_code_and_varies_between_challenges(
    client, monkeypatch
):
    def duration_of_a_code_of(length):
        monkeypatch.setattr(captcha, "LENGTH", length)
        return wav_of(client.get(f"/captcha/{new_challenge()}.wav"))[0]

    # 0.4-0.6 s before and after; a digit's recording (0.30-0.52 s) at
    # 0.92-1.08 speed; 0.35-0.75 s between digits. So a code of one digit
    # lasts at most 1.8 s, one of six at least 4.2 s.
    one, six = duration_of_a_code_of(1), duration_of_a_code_of(6)
    assert one < 1.8 < 4.2 < six
    # The same answer never sounds byte-identical under another token; the
    # same token gives the player the same file each time it asks.
    first, second = new_challenge(), new_challenge()
    answer = cache.get(captcha._cache_key(first))
    cache.set(captcha._cache_key(second), answer)
    first_wav = client.get(f"/captcha/{first}.wav").content
    assert first_wav != client.get(f"/captcha/{second}.wav").content
    assert first_wav == client.get(f"/captcha/{first}.wav").content


@override_settings(CAPTCHA_MAX_AGE_SECONDS=60)
@pytest.mark.django_db
def test_the_audio_expires_with_the_challenge(client, monkeypatch):
    token = new_challenge()
    issued = time.time()
    monkeypatch.setattr(time, "time", lambda: issued + 59)
    assert client.get(f"/captcha/{token}.wav").status_code == 200
    monkeypatch.setattr(time, "time", lambda: issued + 61)
    assert client.get(f"/captcha/{token}.wav").status_code == 404


@pytest.mark.django_db
def test_renewing_gives_another_pending_challenge(client):
    response = client.get("/captcha/new")
    assert response["Cache-Control"] == "no-store"
    challenge = response.json()
    token = challenge["token"]
    assert challenge == {
        "token": token,
        "image": f"/captcha/{token}.png",
        "audio": f"/captcha/{token}.wav",
    }
    assert client.get(challenge["audio"]).status_code == 200
    answer = cache.get(captcha._cache_key(token))
    assert answer not in response.content.decode().replace(token, "")
    assert check_answer(token, answer)


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


@pytest.mark.django_db
@override_settings(CAPTCHA_RENEW_RATE_LIMIT=(2, 600))
def test_renewing_is_rate_limited_per_client(client):
    assert client.get("/captcha/new").status_code == 200
    assert client.get("/captcha/new").status_code == 200
    refused = client.get("/captcha/new")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert refused.json() == {"error": "换验证码过于频繁，请 10 分钟后再试。"}
    # Another address is not affected.
    assert client.get("/captcha/new", REMOTE_ADDR="10.0.0.9").status_code == 200
