from contextlib import contextmanager
from io import StringIO
from unittest import mock
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import TestCase
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, GroupPagePermission, Page, Revision

from cms.delivery.models import StaticRenderRequest
from cms.pages.models import ArticlePage
from search import indexing
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


@contextmanager
def self_committing():
    """Run the on-commit callbacks of what happens inside (the test's
    transaction never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


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


def api_search(client, host, text):
    return client.get("/api/search/", {"q": text}, HTTP_HOST=host).json()["results"]


def test_search_documents_follow_the_pages_at_once(town, client, cluster):
    """The public index is updated inside the consolidation itself, without
    re-segmenting anything: no queued task has run here (no commit)."""
    article = add_article(column(town, "news"), "石桥防汛抗旱通知")
    indexing.index_pages(
        list(
            Page.objects.descendant_of(town.site.root_page).values_list("pk", flat=True)
        )
    )
    assert [hit["url"] for hit in api_search(client, "town.localhost", "防汛抗旱")] == [
        f"http://town.localhost/news/{article.slug}/"
    ]
    with mock.patch("search.indexing.build_document") as rebuilt:
        call_command(
            "consolidate",
            "town.localhost",
            "--into",
            "county.localhost",
            stdout=StringIO(),
        )
    rebuilt.assert_not_called()
    new_url = f"http://county.localhost/town/news/{article.slug}/"
    assert [
        hit["url"] for hit in api_search(client, "county.localhost", "防汛抗旱")
    ] == [new_url]
    assert api_search(client, "town.localhost", "防汛抗旱") == []
    assert SearchDocument.objects.get(page_id=article.pk).site_id == (
        cluster.county.site_id
    )


def test_renders_asked_for_are_what_shows_the_move(town, cluster, settings, tmp_path):
    """Nothing is asked of the closed site (its files go instead); on the
    target: the columns above the section, the site-wide paths and the
    notice first, then the moved pages at their new addresses."""
    settings.STATIC_PUBLISH_ROOT = tmp_path / "published"
    old_file = tmp_path / "published" / "town.localhost" / "news" / "index.html"
    old_file.parent.mkdir(parents=True)
    old_file.write_text("旧页面", encoding="utf-8")
    StaticRenderRequest.objects.all().delete()
    StaticRenderRequest.objects.create(hostname="town.localhost", path="/news/")
    live_below = Page.objects.descendant_of(town.site.root_page).live().count()
    with (
        # The rows are looked at before the render task drains them.
        mock.patch("cms.delivery.publisher._enqueue_unless_waiting"),
        mock.patch("cms.delivery.signals.withdraw_site_files_task"),
        self_committing(),
    ):
        call_command(
            "consolidate",
            "town.localhost",
            "--into",
            "county.localhost",
            "--under",
            "about",
            stdout=StringIO(),
        )
    assert not old_file.exists()
    assert not (tmp_path / "published" / "town.localhost").exists()
    rows = StaticRenderRequest.objects.order_by("requested_at", "path")
    assert not rows.filter(hostname="town.localhost").exists()
    first_at = rows.first().requested_at
    first = {row.path for row in rows if row.requested_at == first_at}
    later = {row.path for row in rows if row.requested_at > first_at}
    notice = ArticlePage.objects.child_of(column(cluster.county, "notices")).get()
    assert first == {
        "/",
        "/about/",
        "/notices/",
        f"/notices/{notice.slug}/",
        *settings.STATIC_PUBLISH_SITE_PATHS,
    }
    moved = {path for path in later if path.startswith("/about/town/")}
    # The section and every page below it (drafts included: rendering one
    # that is not live removes its file).
    assert (
        len(moved)
        == 1
        + Page.objects.descendant_of(
            Page.objects.get(url_path__endswith="/about/town/")
        ).count()
    )
    assert live_below <= len(moved) - 1
