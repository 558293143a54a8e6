import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cms.publishing.checks import check_page, check_text
from cms.publishing.models import DictionaryEntry, EntryKind
from tests.factories import column
from tests.publishing.conftest import make_article

pytestmark = pytest.mark.django_db


def test_wrong_leader_name_is_serious_with_position_and_canonical_form(leader_entry):
    text = "今天，王建国市长调研了青石镇。"
    [finding] = check_text(text)
    assert finding.rule == "leader_name"
    assert finding.severity == "serious"
    assert finding.text == "王建国市长"
    assert text[finding.start : finding.end] == "王建国市长"
    assert finding.suggestion == "王建华市长"


def test_wrong_form_inside_the_correctly_written_name_is_not_reported(cluster):
    DictionaryEntry.objects.create(
        kind=EntryKind.LEADER_NAME, term="李明", suggestion="李明华"
    )
    assert check_text("李明华同志出席会议。") == []
    [finding] = check_text("李明同志出席会议。")
    assert finding.text == "李明"


def test_sensitive_word_from_the_starter_set_is_serious(db):
    [finding] = check_text("代表团访问了北朝鲜。")
    assert (finding.rule, finding.severity, finding.suggestion) == (
        "sensitive_word",
        "serious",
        "朝鲜",
    )


def test_typo_pair_is_a_warning_with_its_correction(db):
    findings = check_text("要再接再励，按装完毕。")
    assert [(f.rule, f.text, f.suggestion) for f in findings] == [
        ("typo", "再接再励", "再接再厉"),
        ("typo", "按装", "安装"),
    ]
    assert {f.severity for f in findings} == {"warning"}


def test_dictionary_change_takes_effect_at_once(db):
    assert check_text("这是新错字词。") == []
    entry = DictionaryEntry.objects.create(
        kind=EntryKind.TYPO, term="新错字词", suggestion="新正字词"
    )
    assert len(check_text("这是新错字词。")) == 1
    entry.active = False
    entry.save()
    assert check_text("这是新错字词。") == []


def test_site_entries_apply_only_to_their_own_site(cluster):
    DictionaryEntry.objects.create(
        kind=EntryKind.LEADER_NAME,
        term="张三镇长",
        suggestion="张叁镇长",
        site=cluster.town.site,
    )
    assert len(check_text("张三镇长讲话。", site=cluster.town.site)) == 1
    assert check_text("张三镇长讲话。", site=cluster.county.site) == []
    assert check_text("张三镇长讲话。") == []


def test_page_check_reports_title_and_body_findings(cluster, leader_entry):
    page = make_article(
        column(cluster.town, "notices"),
        "关于按装路灯的通知",
        body="<p>王建国市长强调，</p><p>要针贬时弊。</p>",
        publish=False,
    )
    findings = check_page(page)
    by_text = {f.text: f for f in findings}
    assert by_text["按装"].field == "标题"
    assert by_text["王建国市长"].field == "正文"
    assert by_text["王建国市长"].start == 0
    assert by_text["针贬时弊"].start == len("王建国市长强调，\n要")


def test_links_to_missing_and_unpublished_pages_are_reported(cluster):
    notices = column(cluster.town, "notices")
    draft = make_article(notices, "草稿通知", publish=False)
    live = make_article(notices, "已发布通知")
    body = (
        f'<p><a linktype="page" id="{draft.pk}">草稿</a>，'
        f'<a linktype="page" id="999999">已删除</a>，'
        f'<a linktype="page" id="{live.pk}">正常</a>，'
        '<a href="http://town.localhost/notices/no-such-page/">旧链接</a>，'
        '<a href="https://www.gov.cn/">外部</a></p>'
    )
    page = make_article(notices, "链接测试", body=body, publish=False)
    broken = [f for f in check_page(page) if f.rule == "broken_link"]
    assert [f.text for f in broken] == ["草稿", "已删除", "旧链接"]
    assert all(f.severity == "warning" for f in broken)


def test_policy_without_doc_number_is_reported(cluster):
    page = make_article(
        column(cluster.town, "policies"), "关于印发办法的通知", publish=False
    )
    assert [f.rule for f in check_page(page)] == ["missing_doc_number"]
    page.doc_number = "青府发〔2026〕3号"
    assert check_page(page) == []
    notice = make_article(column(cluster.town, "notices"), "普通通知", publish=False)
    assert check_page(notice) == []


def test_missing_publication_time_is_reported(cluster):
    page = make_article(column(cluster.town, "news"), "新闻", publish=False)
    page.published_at = None
    assert [f.rule for f in check_page(page)] == ["missing_publication_time"]


def test_check_content_command_prints_json_findings_for_a_file(tmp_path, db):
    path = tmp_path / "draft.txt"
    path.write_text("会议要求再接再励。", encoding="utf-8")
    out = StringIO()
    call_command("check_content", str(path), "--json", stdout=out)
    [finding] = json.loads(out.getvalue())
    assert {
        k: finding[k]
        for k in ("rule", "severity", "text", "start", "end", "suggestion")
    } == {
        "rule": "typo",
        "severity": "warning",
        "text": "再接再励",
        "start": 4,
        "end": 8,
        "suggestion": "再接再厉",
    }


def test_check_content_command_checks_a_page(cluster, leader_entry):
    page = make_article(column(cluster.town, "news"), "王建国市长调研", publish=False)
    out = StringIO()
    call_command("check_content", "--page", str(page.pk), stdout=out)
    assert "王建华市长" in out.getvalue()
    assert "严重问题 1 个" in out.getvalue()


def test_check_content_command_rejects_bad_input_in_chinese(tmp_path, db):
    with pytest.raises(CommandError, match="不存在"):
        call_command("check_content", "--page", "424242", stdout=StringIO())
    with pytest.raises(CommandError, match="不存在"):
        call_command("check_content", str(tmp_path / "none.txt"), stdout=StringIO())
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("check_content", str(binary), stdout=StringIO())
