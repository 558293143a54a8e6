"""The letter form's rate limit counts accepted letters, and failed captchas
separately (CAPTCHA_FAILURE_RATE_LIMIT, shared with the other public forms)."""

import pytest

from interaction.models import Letter

from .test_public import post_letter

pytestmark = pytest.mark.django_db


def test_typos_do_not_lock_a_writer_out(client, county_mailbox, settings):
    settings.INTERACTION_LETTER_RATE_LIMIT = (1, 3600)
    for _typo in range(5):
        response = post_letter(client, county_mailbox, phone="12345")
        assert response.status_code == 200
        assert "请填写正确的手机号码" in response.content.decode()
    assert post_letter(client, county_mailbox).status_code == 302
    assert post_letter(client, county_mailbox).status_code == 429
    assert Letter.objects.count() == 1


def test_repeated_failed_captchas_are_limited(client, county_mailbox, settings):
    settings.CAPTCHA_FAILURE_RATE_LIMIT = (2, 3600)
    for _guess in range(2):
        response = post_letter(client, county_mailbox, captcha_1="x")
        assert "验证码错误" in response.content.decode()
    refused = post_letter(client, county_mailbox, subject="猜验证码之后")
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "提交过于频繁，请 1 小时后再试。" in body
    assert "猜验证码之后" in body
    assert not Letter.objects.exists()
    other = post_letter(client, county_mailbox, remote_addr="10.0.0.9")
    assert other.status_code == 302
