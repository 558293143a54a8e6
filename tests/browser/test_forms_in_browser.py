"""The public forms in a real browser (Debian's chromium) on a site served by
the live server: accessibility (axe-core, WCAG 2.1 A/AA) of the disclosure
application and the letter form, and their captcha's audio and 换一个."""

import json

import pytest
from django.core.cache import cache

from disclosure.models import IssuingBody
from interaction.models import MailboxKind, MailboxPage
from sites.models import SiteLevel
from tests.browser.conftest import PHONE_WIDTH, axe_violations
from tests.factories import make_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Resolves once the player has read the file's header: a WAV the browser
# cannot decode rejects with the media error code instead.
AUDIO_DURATION = """async () => {
    const audio = document.querySelector(".captcha__audio");
    audio.preload = "metadata";
    const loaded = new Promise((resolve, reject) => {
        audio.addEventListener("loadedmetadata", resolve, { once: true });
        audio.addEventListener("error", () => reject(audio.error.code), { once: true });
    });
    audio.load();
    await loaded;
    return audio.duration;
}"""


@pytest.fixture
def forms(live_server):
    """{"application", "letter"}: the two long public forms of a county site."""
    cache.clear()  # captcha answers and rate-limit counters
    profile = make_site(
        "dongpo.localhost", "东坡县人民政府", SiteLevel.COUNTY, "5120210001"
    )
    body = IssuingBody.objects.create(
        site=profile.site, name="东坡县人民政府办公室", code="11512000MB0000001J"
    )
    mailbox = MailboxPage.objects.descendant_of(profile.site.root_page).get(
        kind=MailboxKind.CONSULTATION
    )
    base = f"http://dongpo.localhost:{live_server.thread.port}"
    return {
        "application": f"{base}/disclosure/apply/{body.pk}/",
        "letter": f"{base}{mailbox.get_url_parts()[2]}write/",
    }


def test_public_forms_have_no_wcag_21_aa_violations(forms, open_page, axe_script):
    found = {}
    for name in forms:
        for width in (1280, PHONE_WIDTH):
            page = open_page(forms[name], width=width)
            if violations := axe_violations(page, axe_script):
                found[f"{name}@{width}"] = violations
            page.context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_the_captcha_plays_its_audio_and_renews_in_place(forms, open_page):
    for name in forms:
        page = open_page(forms[name])
        token = page.locator("input[name=captcha_0]")
        first_token = token.input_value()
        assert page.get_by_label("语音验证码").is_visible()
        assert page.evaluate(AUDIO_DURATION) > 3  # six digits and their gaps
        page.locator(".captcha__answer").fill("12")

        page.get_by_role("button", name="换一个验证码").click()
        page.get_by_role("status").get_by_text("已换一个新的验证码").wait_for()
        assert token.input_value() != first_token
        assert page.locator(".captcha__image").get_attribute("src") == (
            f"/captcha/{token.input_value()}.png"
        )
        # The new image loads (a broken one would keep naturalWidth at 0).
        page.wait_for_function(
            "() => document.querySelector('.captcha__image').naturalWidth > 0"
        )
        assert page.evaluate(AUDIO_DURATION) > 3
        answer = page.locator(".captcha__answer")
        assert answer.input_value() == ""
        assert answer.evaluate("box => box === document.activeElement")
        page.context.close()


def test_without_javascript_the_audio_player_stays_and_renewing_hides(forms, browser):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(forms["application"])
    assert page.get_by_label("语音验证码").is_visible()
    assert not page.get_by_role("button", name="换一个验证码").is_visible()
    context.close()
