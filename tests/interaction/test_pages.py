"""Default mailboxes on every site, solicitations and interviews."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from interaction.models import (
    Department,
    InterviewGuest,
    InterviewPage,
    MailboxKind,
    MailboxPage,
    SolicitationFormField,
    SolicitationPage,
)
from tests.conftest import captcha_answer, captcha_audio

from .conftest import path_of

pytestmark = pytest.mark.django_db

HOST = "county.localhost"


def kinds(profile):
    return sorted(
        MailboxPage.objects.descendant_of(profile.site.root_page)
        .live()
        .values_list("kind", "title")
    )


def test_new_sites_get_their_mailboxes_and_a_department(cluster):
    assert kinds(cluster.county) == [
        (MailboxKind.CONSULTATION, "政务咨询"),
        (MailboxKind.LEADER, "县长信箱"),
    ]
    assert kinds(cluster.town) == [(MailboxKind.CONSULTATION, "政务咨询")]
    mailbox = MailboxPage.objects.descendant_of(cluster.town.site.root_page).get()
    assert mailbox.get_parent().slug == "interaction"
    assert "15个工作日" in mailbox.notice
    assert Department.objects.filter(site=cluster.town.site).count() == 1


def test_ensure_interaction_repairs_existing_sites_idempotently(cluster):
    MailboxPage.objects.descendant_of(cluster.county.site.root_page).filter(
        kind=MailboxKind.LEADER
    ).delete()
    out = StringIO()
    call_command("ensure_interaction", "--dry-run", stdout=out)
    assert "[dry-run] 站点 county.localhost：创建信箱“县长信箱”" in out.getvalue()
    assert len(kinds(cluster.county)) == 1
    out = StringIO()
    call_command("ensure_interaction", stdout=out)
    assert "2 sites checked, 1 changes." in out.getvalue()
    assert len(kinds(cluster.county)) == 2
    out = StringIO()
    call_command("ensure_interaction", "--site", HOST, stdout=out)
    assert "1 sites checked, 0 changes." in out.getvalue()
    with pytest.raises(CommandError, match="不存在"):
        call_command("ensure_interaction", "--site", "nowhere.localhost", stdout=out)


def test_mailbox_page_renders_with_the_form_behind_it(client, county_mailbox):
    index = client.get(path_of(county_mailbox), HTTP_HOST=HOST)
    assert index.status_code == 200
    assert "暂无公开来信" in index.content.decode()
    form = client.get(path_of(county_mailbox, "write/"), HTTP_HOST=HOST)
    body = form.content.decode()
    for label in ("姓名", "联系电话", "电子邮箱", "标题", "分类", "内容", "验证码"):
        assert label in body
    assert "csrfmiddlewaretoken" in body
    # Every help text a field points at (aria-describedby) is on the page.
    described = re.findall(r'aria-describedby="([^"]+)"', body)
    assert described
    for ids in described:
        for help_id in ids.split():
            assert f'id="{help_id}"' in body


def make_solicitation(column, opens_at, closes_at, **fields):
    page = SolicitationPage(
        title="停车管理办法征求意见",
        slug="parking",
        opens_at=opens_at,
        closes_at=closes_at,
        **fields,
    )
    page.form_fields = [
        SolicitationFormField(
            sort_order=0, label="意见建议", field_type="multiline", required=True
        )
    ]
    column.add_child(instance=page)
    page.save_revision().publish()
    return page


def opinion_field(page):
    return page.form_fields.get().clean_name


def post_opinion(client, page, opinion="建议增加停车位"):
    form_page = client.get(path_of(page), HTTP_HOST=HOST).content.decode()
    data = {opinion_field(page): opinion}
    if 'name="captcha_0"' in form_page:
        data.update(captcha_answer(form_page))
    return client.post(path_of(page), data, HTTP_HOST=HOST)


def test_solicitation_accepts_opinions_while_open(client, county_mailbox):
    now = timezone.now()
    page = make_solicitation(
        county_mailbox.get_parent(), now - timedelta(days=1), now + timedelta(days=9)
    )
    body = client.get(path_of(page), HTTP_HOST=HOST).content.decode()
    assert "征集中" in body
    assert captcha_audio(client, body, HOST)["Content-Type"] == "audio/wav"
    response = post_opinion(client, page)
    assert response.status_code == 200
    assert "感谢您提出宝贵意见" in response.content.decode()
    submission = FormSubmission.objects.get(page=page)
    assert submission.form_data == {opinion_field(page): "建议增加停车位"}
    missing = client.post(path_of(page), {}, HTTP_HOST=HOST)
    # The field named, not Django's stock "必需字段".
    assert "请填写意见建议。" in missing.content.decode()
    assert "必需字段" not in missing.content.decode()
    assert "请输入验证码。" in missing.content.decode()
    assert FormSubmission.objects.filter(page=page).count() == 1


def test_solicitation_refuses_opinions_after_closing(client, county_mailbox):
    now = timezone.now()
    page = make_solicitation(
        county_mailbox.get_parent(),
        now - timedelta(days=30),
        now - timedelta(days=1),
        results_summary="<p>共收到意见12条，采纳5条。</p>",
        results_published_at=now,
    )
    body = client.get(path_of(page), HTTP_HOST=HOST).content.decode()
    assert "已结束" in body
    assert "本次征集已结束，不再接收意见。" in body
    assert "共收到意见12条" in body
    assert 'name="captcha_0"' not in body
    response = client.post(
        path_of(page), {opinion_field(page): "迟到的意见"}, HTTP_HOST=HOST
    )
    assert response.status_code == 403
    closed = timezone.localtime(page.closes_at).strftime("%Y-%m-%d %H:%M")
    assert f"本次征集已于{closed}截止，不再接收意见。" in response.content.decode()
    assert not FormSubmission.objects.filter(page=page).exists()


def test_solicitation_refuses_opinions_before_opening(client, county_mailbox):
    now = timezone.now()
    page = make_solicitation(
        county_mailbox.get_parent(), now + timedelta(days=2), now + timedelta(days=9)
    )
    response = client.post(path_of(page), {opinion_field(page): "太早"}, HTTP_HOST=HOST)
    assert response.status_code == 403
    assert "本次征集尚未开始" in response.content.decode()
    assert not FormSubmission.objects.filter(page=page).exists()


def test_solicitation_opinions_are_rate_limited(client, county_mailbox, settings):
    """The solicitation form uses cms.protection.ratelimit with its own setting."""
    settings.INTERACTION_SOLICITATION_RATE_LIMIT = (1, 600)
    now = timezone.now()
    page = make_solicitation(
        county_mailbox.get_parent(), now - timedelta(days=1), now + timedelta(days=9)
    )
    assert post_opinion(client, page).status_code == 200
    blocked = post_opinion(client, page, opinion="第二条意见")
    assert blocked.status_code == 429
    assert "提交过于频繁，请 10 分钟后再试。" in blocked.content.decode()
    assert FormSubmission.objects.filter(page=page).count() == 1


def test_solicitation_typos_do_not_use_up_the_limit(client, county_mailbox, settings):
    """Only accepted opinions count: an empty opinion sent five times still
    leaves the citizen their one accepted submission."""
    settings.INTERACTION_SOLICITATION_RATE_LIMIT = (1, 600)
    now = timezone.now()
    page = make_solicitation(
        county_mailbox.get_parent(), now - timedelta(days=1), now + timedelta(days=9)
    )
    for _attempt in range(5):
        rejected = post_opinion(client, page, opinion="")
        assert rejected.status_code == 200
        assert "请填写意见建议。" in rejected.content.decode()
    assert post_opinion(client, page).status_code == 200
    assert FormSubmission.objects.filter(page=page).count() == 1
    assert post_opinion(client, page, opinion="第二条意见").status_code == 429


def test_solicitation_period_must_make_sense(county_mailbox):
    from django.core.exceptions import ValidationError

    now = timezone.now()
    page = SolicitationPage(
        title="x", slug="x", opens_at=now, closes_at=now - timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="截止时间必须晚于开始时间"):
        page.full_clean()


def test_interview_shows_guests_time_and_transcript(client, county_mailbox):
    starts_at = timezone.now() - timedelta(days=3)
    page = InterviewPage(
        title="义务教育招生政策解读",
        slug="admission",
        starts_at=starts_at,
        summary="局长解读招生政策。",
        transcript="<h3>主持人</h3><p>欢迎各位网友。</p>",
    )
    page.guests = [InterviewGuest(name="陈志刚", position="县教育局局长")]
    county_mailbox.get_parent().add_child(instance=page)
    page.save_revision().publish()
    body = client.get(path_of(page), HTTP_HOST=HOST).content.decode()
    assert "县教育局局长 陈志刚" in body
    assert timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M") in body
    assert "欢迎各位网友" in body
    assert page.publication_time == starts_at


def test_editors_can_open_the_page_editors(client, county_mailbox, county_editor):
    column = county_mailbox.get_parent()
    client.force_login(county_editor)
    for model in ("mailboxpage", "solicitationpage", "interviewpage"):
        response = client.get(f"/admin/pages/add/interaction/{model}/{column.pk}/")
        assert response.status_code == 200, model
    edit = client.get(f"/admin/pages/{county_mailbox.pk}/edit/")
    assert "信箱类型" in edit.content.decode()
