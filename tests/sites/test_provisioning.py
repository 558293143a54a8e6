import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Collection, GroupPagePermission, Page, Site

from cms.pages.models import ColumnPage, HomePage
from sites.models import SiteProfile
from sites.provisioning import STANDARD_COLUMNS
from sites.validators import identity_code_problem

pytestmark = pytest.mark.django_db


def create_site(*extra, **kwargs):
    args = {
        "name": "测试市人民政府",
        "short_name": "测试市",
        "hostname": "city.localhost",
        "code": "5120000001",
        "level": "city",
        **kwargs,
    }
    argv = [f"--{key.replace('_', '-')}={value}" for key, value in args.items()]
    out = StringIO()
    call_command("create_site", *argv, *extra, stdout=out)
    return out.getvalue()


def counts():
    return (
        Site.objects.count(),
        Page.objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
        SiteProfile.objects.count(),
    )


def test_create_site_builds_site_profile_columns_groups_and_collection():
    create_site()
    profile = SiteProfile.objects.get(site__hostname="city.localhost")
    home = profile.site.root_page.specific
    assert isinstance(home, HomePage) and home.live
    titles = list(ColumnPage.objects.child_of(home).values_list("title", flat=True))
    assert titles == [title for _slug, title, _kind in STANDARD_COLUMNS["city"]]
    assert {
        "政务动态",
        "通知公告",
        "政策文件",
        "政策解读",
        "信息公开",
        "办事服务",
        "互动交流",
        "机构概况",
        "人事信息",
        "规划计划",
    } <= set(titles)
    assert (
        profile.collection is not None
        and profile.editors_group
        and profile.reviewers_group
    )
    editor_perms = set(
        GroupPagePermission.objects.filter(group=profile.editors_group).values_list(
            "page_id", "permission__codename"
        )
    )
    assert editor_perms == {
        (home.pk, "add_page"),
        (home.pk, "change_page"),
        (home.pk, "lock_page"),
    }
    reviewer_codenames = set(
        GroupPagePermission.objects.filter(group=profile.reviewers_group).values_list(
            "permission__codename", flat=True
        )
    )
    assert "publish_page" in reviewer_codenames
    # Wagtail's welcome page is replaced by the first real site.
    assert Site.objects.count() == 1 and Site.objects.get().is_default_site


def test_rerunning_with_same_hostname_changes_nothing():
    create_site()
    before = counts()
    out = create_site()
    assert "已存在" in out
    assert counts() == before


def test_dry_run_creates_nothing():
    before = counts()
    out = create_site("--dry-run")
    assert "[dry-run]" in out
    assert counts() == before


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"code": "51200000"}, "10位数字"),
        ({"code": "9920000001"}, "省级行政区划代码"),
        ({"code": "5100120001"}, "有效的行政区划代码"),
        (
            {
                "hostname": "county.localhost",
                "level": "county",
                "superior": "nowhere.localhost",
                "code": "5120210001",
            },
            "上级站点 nowhere.localhost 不存在",
        ),
        (
            {"hostname": "county.localhost", "level": "county", "code": "5120210001"},
            "必须指定上级站点",
        ),
    ],
)
def test_bad_arguments_stop_with_a_clear_error_and_create_nothing(override, message):
    if "superior" in override or override.get("level") == "county":
        create_site()
    before = counts()
    with pytest.raises(CommandError, match=message):
        create_site(**override)
    assert counts() == before


def test_duplicate_code_is_refused():
    create_site()
    before = counts()
    with pytest.raises(CommandError, match="已被站点 city.localhost 使用"):
        create_site(
            hostname="county.localhost", level="county", superior="city.localhost"
        )
    assert counts() == before


def test_list_sites_json_shape(cluster):
    out = StringIO()
    call_command("list_sites", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert {row["hostname"] for row in rows} == {
        "city.localhost",
        "county.localhost",
        "town.localhost",
        "dept.localhost",
    }
    town = next(row for row in rows if row["hostname"] == "town.localhost")
    assert town == {
        "hostname": "town.localhost",
        "name": "测试镇人民政府",
        "code": "5120210011",
        "level": "township",
        "superior": "county.localhost",
        "status": "active",
    }
    assert (
        next(row for row in rows if row["hostname"] == "city.localhost")["superior"]
        is None
    )


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("5109030018", True),
        ("1100000001", True),
        ("5109030000", False),
        ("510903001", False),
        ("51090300a8", False),
        ("1000000001", False),
    ],
)
def test_identity_code_validation(code, ok):
    assert (identity_code_problem(code) is None) is ok
