"""The public mailbox pages: writing, receipt, lookup, listing, and that
nothing personal ever reaches the public."""

import pytest
from django.utils import timezone

from cms.delivery.models import StaticRenderRequest
from interaction import handling
from interaction.models import Letter, LetterStatus
from tests.conftest import captcha_answer, captcha_audio

from .conftest import answer_letter, path_of, write_letter

pytestmark = pytest.mark.django_db

HOST = "county.localhost"

VALID = {
    "name": "李四",
    "phone": "139 0000 1111",
    "email": "lisi@example.cn",
    "subject": "咨询<b>学区</b>划分",
    "category": "咨询",
    "content": "<script>alert(1)</script>请问学区怎么划分？需要哪些材料？",
    "agrees_to_publish": "on",
}


def post_letter(client, mailbox, remote_addr="127.0.0.1", **overrides):
    write_url = path_of(mailbox, "write/")
    form_page = client.get(write_url, HTTP_HOST=HOST)
    captcha = captcha_answer(form_page.content.decode())
    data = {**VALID, **captcha, **overrides}
    return client.post(write_url, data, HTTP_HOST=HOST, REMOTE_ADDR=remote_addr)


def test_letter_from_form_to_published_answer(
    client, county_mailbox, county_department, county_editor, county_reviewer
):
    response = post_letter(client, county_mailbox)
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.phone == "13900001111"
    assert letter.subject == "咨询学区划分"
    assert "<script>" not in letter.content
    assert letter.agrees_to_publish

    receipt = client.get(response["Location"], HTTP_HOST=HOST)
    assert letter.tracking_code in receipt.content.decode()
    assert letter.due_date.strftime("%Y-%m-%d") in receipt.content.decode()
    # The receipt is shown once; reloading it does not reveal the code again.
    again = client.get(response["Location"], HTTP_HOST=HOST)
    assert again.status_code == 302

    lookup_url = path_of(county_mailbox, "lookup/")
    pending = client.post(
        lookup_url,
        {"tracking_code": letter.tracking_code.lower(), "phone": "13900001111"},
        HTTP_HOST=HOST,
    )
    assert "待分办" in pending.content.decode()

    handling.assign(letter, county_department, county_editor)
    handling.draft_answer(letter, "答复：按招生方案执行。", county_editor)
    draft_view = client.post(
        lookup_url,
        {"tracking_code": letter.tracking_code, "phone": "13900001111"},
        HTTP_HOST=HOST,
    )
    assert "按招生方案执行" not in draft_view.content.decode()
    handling.approve(letter, county_reviewer)
    answered = client.post(
        lookup_url,
        {"tracking_code": letter.tracking_code, "phone": "13900001111"},
        HTTP_HOST=HOST,
    )
    assert "按招生方案执行" in answered.content.decode()

    listing = client.get(path_of(county_mailbox), HTTP_HOST=HOST).content.decode()
    assert "咨询学区划分" not in listing
    handling.publish(letter, county_reviewer)
    listing = client.get(path_of(county_mailbox), HTTP_HOST=HOST).content.decode()
    received = timezone.localtime(letter.received_at).strftime("%Y-%m-%d %H:%M")
    answered_at = timezone.localtime(letter.answered_at).strftime("%Y-%m-%d %H:%M")
    assert "咨询学区划分" in listing
    assert received in listing and answered_at in listing

    detail = client.get(
        path_of(county_mailbox, f"letters/{letter.pk}/"), HTTP_HOST=HOST
    ).content.decode()
    assert "按招生方案执行" in detail
    assert received in detail and answered_at in detail
    for public_page in (listing, detail):
        for personal in ("李四", "13900001111", "lisi@example.cn", "139 0000"):
            assert personal not in public_page
        assert letter.tracking_code not in public_page


def test_lookup_needs_the_matching_phone(client, county_mailbox):
    letter = write_letter(county_mailbox)
    response = client.post(
        path_of(county_mailbox, "lookup/"),
        {"tracking_code": letter.tracking_code, "phone": "13900009999"},
        HTTP_HOST=HOST,
    )
    body = response.content.decode()
    assert "查询码或联系电话不正确" in body
    assert letter.subject not in body


def test_letters_of_another_mailbox_are_not_found_here(client, cluster):
    from .conftest import mailbox_of

    town_letter = write_letter(mailbox_of(cluster.town))
    county_mailbox = mailbox_of(cluster.county)
    response = client.post(
        path_of(county_mailbox, "lookup/"),
        {"tracking_code": town_letter.tracking_code, "phone": "13800138000"},
        HTTP_HOST=HOST,
    )
    assert "查询码或联系电话不正确" in response.content.decode()


def test_unpublished_letters_have_no_public_page(
    client, county_mailbox, county_department, county_editor, county_reviewer
):
    letter = write_letter(county_mailbox)
    handling.assign(letter, county_department, county_editor)
    handling.draft_answer(letter, "答复", county_editor)
    handling.approve(letter, county_reviewer)
    response = client.get(
        path_of(county_mailbox, f"letters/{letter.pk}/"), HTTP_HOST=HOST
    )
    assert response.status_code == 404


def test_form_errors_are_in_chinese_and_keep_the_input(client, county_mailbox):
    response = post_letter(
        client,
        county_mailbox,
        name="",
        phone="12345",
        email="not-an-email",
        content="太短",
        category="不存在的分类",
    )
    assert response.status_code == 200
    body = response.content.decode()
    for message in (
        "请填写姓名。",
        "请填写正确的手机号码",
        "请填写有效的电子邮箱地址。",
        "内容至少10个字",
        "请从列表中选择分类。",
    ):
        assert message in body
    assert "咨询&lt;b&gt;学区&lt;/b&gt;划分" in body  # kept, and escaped
    assert Letter.objects.count() == 0


def test_markup_only_content_is_refused(client, county_mailbox):
    response = post_letter(client, county_mailbox, subject="<img src=x>")
    assert "内容不能只包含空白或标记。" in response.content.decode()
    assert Letter.objects.count() == 0


def test_the_letter_form_needs_the_shared_captcha(client, county_mailbox):
    """The letter form uses cms.protection.captcha (its own behaviour is tested in
    tests/cms/test_captcha.py): the page plays its audio; a wrong answer says
    so in Chinese, keeps the text, stores nothing and shows a new challenge."""
    write_url = path_of(county_mailbox, "write/")
    form_page = client.get(write_url, HTTP_HOST=HOST).content.decode()
    audio = captcha_audio(client, form_page, HOST)
    assert (audio.status_code, audio["Content-Type"]) == (200, "audio/wav")
    captcha = captcha_answer(form_page)
    response = client.post(
        write_url, {**VALID, **captcha, "captcha_1": "????"}, HTTP_HOST=HOST
    )
    body = response.content.decode()
    assert "验证码错误或已过期，请按新的图片或语音重新输入。" in body
    assert "请问学区怎么划分" in body
    assert 'value="lisi@example.cn"' in body
    assert Letter.objects.count() == 0
    assert captcha_answer(body)["captcha_0"] != captcha["captcha_0"]


def test_submissions_are_rate_limited_per_ip(client, county_mailbox, settings):
    settings.INTERACTION_LETTER_RATE_LIMIT = (2, 3600)
    assert post_letter(client, county_mailbox).status_code == 302
    assert post_letter(client, county_mailbox).status_code == 302
    blocked = post_letter(client, county_mailbox, subject="第三封信")
    assert blocked.status_code == 429
    body = blocked.content.decode()
    assert "提交过于频繁，请 1 小时后再试。" in body
    assert "第三封信" in body  # the writer's text is not lost
    assert Letter.objects.count() == 2
    other_ip = post_letter(client, county_mailbox, remote_addr="10.0.0.9")
    assert other_ip.status_code == 302


def test_lookups_are_rate_limited(client, county_mailbox, settings):
    settings.INTERACTION_LOOKUP_RATE_LIMIT = (3, 3600)
    letter = write_letter(county_mailbox)
    url = path_of(county_mailbox, "lookup/")
    for _attempt in range(3):
        client.post(url, {"tracking_code": "WRONGCODE1", "phone": "1"}, HTTP_HOST=HOST)
    response = client.post(
        url,
        {"tracking_code": letter.tracking_code, "phone": "13800138000"},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 429
    assert "查询过于频繁，请 1 小时后再试。" in response.content.decode()
    assert letter.subject not in response.content.decode()


def test_form_posts_need_the_csrf_token(county_mailbox):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(path_of(county_mailbox, "write/"), VALID, HTTP_HOST=HOST)
    assert response.status_code == 403
    assert Letter.objects.count() == 0


def test_search_within_the_mailbox(
    client, county_mailbox, county_department, county_editor, county_reviewer
):
    for subject in ("学区划分咨询", "公交线路建议"):
        letter = write_letter(county_mailbox, subject=subject)
        handling.assign(letter, county_department, county_editor)
        handling.draft_answer(letter, "答复", county_editor)
        handling.approve(letter, county_reviewer)
        handling.publish(letter, county_reviewer)
    response = client.get(path_of(county_mailbox), {"q": "公交"}, HTTP_HOST=HOST)
    body = response.content.decode()
    assert "公交线路建议" in body
    assert "学区划分咨询" not in body
    assert Letter.objects.filter(status=LetterStatus.PUBLISHED).count() == 2


def test_home_page_interaction_block_lists_the_published_letters(
    client, county_mailbox, county_department, county_editor, county_reviewer
):
    def interaction_block():
        html = client.get("/", HTTP_HOST=HOST).content.decode()
        start = html.index('<a href="/interaction/">互动交流</a></h2>')
        return html[start : html.index("</section>", start)]

    assert "暂无内容" in interaction_block()
    letter = write_letter(county_mailbox, subject="学区如何划分")
    answer_letter(
        letter,
        county_department,
        county_editor,
        county_reviewer,
        drafted_at=timezone.now(),
        approved_at=timezone.now(),
    )
    assert "学区如何划分" not in interaction_block()  # answered, not published
    handling.publish(letter, county_reviewer)
    block = interaction_block()
    assert "暂无内容" not in block
    letter_path = path_of(county_mailbox, f"letters/{letter.pk}/")
    assert f'<a href="{letter_path}" title="学区如何划分">' in block
    assert client.get(letter_path, HTTP_HOST=HOST).status_code == 200
    # The home page's static file is rendered again.
    assert StaticRenderRequest.objects.filter(hostname=HOST, path="/").exists()
