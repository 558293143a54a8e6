"""The application form's rate limit counts accepted applications, and failed
captchas separately (CAPTCHA_FAILURE_RATE_LIMIT): a citizen's typos never lock
them out, a client guessing captchas is stopped."""

import pytest
from django.test import override_settings

from disclosure.models import InformationApplication
from tests.disclosure.test_public_forms import HOST, form_url, open_form, person_data

pytestmark = pytest.mark.django_db


def apply(client, body, remote_addr="127.0.0.1", wrong_captcha=False, **overrides):
    captcha = open_form(client, body)
    if wrong_captcha:
        captcha["captcha_1"] = "000000" if captcha["captcha_1"] != "000000" else "1"
    return client.post(
        form_url(body),
        person_data(**captcha, **overrides),
        HTTP_HOST=HOST,
        REMOTE_ADDR=remote_addr,
    )


@override_settings(
    DISCLOSURE_APPLICATION_RATE_LIMIT=(2, 3600), CAPTCHA_FAILURE_RATE_LIMIT=(20, 3600)
)
def test_typos_do_not_lock_a_citizen_out(client, city_body):
    for _typo in range(6):
        response = apply(client, city_body, phone="12345")
        assert response.status_code == 400
        assert "请填写正确的手机号码" in response.content.decode()
    assert apply(client, city_body).status_code == 302
    assert apply(client, city_body).status_code == 302
    # Accepted applications do count: the third is refused.
    refused = apply(client, city_body)
    assert refused.status_code == 429
    assert "提交过于频繁，请 1 小时后再试。" in refused.content.decode()
    assert InformationApplication.objects.count() == 2


@override_settings(
    DISCLOSURE_APPLICATION_RATE_LIMIT=(5, 3600), CAPTCHA_FAILURE_RATE_LIMIT=(3, 600)
)
def test_repeated_failed_captchas_are_limited(client, city_body):
    for _guess in range(3):
        response = apply(client, city_body, wrong_captcha=True)
        assert response.status_code == 400
        assert "验证码错误" in response.content.decode()
    # Even a right answer is refused now, with the captcha limit's wait.
    refused = apply(client, city_body)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "提交过于频繁，请 10 分钟后再试。" in html
    assert "张三" in html  # the applicant's input is kept
    assert not InformationApplication.objects.exists()
    # Another address is not affected.
    assert apply(client, city_body, remote_addr="10.0.0.9").status_code == 302


def test_the_captcha_allowance_is_higher_than_the_forms(settings):
    accepted, _window = settings.DISCLOSURE_APPLICATION_RATE_LIMIT
    failed, _window = settings.CAPTCHA_FAILURE_RATE_LIMIT
    assert failed > accepted
