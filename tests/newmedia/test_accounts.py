"""New-media accounts and their activity: in the admin, each site's editors
see and change only their sites' accounts, with Chinese errors and Excel
export; their feeds are read from a real HTTP server on 127.0.0.1 (no mock):
RSS and Atom, each post stored once, failures recorded in Chinese, and the
spot check then knowing when the account last published. (One module: one
test cluster.)"""

from datetime import date, datetime, timedelta
from http.server import HTTPServer
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from monitoring.new_media import check_accounts
from newmedia.models import ActivityRecord, NewMediaAccount, NewMediaPost
from tests.factories import UserFactory
from tests.monitoring.conftest import http_site  # noqa: F401 (fixture)

from .factories import account

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/newmedia/newmediaaccount/"


@pytest.fixture
def accounts(cluster):
    return {
        "town": account(cluster.town.site, name="测试镇发布", account_id="town-1"),
        "county": account(cluster.county.site, name="测试县发布", account_id="cty-1"),
    }


@pytest.fixture
def town_editor(client, cluster):
    client.force_login(
        UserFactory(username="editor-town", groups=[cluster.town.editors_group])
    )
    return client


def form_data(site, **fields):
    data = {
        "site": site.pk,
        "platform": "wechat",
        "platform_name": "",
        "name": "测试镇政务",
        "account_id": "town-2",
        "body": "测试镇人民政府",
        "sponsor": "测试镇人民政府",
        "profile_url": "",
        "opened_on": "2026-01-05",
        "status": "open",
        "status_changed_on": "",
        "status_reason": "",
        "merged_into": "",
        "filing_state": "filed",
        "filed_on": "2026-01-10",
        "interaction_available": "on",
        "feed_url": "",
        "activity_records-TOTAL_FORMS": "1",
        "activity_records-INITIAL_FORMS": "0",
        "activity_records-MIN_NUM_FORMS": "0",
        "activity_records-MAX_NUM_FORMS": "1000",
        "activity_records-0-period_start": "2026-05-01",
        "activity_records-0-period_end": "2026-05-31",
        "activity_records-0-posts": "12",
        "activity_records-0-original_posts": "8",
        "activity_records-0-last_post_on": "2026-05-30",
        "activity_records-0-followers": "3400",
        "activity_records-0-messages": "6",
        "activity_records-0-replies": "6",
        "activity_records-0-id": "",
        "activity_records-0-DELETE": "",
    }
    data.update(fields)
    return data


def test_an_editor_sees_only_their_sites_accounts(town_editor, accounts):
    page = town_editor.get(LISTING).content.decode()
    assert "测试镇发布" in page
    assert "测试县发布" not in page
    county = accounts["county"]
    for url in (
        f"{LISTING}edit/{county.pk}/",
        f"{LISTING}inspect/{county.pk}/",
        f"{LISTING}delete/{county.pk}/",
    ):
        assert town_editor.get(url).status_code == 404
    assert town_editor.post(f"{LISTING}delete/{county.pk}/").status_code == 404
    assert NewMediaAccount.objects.filter(pk=county.pk).exists()


def test_an_editor_registers_an_account_with_its_figures(
    town_editor, cluster, accounts
):
    response = town_editor.post(f"{LISTING}add/", form_data(cluster.town.site))
    assert response.status_code == 302
    made = NewMediaAccount.objects.get(account_id="town-2")
    assert made.site == cluster.town.site
    (figures,) = made.activity_records.all()
    assert (figures.posts, figures.followers) == (12, 3400)
    assert figures.entered_by.username == "editor-town"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "closed"}, "整合或关停的账号须填写日期。"),
        (
            {"status": "closed", "status_changed_on": "2026-03-01"},
            "整合或关停的账号须填写原因。",
        ),
        ({"filed_on": ""}, "已备案的账号须填写备案日期。"),
        ({"platform": "other"}, "平台为“其他平台”时须填写平台名称。"),
        ({"account_id": "town-1"}, "该平台的这个账号ID已经登记。"),
        ({"activity_records-0-original_posts": "13"}, "原创条数不能多于发布量。"),
        ({"activity_records-0-last_post_on": ""}, "期内有发布时须填写最后发布日期。"),
        (
            {"activity_records-0-last_post_on": "2026-06-02"},
            "最后发布日期须在期间之内。",
        ),
    ],
)
def test_mistakes_get_a_chinese_error_and_save_nothing(
    town_editor, cluster, accounts, fields, message
):
    response = town_editor.post(
        f"{LISTING}add/", form_data(cluster.town.site, **fields)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not NewMediaAccount.objects.filter(account_id="town-2").exists()
    assert not ActivityRecord.objects.exists()


def test_another_sites_account_cannot_be_chosen(town_editor, cluster, accounts):
    response = town_editor.post(f"{LISTING}add/", form_data(cluster.county.site))
    assert "只能选择您负责管理的站点。" in response.content.decode()
    # "Merged into" is chosen with the snippet chooser, which lists only the
    # user's sites' accounts; the form refuses any other.
    chooser = town_editor.get("/admin/snippets/choose/newmedia/newmediaaccount/")
    listed = chooser.json()["html"]
    assert "测试镇发布" in listed and "测试县发布" not in listed
    response = town_editor.post(
        f"{LISTING}add/",
        form_data(
            cluster.town.site,
            status="merged",
            status_changed_on="2026-03-01",
            status_reason="合并",
            merged_into=str(accounts["county"].pk),
        ),
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not NewMediaAccount.objects.filter(account_id="town-2").exists()


def test_excel_export_in_chinese(town_editor, accounts):
    response = town_editor.get(f"{LISTING}?export=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = load_workbook(BytesIO(content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["所属站点", "平台", "账号名称", "账号ID"]
    assert [row[2] for row in rows[1:]] == ["测试镇发布"]
    assert rows[1][1] == "微信公众号"
    assert rows[1][7] == "开设"
    assert rows[1][10] == "已备案"


def test_the_admin_shows_chinese_labels(admin_client, accounts):
    page = admin_client.get(LISTING).content.decode()
    assert "政务新媒体" in page and "备案状态" in page
    assert "已备案" in page
    form = admin_client.get(f"{LISTING}add/").content.decode()
    for label in ("开设主体", "主办单位", "整合/关停原因", "运营数据（人工填报）"):
        assert label in form


# --- Feeds ---


def rfc822(moment):
    return moment.strftime("%a, %d %b %Y %H:%M:%S +0800")


def rss(*items):
    body = "".join(
        f"<item><title>{title}</title><link>https://mp.example.cn/{guid}</link>"
        f"<guid>{guid}</guid>"
        + (f"<pubDate>{rfc822(moment)}</pubDate>" if moment else "")
        + "</item>"
        for guid, title, moment in items
    )
    return (
        200,
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>测试县发布</title>{body}</channel></rss>",
        "application/rss+xml; charset=utf-8",
    )


def atom(*items):
    body = "".join(
        f"<entry><id>{guid}</id><title>{title}</title>"
        f'<link href="https://weibo.example.cn/{guid}"/>'
        f"<updated>{moment.isoformat()}</updated></entry>"
        for guid, title, moment in items
    )
    return (
        200,
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>测试县微博</title>'
        f"<id>urn:x</id><updated>2026-06-29T08:00:00+08:00</updated>{body}</feed>",
        "application/atom+xml; charset=utf-8",
    )


def local(year, month, day, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


def fetch(*args):
    out = StringIO()
    call_command("fetch_new_media_feeds", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def feeds(http_site, cluster):  # noqa: F811
    server, base = http_site(
        {
            "/wechat.xml": rss(
                ("a1", "第一条", local(2026, 6, 10)),
                ("a2", "第二条", local(2026, 6, 14)),
                ("a3", "无日期", None),
            ),
            "/weibo.xml": atom(("w1", "微博一条", local(2026, 6, 28))),
            "/broken.xml": (200, "<html><body>不是订阅源", "text/html"),
        }
    )
    wechat = account(
        cluster.county.site, name="测试县发布", feed_url=f"{base}/wechat.xml"
    )
    weibo = account(
        cluster.county.site,
        platform="weibo",
        name="测试县发布",
        feed_url=f"{base}/weibo.xml",
    )
    return server, base, wechat, weibo


def test_rss_and_atom_items_are_stored_once(feeds):
    server, _base, wechat, weibo = feeds
    output = fetch()
    assert (
        "读取 2 个账号的订阅源，新增 3 条发布，失败 0 个，1 条没有发布时间（不计入）。"
        in output
    )
    assert sorted(wechat.posts.values_list("guid", flat=True)) == ["a1", "a2"]
    (item,) = weibo.posts.all()
    assert (item.title, item.url) == ("微博一条", "https://weibo.example.cn/w1")
    assert item.published_at == local(2026, 6, 28)
    assert NewMediaAccount.objects.get(pk=wechat.pk).feed_checked_at is not None
    # Twice: nothing new, nothing doubled.
    assert "新增 0 条发布" in fetch()
    assert NewMediaPost.objects.count() == 3
    assert ("GET", "/wechat.xml") in server.hits


def test_dry_run_fetches_but_stores_nothing(feeds):
    _server, _base, wechat, _weibo = feeds
    output = fetch("--dry-run")
    assert "将新增 3 条发布" in output and "试运行，未保存" in output
    assert NewMediaPost.objects.count() == 0
    assert NewMediaAccount.objects.get(pk=wechat.pk).feed_checked_at is None


def test_site_option_and_unknown_site(feeds, cluster):
    _server, base, _wechat, _weibo = feeds
    account(cluster.town.site, name="镇账号", feed_url=f"{base}/wechat.xml")
    assert "读取 1 个账号" in fetch("--site", "town.localhost")
    assert NewMediaPost.objects.filter(account__site=cluster.town.site).count() == 2
    assert NewMediaPost.objects.filter(account__site=cluster.county.site).count() == 0
    with pytest.raises(CommandError, match="站点 nowhere.localhost 不在平台上"):
        fetch("--site", "nowhere.localhost")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing.xml", "订阅源返回 HTTP 404。"),
        ("/broken.xml", "订阅源不是有效的 RSS 或 Atom 格式。"),
    ],
)
def test_a_bad_feed_is_recorded_in_chinese_and_the_others_still_read(
    feeds, path, message
):
    _server, base, wechat, weibo = feeds
    NewMediaAccount.objects.filter(pk=wechat.pk).update(feed_url=f"{base}{path}")
    output = fetch()
    assert f"测试县发布（微信公众号）：{message}" in output
    assert "失败 1 个" in output
    assert NewMediaAccount.objects.get(pk=wechat.pk).feed_error == message
    assert weibo.posts.count() == 1
    # The spot check warns about the feed.
    (result,) = [
        item
        for item in check_accounts([wechat.site.profile], date(2026, 6, 30))[
            wechat.site.profile.pk
        ]
        if item["account"] == wechat.pk
    ]
    assert result["warnings"][-1]["code"] == "new_media_feed_failed"


def test_an_oversized_feed_is_refused(feeds, settings):
    _server, _base, wechat, _weibo = feeds
    settings.NEW_MEDIA_FEED_MAX_BYTES = 100
    fetch()
    assert "超过" in NewMediaAccount.objects.get(pk=wechat.pk).feed_error
    assert NewMediaPost.objects.count() == 0


def test_an_unreachable_server_is_recorded(feeds):
    _server, _base, wechat, _weibo = feeds
    # A port nothing listens on: bound, then closed.
    closed = HTTPServer(("127.0.0.1", 0), None)
    port = closed.server_address[1]
    closed.server_close()
    NewMediaAccount.objects.filter(pk=wechat.pk).update(
        feed_url=f"http://127.0.0.1:{port}/feed.xml"
    )
    fetch()
    assert NewMediaAccount.objects.get(pk=wechat.pk).feed_error.startswith(
        "无法连接订阅源"
    )


@pytest.mark.parametrize(
    ("as_of", "vetoed"), [(date(2026, 6, 28), False), (date(2026, 6, 29), True)]
)
def test_the_feed_tells_the_spot_check_when_the_account_last_published(
    feeds, as_of, vetoed
):
    _server, _base, wechat, _weibo = feeds
    fetch()
    # The newest dated item is of 14 June: 14 days before 28 June, 15 before 29.
    profile = wechat.site.profile
    (result,) = [
        item
        for item in check_accounts([profile], as_of)[profile.pk]
        if item["account"] == wechat.pk
    ]
    assert result["last_post_on"] == "2026-06-14"
    assert bool(result["vetoes"]) is vetoed
    assert (as_of - date(2026, 6, 14)) == timedelta(days=15 if vetoed else 14)


def test_the_scheduled_task_reads_every_feed(feeds):
    # The test settings run tasks at once (ImmediateBackend), without deferral.
    output = fetch("--schedule")
    assert "已排入定时读取新媒体订阅源任务" in output
    assert NewMediaPost.objects.count() == 3
