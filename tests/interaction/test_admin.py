"""The admin queue, letter page, exports and handling units: each site's staff
see only their sites' letters (sites.isolation), contact data stays out of
exports without the explicit permission."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from interaction.models import Department, LetterStatus
from tests.factories import UserFactory

from .conftest import aware, mailbox_of, write_letter

pytestmark = pytest.mark.django_db

QUEUE = "/admin/interaction/letters/"


@pytest.fixture
def letters(cluster, county_mailbox):
    county = write_letter(county_mailbox, subject="县里的来信", name="县民甲")
    town = write_letter(mailbox_of(cluster.town), subject="镇里的来信", name="镇民乙")
    return county, town


def test_queue_is_isolated_per_site(client, letters, town_editor, county_editor):
    county_letter, town_letter = letters
    client.force_login(town_editor)
    body = client.get(QUEUE).content.decode()
    assert "镇里的来信" in body
    assert "县里的来信" not in body
    assert client.get(f"{QUEUE}{county_letter.pk}/").status_code == 404
    response = client.post(f"{QUEUE}{county_letter.pk}/", {"action": "close"})
    assert response.status_code == 404
    # The superior county's staff see both (CLUSTER_SUPERIOR_ACCESS = direct).
    client.force_login(county_editor)
    body = client.get(QUEUE).content.decode()
    assert "镇里的来信" in body and "县里的来信" in body


def test_users_without_a_site_get_no_queue(client, letters):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(QUEUE).status_code in (302, 403)


def test_handling_through_the_letter_page(
    client, letters, county_editor, county_reviewer, county_department
):
    letter, _town = letters
    url = f"{QUEUE}{letter.pk}/"
    client.force_login(county_editor)
    page = client.get(url).content.decode()
    assert "县民甲" in page  # the handling staff see the contact data
    missing = client.post(url, {"action": "assign", "department": ""})
    assert "请选择承办单位。" in missing.content.decode()
    client.post(url, {"action": "assign", "department": county_department.pk})
    client.post(url, {"action": "draft", "answer": "答复<b>内容</b>"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFTED
    assert letter.answer == "答复内容"
    refused = client.post(url, {"action": "approve"}, follow=True)
    assert "只有本站审核人员可以审核答复。" in refused.content.decode()
    client.force_login(county_reviewer)
    client.post(url, {"action": "approve"})
    client.post(url, {"action": "publish"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PUBLISHED
    history = client.get(url).content.decode()
    for label in ("受理", "分办", "起草答复", "审核通过", "公开"):
        assert label in history
    assert "county-editor" in history and "county-reviewer" in history


def test_close_as_duplicate_from_the_letter_page(
    client, letters, county_editor, cluster
):
    letter, town_letter = letters
    original = write_letter(mailbox_of(cluster.county))
    url = f"{QUEUE}{letter.pk}/"
    client.force_login(county_editor)
    response = client.post(
        url,
        {"action": "close", "reason": "duplicate", "note": "重复", "duplicate_of": ""},
    )
    assert "重复来信须填写原始来信的查询码。" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "close",
            "reason": "duplicate",
            "note": "重复",
            "duplicate_of": town_letter.tracking_code,
        },
    )
    assert "本站没有查询码为该值的其他来信。" in response.content.decode()
    client.post(
        url,
        {
            "action": "close",
            "reason": "duplicate",
            "note": "与前信相同",
            "duplicate_of": original.tracking_code.lower(),
        },
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CLOSED
    assert letter.duplicate_of == original


def test_inspectors_read_everything_but_see_no_contact_data(client, letters):
    inspector = UserFactory(username="inspector")
    inspector.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="inspect_cluster"),
    )
    county_letter, _town = letters
    client.force_login(inspector)
    assert "县里的来信" in client.get(QUEUE).content.decode()
    page = client.get(f"{QUEUE}{county_letter.pk}/").content.decode()
    assert "县里的来信" in page
    assert "县民甲" not in page and "13800138000" not in page
    assert "您只能查看此来信。" in page


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_exports_leave_out_contact_data_without_permission(
    client, letters, county_editor
):
    write_letter(mailbox_of(letters[0].site.profile), subject="=HYPERLINK(1)")
    client.force_login(county_editor)
    response = client.get(f"{QUEUE}export.csv", {"site": "county.localhost"})
    rows = _csv_rows(response)
    text = response.content.decode("utf-8-sig")
    assert "县民甲" not in text and "13800138000" not in text
    assert "zhangsan@example.cn" not in text
    assert "联系电话" not in rows[0]
    assert {row[3] for row in rows[1:]} == {"县里的来信", "'=HYPERLINK(1)"}

    workbook = load_workbook(io.BytesIO(client.get(f"{QUEUE}export.xlsx").content))
    cells = [c for row in workbook.active.iter_rows(values_only=True) for c in row]
    assert "县民甲" not in cells and "13800138000" not in cells
    assert "县里的来信" in cells and "镇里的来信" in cells


def test_exports_include_contact_data_with_the_permission(client, letters, cluster):
    officer = UserFactory(username="officer", groups=[cluster.town.editors_group])
    officer.user_permissions.add(Permission.objects.get(codename="view_letter_contact"))
    client.force_login(officer)
    rows = _csv_rows(client.get(f"{QUEUE}export.csv"))
    assert rows[0][-3:] == ["姓名", "联系电话", "电子邮箱"]
    assert [row[-3] for row in rows[1:]] == ["镇民乙"]  # still only their site


def test_dashboard_warns_about_deadlines(client, cluster, county_editor, town_editor):
    county_mailbox = mailbox_of(cluster.county)
    write_letter(county_mailbox, subject="很久以前的来信", at=aware(2025, 1, 6))
    client.force_login(county_editor)
    body = client.get("/admin/").content.decode()
    assert "来信答复期限提醒" in body
    assert "超过国家3个月时限：1 件" in body
    assert "很久以前的来信" in body
    client.force_login(town_editor)
    body = client.get("/admin/").content.decode()
    assert "超过国家3个月时限：0 件" in body
    assert "很久以前的来信" not in body
    national = client.get(QUEUE, {"deadline": "national"})
    assert "很久以前的来信" not in national.content.decode()


def test_departments_are_managed_per_site(client, cluster, town_editor):
    client.force_login(town_editor)
    page = client.get("/admin/interaction/letters/departments/").content.decode()
    assert "测试县测试镇人民政府" in page
    assert "测试县人民政府</option>" not in page
    client.post(
        "/admin/interaction/letters/departments/",
        {"site": cluster.town.site.pk, "name": "社会事务办", "is_active": "on"},
    )
    assert Department.objects.filter(site=cluster.town.site, name="社会事务办").exists()
    duplicate = client.post(
        "/admin/interaction/letters/departments/",
        {"site": cluster.town.site.pk, "name": "社会事务办", "is_active": "on"},
    )
    assert "本站已有同名承办单位。" in duplicate.content.decode()
    forbidden = client.post(
        "/admin/interaction/letters/departments/",
        {"site": cluster.county.site.pk, "name": "越权单位"},
    )
    assert forbidden.status_code in (302, 403)  # Wagtail redirects denials
    assert not Department.objects.filter(name="越权单位").exists()


def test_a_mailbox_with_letters_cannot_be_deleted(client, letters, cluster):
    from interaction.models import MailboxPage
    from tests.factories import UserFactory as Users

    admin = Users(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    county_letter, _town = letters
    mailbox = county_letter.mailbox
    column = mailbox.get_parent()
    for page in (mailbox, column):
        response = client.post(f"/admin/pages/{page.pk}/delete/", follow=True)
        assert "已有来信记录，不能删除" in response.content.decode()
    assert MailboxPage.objects.filter(pk=mailbox.pk).exists()
    empty = MailboxPage.objects.get(slug="leader-mailbox", depth=mailbox.depth)
    client.post(f"/admin/pages/{empty.pk}/delete/")
    assert not MailboxPage.objects.filter(pk=empty.pk).exists()
