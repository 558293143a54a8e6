from io import StringIO
from unittest import mock
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, GroupPagePermission, Page, Revision

from cms.delivery.models import StaticRenderRequest
from cms.pages.models import ArticlePage
from search.models import SearchDocument
from sites.models import SiteProfile, SiteStatus
from tests.factories import UserFactory
from tests.monitoring.conftest import add_article, column, make_lively

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "paths": dict(Page.objects.values_list("pk", "path")),
        "live": set(Page.objects.filter(live=True).values_list("pk", flat=True)),
        "revisions": Revision.objects.count(),
        "redirects": Redirect.objects.count(),
        "collections": dict(Collection.objects.values_list("pk", "path")),
        "profiles": list(
            SiteProfile.objects.values_list("pk", "status", "merged_into", "superior")
        ),
        "permissions": GroupPagePermission.objects.count(),
        "render_requests": set(
            StaticRenderRequest.objects.values_list("hostname", "path")
        ),
        "search_documents": set(
            SearchDocument.objects.values_list("page_id", "site_id", "url")
        ),
    }


@pytest.fixture
def town(cluster):
    make_lively(cluster.town)
    add_article(column(cluster.town, "news"), "草稿", publish=False)
    return cluster.town


def old_urls(profile):
    home = profile.site.root_page
    return ["/"] + [
        "/" + url_path[len(home.url_path) :]
        for url_path in Page.objects.descendant_of(home)
        .live()
        .values_list("url_path", flat=True)
    ]


def test_every_old_url_answers_301_to_a_page_answering_200(town, client):
    urls = old_urls(town)
    before = snapshot()
    call_command(
        "consolidate", "town.localhost", "--into", "county.localhost", stdout=StringIO()
    )
    after = snapshot()
    # Zero loss: every page kept (plus the new section and the notice), every
    # revision kept.
    assert after["pages"] == before["pages"] + 2
    assert after["revisions"] >= before["revisions"]
    assert after["redirects"] == before["redirects"] + len(urls)
    for old in urls:
        response = client.get(old, HTTP_HOST="town.localhost")
        assert response.status_code == 301, old
        target = urlparse(response["Location"])
        assert target.hostname == "county.localhost"
        assert client.get(target.path, HTTP_HOST=target.hostname).status_code == 200
    home = client.get("/", HTTP_HOST="town.localhost")
    assert home["Location"] == "http://county.localhost/town/"


def test_the_site_is_closed_announced_and_its_editors_contribute(town, cluster):
    editor = UserFactory(username="town-editor", groups=[town.editors_group])
    call_command(
        "consolidate",
        "town.localhost",
        "--into",
        "county.localhost",
        "--under",
        "about",
        stdout=StringIO(),
    )
    town.refresh_from_db()
    assert town.status == SiteStatus.CLOSED
    assert town.closed_on is not None
    assert town.merged_into == cluster.county
    section = Page.objects.get(slug="town", depth=4)
    assert section.get_parent().slug == "about"
    notice = ArticlePage.objects.child_of(column(cluster.county, "notices")).get()
    assert notice.live and town.name in notice.title
    perms = GroupPagePermission.objects.filter(group=town.editors_group)
    assert {p.page_id for p in perms} == {section.pk}
    assert not perms.filter(permission__codename="publish_page").exists()
    assert editor.has_perm("wagtailadmin.access_admin")
    collection = Collection.objects.get(pk=town.collection_id)
    assert collection.get_parent().pk == cluster.county.collection_id


def test_dry_run_prints_the_plan_and_changes_nothing(town):
    live_pages = Page.objects.descendant_of(town.site.root_page).live().count()
    before = snapshot()
    out = StringIO()
    call_command(
        "consolidate",
        "town.localhost",
        "--into",
        "county.localhost",
        "--dry-run",
        stdout=out,
    )
    assert snapshot() == before
    text = out.getvalue()
    assert f"迁移页面 {live_pages} 个" in text
    assert f"重定向 {live_pages + 1} 条" in text
    assert "未作任何改动" in text


def test_a_failure_half_way_leaves_the_cluster_exactly_as_it_was(town):
    before = snapshot()
    with (
        mock.patch(
            "sites.consolidation._post_notice", side_effect=RuntimeError("boom")
        ),
        pytest.raises(RuntimeError),
    ):
        call_command(
            "consolidate",
            "town.localhost",
            "--into",
            "county.localhost",
            stdout=StringIO(),
        )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.localhost", "--into", "county.localhost"], "不存在"),
        (["town.localhost", "--into", "town.localhost"], "自己"),
        (["county.localhost", "--into", "town.localhost"], "下级"),
        (["town.localhost", "--into", "county.localhost", "--under", "nope"], "nope"),
    ],
)
def test_bad_requests_get_a_chinese_error_and_change_nothing(town, args, message):
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        call_command("consolidate", *args, stdout=StringIO())
    assert snapshot() == before


def test_closing_twice_is_refused(town):
    call_command(
        "consolidate", "town.localhost", "--into", "county.localhost", stdout=StringIO()
    )
    with pytest.raises(CommandError, match="已于"):
        call_command(
            "consolidate",
            "town.localhost",
            "--into",
            "county.localhost",
            stdout=StringIO(),
        )
    assert Group.objects.filter(pk=town.editors_group_id).exists()
