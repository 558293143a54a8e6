"""The public forms in a real browser (Debian's chromium) on a site served by
the live server: accessibility (axe-core, WCAG 2.1 A/AA) of the disclosure
application and the letter form, and their captcha's audio and 换一个."""

import json
import re

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


def fill_application(page, values):
    """Fill the application form as a citizen would, whatever widget each
    field uses (text, select, radio, checkbox)."""
    for name, value in values.items():
        field = page.locator(f'[name="{name}"]')
        kind = field.first.evaluate("e => e.tagName + ':' + (e.type || '')")
        if kind == "SELECT:select-one":
            field.select_option(value)
        elif kind == "INPUT:radio":
            page.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind == "INPUT:checkbox":
            field.check()
        else:
            field.fill(value)


@pytest.mark.parametrize("width", [1280, PHONE_WIDTH])
def test_citizen_applies_with_a_typo_then_sees_the_code_and_looks_it_up(
    forms, open_page, axe_script, width, monkeypatch
):
    """Issue 16's first journey: one mistyped phone number is refused in
    Chinese and keeps what was typed; corrected, the application goes in, the
    receipt shows the tracking code on the port the site is served on, and the
    code with the phone number finds the application's status."""
    from tests.conftest import captcha_answer
    from tests.disclosure.conftest import PERSON

    # The test reads the captcha store between browser steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    page = open_page(forms["application"], width=width)
    values = {**PERSON, "phone": "1380013800"}  # one digit short
    fill_application(page, {**values, "agree": "on"})
    page.fill("input[name=captcha_1]", captcha_answer(page.content())["captcha_1"])
    with page.expect_navigation():
        page.get_by_role("button", name="提交申请", exact=True).click()
    assert "请填写正确的手机号码或固定电话" in page.content()
    assert page.input_value("input[name=name]") == PERSON["name"]
    assert page.input_value("textarea[name=description]") == PERSON["description"]
    assert axe_violations(page, axe_script) == []

    page.fill("input[name=phone]", PERSON["phone"])
    if not page.is_checked("input[name=agree]"):
        page.check("input[name=agree]")
    page.fill("input[name=captcha_1]", captcha_answer(page.content())["captcha_1"])
    with page.expect_navigation():
        page.get_by_role("button", name="提交申请", exact=True).click()
    code = page.locator(".receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z]{2}\d{8}-[A-Z0-9]+", code), code
    # The receipt is on the site as served, port included.
    assert page.url.startswith(forms["application"].split("/disclosure/")[0] + "/")
    assert axe_violations(page, axe_script) == []

    with page.expect_navigation():
        page.get_by_role("link", name="查询办理状态").click()
    page.fill("input[name=tracking_code]", code.lower())
    page.fill("input[name=phone]", PERSON["phone"])
    with page.expect_navigation():
        page.get_by_role("button", name="查询", exact=True).click()
    status = page.content()
    assert "东坡县人民政府办公室" in status
    assert "办理中" in status
    assert PERSON["id_number"] not in status
    assert axe_violations(page, axe_script) == []
