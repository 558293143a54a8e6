"""New-media accounts in the admin: each site's editors see and change only
their sites' accounts; Chinese errors; Excel export."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from newmedia.models import ActivityRecord, NewMediaAccount
from tests.factories import UserFactory

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
