"""The isolation matrix: every admin area against every role.

Site A is county.localhost (below city.localhost, above town.localhost);
site B is dept.localhost (below the city, unrelated to the county). Each area
shows or opens an item of site A; the roles that may read it must see it,
every other role must not (404, 403, a redirect away, or a page without it).
"""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import GroupPagePermission, Page, Task, Workflow

from cms.pages.models import ArticlePage, SiteBranding
from sites.models import SiteProfile
from tests.factories import UserFactory, add_article, column, make_cluster

ROLES = [
    "admin",
    "inspector",
    "editor_a",
    "reviewer_a",
    "superior_editor",
    "editor_b",
]


class World:
    """The cluster, one user per role and one item of each kind per site."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module (provisioning is the slow part) inside a
    transaction rolled back at the end; each test runs in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        w = World()
        w.cluster = make_cluster()
        a, b = w.cluster.county, w.cluster.dept
        w.a, w.b = a, b
        inspectors = Group.objects.create(name="检查员")
        inspectors.permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="inspect_cluster"),
        )
        w.users = {
            "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
            "inspector": UserFactory(username="inspector", groups=[inspectors]),
            "editor_a": UserFactory(username="editor-a", groups=[a.editors_group]),
            "reviewer_a": UserFactory(
                username="reviewer-a", groups=[a.reviewers_group]
            ),
            "superior_editor": UserFactory(
                username="editor-city", groups=[w.cluster.city.editors_group]
            ),
            "editor_b": UserFactory(username="editor-b", groups=[b.editors_group]),
        }
        w.article_a = add_article(
            column(a, "news"), "县里独有的稻谷丰收新闻 harvest2026a", slug="harvest"
        )
        w.article_b = add_article(
            column(b, "news"), "教育局独有的开学通知 term2026b", slug="term-starts"
        )
        w.image_a = Image.objects.create(
            title="县城风光图片", file=get_test_image_file(), collection=a.collection
        )
        w.image_b = Image.objects.create(
            title="教育局校园图片", file=get_test_image_file(), collection=b.collection
        )
        w.doc_a = Document.objects.create(
            title="县政府工作报告文档",
            file=ContentFile(b"report", name="report.txt"),
            collection=a.collection,
        )
        w.doc_b = Document.objects.create(
            title="教育局招生简章文档",
            file=ContentFile(b"enrol", name="enrol.txt"),
            collection=b.collection,
        )
        w.image_a.tags.add("tagcountyimg")
        w.image_b.tags.add("tagdeptimg")
        w.doc_a.tags.add("tagcountydoc")
        w.doc_b.tags.add("tagdeptdoc")
        w.redirect_a = Redirect.objects.create(
            site=a.site, old_path="/old-harvest-a", redirect_page=w.article_a
        )
        w.redirect_b = Redirect.objects.create(
            site=b.site, old_path="/old-term-b", redirect_page=w.article_b
        )
        w.redirect_everywhere = Redirect.objects.create(
            site=None, old_path="/old-everywhere", redirect_link="https://www.gov.cn/"
        )
        # One search term promoted by both sites.
        w.query = Query.get("promoquery")
        w.promotion_a = SearchPromotion.objects.create(
            query=w.query, page=w.article_a, description="县里的推荐", sort_order=0
        )
        w.promotion_b = SearchPromotion.objects.create(
            query=w.query, page=w.article_b, description="教育局的推荐", sort_order=1
        )
        # A term only site A promotes.
        w.county_query = Query.get("countyonlyterm")
        w.county_query.add_hit()  # the term chooser lists searched terms
        SearchPromotion.objects.create(
            query=w.county_query, page=column(a, "news"), description="县新闻"
        )
        SiteBranding.objects.create(site=a.site, main_colour="#123456")
        SiteBranding.objects.create(site=b.site, main_colour="#654321")
        # A page of site A waiting in a workflow (Wagtail's default workflow).
        workflow = Workflow.objects.filter(active=True).first()
        if workflow is not None:
            workflow.start(w.article_a, w.users["editor_a"])
        yield w
        transaction.set_rollback(True)


def client_for(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


def _text(response):
    """The response as text, JSON without \\u escapes."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _is_denied(response, marker):
    """A refusal: an error status, a redirect elsewhere, or a page without
    the item."""
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        return True
    return marker not in _text(response)


def _is_allowed(response, marker):
    return response.status_code == 200 and marker in _text(response)


ALL = set(ROLES)
SITE_A_PEOPLE = {"admin", "editor_a", "reviewer_a", "superior_editor"}
READERS = SITE_A_PEOPLE | {"inspector"}

# (area, url builder, text that must appear, roles that may see it)
AREAS = [
    (
        "explorer listing",
        lambda w: reverse("wagtailadmin_explore", args=[column(w.a, "news").pk]),
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "explorer header of another site",
        lambda w: reverse("wagtailadmin_explore", args=[w.a.site.root_page_id]),
        lambda w: w.a.name,
        READERS,
    ),
    (
        "page edit",
        lambda w: reverse("wagtailadmin_pages:edit", args=[w.article_a.pk]),
        lambda w: w.article_a.title,
        SITE_A_PEOPLE,
    ),
    (
        "page history",
        lambda w: reverse("wagtailadmin_pages:history", args=[w.article_a.pk]),
        lambda w: w.article_a.title,
        SITE_A_PEOPLE,
    ),
    (
        "page revisions view",
        lambda w: reverse("wagtailadmin_pages:view_draft", args=[w.article_a.pk]),
        lambda w: w.article_a.title,
        SITE_A_PEOPLE,
    ),
    (
        "read-only page preview",
        lambda w: reverse("cluster:page_preview", args=[w.article_a.pk]),
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "page chooser at the root",
        lambda w: reverse("wagtailadmin_choose_page"),
        lambda w: w.a.name,
        READERS,
    ),
    (
        "page chooser browsing site A",
        lambda w: reverse(
            "wagtailadmin_choose_page_child", args=[column(w.a, "news").pk]
        ),
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "page chooser for a page type",
        lambda w: reverse("wagtailadmin_choose_page") + "?page_type=pages.articlepage",
        lambda w: w.article_a.title,
        # Opens at the common ancestor of the articles the user may read:
        # site A's news column for site A's people, the tree root (listing
        # only home pages) for those reading several sites.
        {"editor_a", "reviewer_a"},
    ),
    (
        "page chooser search",
        lambda w: reverse("wagtailadmin_choose_page_search") + "?q=harvest2026a",
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "page chooser chosen by id",
        lambda w: (
            reverse("wagtailadmin_choose_page_chosen_multiple")
            + f"?id={w.article_a.pk}"
        ),
        lambda w: f'"id": {w.article_a.pk}',
        READERS,
    ),
    (
        "admin page search",
        lambda w: reverse("wagtailadmin_pages:search") + "?q=harvest2026a",
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "admin API page listing",
        lambda w: (
            reverse("wagtailadmin_api:pages:listing")
            + f"?child_of={column(w.a, 'news').pk}"
        ),
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "admin API page detail",
        lambda w: reverse("wagtailadmin_api:pages:detail", args=[w.article_a.pk]),
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "images listing",
        lambda w: reverse("wagtailimages:index"),
        lambda w: w.image_a.title,
        READERS,
    ),
    (
        "image edit",
        lambda w: reverse("wagtailimages:edit", args=[w.image_a.pk]),
        lambda w: w.image_a.title,
        READERS,
    ),
    (
        "image chooser",
        lambda w: reverse("wagtailimages_chooser:choose"),
        lambda w: w.image_a.title,
        SITE_A_PEOPLE,
    ),
    (
        "admin API images",
        lambda w: reverse("wagtailadmin_api:images:listing"),
        lambda w: w.image_a.title,
        READERS,
    ),
    (
        "documents listing",
        lambda w: reverse("wagtaildocs:index"),
        lambda w: w.doc_a.title,
        READERS,
    ),
    (
        "document edit",
        lambda w: reverse("wagtaildocs:edit", args=[w.doc_a.pk]),
        lambda w: w.doc_a.title,
        READERS,
    ),
    (
        "document chooser",
        lambda w: reverse("wagtaildocs_chooser:choose"),
        lambda w: w.doc_a.title,
        SITE_A_PEOPLE,
    ),
    (
        "admin API documents",
        lambda w: reverse("wagtailadmin_api:documents:listing"),
        lambda w: w.doc_a.title,
        READERS,
    ),
    (
        "site profile listing",
        lambda w: reverse("wagtailsnippets_cluster_siteprofile:list"),
        lambda w: w.a.identity_code,
        READERS,
    ),
    (
        "site profile inspect",
        lambda w: reverse("wagtailsnippets_cluster_siteprofile:inspect", args=[w.a.pk]),
        lambda w: w.a.identity_code,
        READERS,
    ),
    (
        "site profile edit",
        lambda w: reverse("wagtailsnippets_cluster_siteprofile:edit", args=[w.a.pk]),
        lambda w: w.a.identity_code,
        {"admin"},
    ),
    (
        "site profile chooser",
        lambda w: reverse("wagtailsnippetchoosers_cluster_siteprofile:choose"),
        lambda w: w.a.name,
        READERS,
    ),
    (
        "site profile history",
        lambda w: reverse("wagtailsnippets_cluster_siteprofile:history", args=[w.a.pk]),
        lambda w: w.a.name,
        {"admin"},  # a record's history is for those who may change it
    ),
    (
        "site settings",
        lambda w: reverse(
            "wagtailsettings:edit", args=["pages", "sitebranding", w.a.site.pk]
        ),
        lambda w: "#123456",
        {"admin", "reviewer_a"},
    ),
    (
        "site history report",
        lambda w: reverse("wagtailadmin_reports:site_history"),
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "page types usage report",
        lambda w: reverse("wagtailadmin_reports:page_types_usage"),
        lambda w: w.article_a.title,
        # Names the last edited article the user may read: site A's for site
        # A's people, site B's newer one for those reading both sites.
        {"editor_a", "reviewer_a"},
    ),
    (
        "aging pages report",
        # Articles only: the other areas' section pages would push the marker
        # article past the report's first page for a superuser.
        lambda w: (
            reverse("wagtailadmin_reports:aging_pages")
            + f"?content_type={ContentType.objects.get_for_model(ArticlePage).pk}"
        ),
        lambda w: w.article_a.title,
        {"admin", "reviewer_a"},  # pages the user may publish
    ),
    (
        "workflow report",
        lambda w: reverse("wagtailadmin_reports:workflow"),
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "workflow tasks report",
        lambda w: reverse("wagtailadmin_reports:workflow_tasks"),
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "page bulk action by id",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
            + f"?id={w.article_a.pk}"
        ),
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "page bulk action on a whole column",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
            + f"?id=all&childOf={column(w.a, 'news').pk}"
        ),
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "image bulk action",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtailimages", "image", "delete"])
            + f"?id={w.image_a.pk}"
        ),
        lambda w: w.image_a.title,
        READERS,
    ),
    (
        "site profile bulk action on every row",
        lambda w: (
            reverse("wagtail_bulk_action", args=["cluster", "siteprofile", "delete"])
            + "?id=all"
        ),
        lambda w: w.a.name,
        READERS,
    ),
    (
        "cluster tree",
        lambda w: reverse("cluster:tree"),
        lambda w: w.a.identity_code,
        {"admin", "inspector"},
    ),
    # -- Images and documents: search, usage, tags -------------------------
    (
        "images listing search",
        lambda w: reverse("wagtailimages:index") + "?q=县城风光图片",
        # The search box repeats the words: look for the image's link.
        lambda w: reverse("wagtailimages:edit", args=[w.image_a.pk]),
        READERS,
    ),
    (
        "images listing tag filter",
        lambda w: reverse("wagtailimages:index"),
        lambda w: "tagcountyimg",
        READERS,
    ),
    (
        "image chooser tag links",
        lambda w: reverse("wagtailimages_chooser:choose"),
        lambda w: "tagcountyimg",
        READERS,
    ),
    (
        "image usage",
        lambda w: reverse("wagtailimages:image_usage", args=[w.image_a.pk]),
        lambda w: w.image_a.title,
        READERS,  # inspectors read-only
    ),
    (
        "admin API images search",
        lambda w: reverse("wagtailadmin_api:images:listing") + "?search=县城风光图片",
        lambda w: w.image_a.title,
        READERS,
    ),
    (
        "documents listing search",
        lambda w: reverse("wagtaildocs:index") + "?q=县政府工作报告文档",
        lambda w: reverse("wagtaildocs:edit", args=[w.doc_a.pk]),
        READERS,
    ),
    (
        "documents listing tag filter",
        lambda w: reverse("wagtaildocs:index"),
        lambda w: "tagcountydoc",
        READERS,
    ),
    (
        "document usage",
        lambda w: reverse("wagtaildocs:document_usage", args=[w.doc_a.pk]),
        lambda w: w.doc_a.title,
        READERS,
    ),
    (
        "admin API documents search",
        lambda w: (
            reverse("wagtailadmin_api:documents:listing") + "?search=县政府工作报告文档"
        ),
        lambda w: w.doc_a.title,
        READERS,
    ),
    (
        "tag autocomplete",
        lambda w: reverse("wagtailadmin_tag_autocomplete") + "?term=tagcounty",
        lambda w: "tagcountyimg",
        READERS,
    ),
    (
        "tag autocomplete of a tag model",
        lambda w: (
            reverse("wagtailadmin_tag_model_autocomplete", args=["taggit", "tag"])
            + "?term=tag"
        ),
        lambda w: "tagcountydoc",
        READERS,
    ),
    # -- Redirects -----------------------------------------------------------
    (
        "redirects listing",
        lambda w: reverse("wagtailredirects:index"),
        lambda w: w.redirect_a.old_path,
        READERS,
    ),
    (
        "redirects listing search",
        lambda w: reverse("wagtailredirects:index") + "?q=old-harvest",
        lambda w: w.redirect_a.old_path,
        READERS,
    ),
    (
        "redirect edit",
        lambda w: reverse("wagtailredirects:edit", args=[w.redirect_a.pk]),
        lambda w: 'name="old_path"',
        SITE_A_PEOPLE,
    ),
    (
        "redirect open",
        lambda w: reverse("wagtailredirects:edit", args=[w.redirect_a.pk]),
        lambda w: w.redirect_a.old_path,
        READERS,  # inspectors read-only
    ),
    (
        "redirect for every site, opened",
        lambda w: reverse("wagtailredirects:edit", args=[w.redirect_everywhere.pk]),
        lambda w: w.redirect_everywhere.old_path,
        {"admin"},
    ),
    (
        "redirects site filter",
        lambda w: reverse("wagtailredirects:index"),
        lambda w: f'<option value="{w.a.site.pk}"',
        READERS,
    ),
    (
        "redirect delete",
        lambda w: reverse("wagtailredirects:delete", args=[w.redirect_a.pk]),
        lambda w: w.redirect_a.old_path,
        SITE_A_PEOPLE,
    ),
    (
        "redirect for every site",
        lambda w: reverse("wagtailredirects:index") + "?q=old-everywhere",
        lambda w: w.redirect_everywhere.old_path,
        {"admin"},
    ),
    (
        "redirect import",
        lambda w: reverse("wagtailredirects:start_import"),
        lambda w: 'name="import_file"',
        {"admin"},
    ),
    # -- Search promotions ---------------------------------------------------
    (
        "search promotions listing",
        lambda w: reverse("wagtailsearchpromotions:index"),
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "search promotions listing search",
        lambda w: reverse("wagtailsearchpromotions:index") + "?q=promoquery",
        lambda w: w.article_a.title,
        READERS,
    ),
    (
        "search promotion edit",
        lambda w: reverse("wagtailsearchpromotions:edit", args=[w.query.pk]),
        lambda w: f"{w.promotion_a.description}</textarea>",
        SITE_A_PEOPLE,
    ),
    (
        "search promotion open",
        lambda w: reverse("wagtailsearchpromotions:edit", args=[w.query.pk]),
        lambda w: w.promotion_a.description,
        READERS,  # inspectors read-only
    ),
    (
        "search promotion delete",
        lambda w: reverse("wagtailsearchpromotions:delete", args=[w.county_query.pk]),
        lambda w: w.county_query.query_string,
        SITE_A_PEOPLE,
    ),
    (
        "search term chooser",
        lambda w: reverse("wagtailsearchpromotions:chooser"),
        lambda w: w.county_query.query_string,
        READERS,
    ),
    # -- Cluster configuration: the cluster office's only -------------------
    (
        "collections listing",
        lambda w: reverse("wagtailadmin_collections:index"),
        lambda w: w.a.collection.name,
        {"admin"},
    ),
    (
        "collection edit",
        lambda w: reverse("wagtailadmin_collections:edit", args=[w.a.collection_id]),
        lambda w: w.a.collection.name,
        {"admin"},
    ),
    (
        "workflows listing",
        lambda w: reverse("wagtailadmin_workflows:index"),
        lambda w: Workflow.objects.first().name,
        {"admin"},
    ),
    (
        "workflow edit",
        lambda w: reverse(
            "wagtailadmin_workflows:edit", args=[Workflow.objects.first().pk]
        ),
        lambda w: Workflow.objects.first().name,
        {"admin"},
    ),
    (
        "workflow tasks listing",
        lambda w: reverse("wagtailadmin_workflows:task_index"),
        lambda w: Task.objects.first().name,
        {"admin"},
    ),
    (
        "workflow task edit",
        lambda w: reverse(
            "wagtailadmin_workflows:edit_task", args=[Task.objects.first().pk]
        ),
        lambda w: Task.objects.first().name,
        {"admin"},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("area", "url", "marker", "allowed"), AREAS, ids=[area[0] for area in AREAS]
)
def test_isolation_matrix(world, db, role, area, url, marker, allowed):
    client = client_for(world, role)
    response = client.get(url(world))
    text = marker(world)
    if role in allowed:
        assert _is_allowed(response, text), (area, role, response.status_code)
    else:
        assert _is_denied(response, text), (area, role, response.status_code)


@pytest.mark.parametrize(
    ("area", "url", "marker"),
    [
        (
            "explorer",
            lambda w: reverse("wagtailadmin_explore", args=[column(w.b, "news").pk]),
            lambda w: w.article_b.title,
        ),
        (
            "page chooser",
            lambda w: reverse(
                "wagtailadmin_choose_page_child", args=[w.b.site.root_page_id]
            ),
            lambda w: w.b.name,
        ),
        (
            "page chooser search",
            lambda w: reverse("wagtailadmin_choose_page_search") + "?q=term2026b",
            lambda w: w.article_b.title,
        ),
        (
            "admin API",
            lambda w: reverse("wagtailadmin_api:pages:listing") + "?search=term2026b",
            lambda w: w.article_b.title,
        ),
        (
            "images",
            lambda w: reverse("wagtailadmin_api:images:listing"),
            lambda w: w.image_b.title,
        ),
        (
            "documents",
            lambda w: reverse("wagtaildocs:index"),
            lambda w: w.doc_b.title,
        ),
        (
            "site history",
            lambda w: reverse("wagtailadmin_reports:site_history"),
            lambda w: w.article_b.title,
        ),
        (
            "tag autocomplete",
            lambda w: reverse("wagtailadmin_tag_autocomplete") + "?term=tagdept",
            lambda w: "tagdept",
        ),
        (
            "image tag filter",
            lambda w: reverse("wagtailimages:index"),
            lambda w: "tagdeptimg",
        ),
        (
            "image chooser tag links",
            lambda w: reverse("wagtailimages_chooser:choose"),
            lambda w: "tagdeptimg",
        ),
        (
            "redirects",
            lambda w: reverse("wagtailredirects:index"),
            lambda w: w.redirect_b.old_path,
        ),
        (
            "redirect of site B",
            lambda w: reverse("wagtailredirects:edit", args=[w.redirect_b.pk]),
            lambda w: w.redirect_b.old_path,
        ),
        (
            "redirects site filter",
            lambda w: reverse("wagtailredirects:index"),
            lambda w: f'<option value="{w.b.site.pk}"',
        ),
        (
            "search promotions",
            lambda w: reverse("wagtailsearchpromotions:index"),
            lambda w: w.article_b.title,
        ),
        (
            "search term both sites promote",
            lambda w: reverse("wagtailsearchpromotions:edit", args=[w.query.pk]),
            lambda w: w.promotion_b.description,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_editor_of_a_never_sees_site_b(world, db, area, url, marker):
    response = client_for(world, "editor_a").get(url(world))
    assert _is_denied(response, marker(world)), area


def test_superior_editor_manages_direct_subordinates_only(world, db):
    """With CLUSTER_SUPERIOR_ACCESS="direct" the city's editors work on the
    county's pages but not on the township below the county."""
    client = client_for(world, "superior_editor")
    town_home = world.cluster.town.site.root_page_id
    county_page = world.article_a.pk
    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=[county_page])).status_code
        == 200
    )
    response = client.get(reverse("wagtailadmin_explore", args=[town_home]))
    assert response.status_code == 404


def test_site_settings_switcher_lists_only_managed_sites(world, db):
    reviewer = client_for(world, "reviewer_a")
    response = reviewer.get(
        reverse("wagtailsettings:edit", args=["pages", "sitebranding", world.a.site.pk])
    )
    assert response.status_code == 200
    assert world.b.site.hostname not in response.content.decode()
    denied = reviewer.get(
        reverse("wagtailsettings:edit", args=["pages", "sitebranding", world.b.site.pk])
    )
    assert denied.status_code in (302, 403)


def test_settings_permission_for_all_sites_still_stops_at_managed_sites(world, db):
    """A group given the setting's permission globally (by mistake) still
    cannot edit another site's settings."""
    world.a.editors_group.permissions.add(
        Permission.objects.get(codename="change_sitebranding")
    )
    client = client_for(world, "editor_a")
    url_b = reverse(
        "wagtailsettings:edit", args=["pages", "sitebranding", world.b.site.pk]
    )
    response = client.post(url_b, {"main_colour": "#000000"})
    assert response.status_code in (302, 403)
    assert SiteBranding.objects.get(site=world.b.site).main_colour == "#654321"


# -- The inspector reads everything and changes nothing ----------------------


def _snapshot(world):
    article = Page.objects.get(pk=world.article_a.pk)
    return (
        article.title,
        article.live,
        article.latest_revision_id,
        Page.objects.count(),
        SiteProfile.objects.get(pk=world.a.pk).name,
        SiteBranding.objects.get(site=world.a.site).main_colour,
        Image.objects.get(pk=world.image_a.pk).title,
        Document.objects.get(pk=world.doc_a.pk).title,
        Image.objects.count(),
        GroupPagePermission.objects.count(),
        sorted(Redirect.objects.values_list("old_path", "site_id")),
        SearchPromotion.objects.count(),
    )


w_site_a_pk = object()  # stands for site A's id in the form data below

INSPECTOR_WRITES = [
    (
        "edit page",
        lambda w: reverse("wagtailadmin_pages:edit", args=[w.article_a.pk]),
        {"title": "检查员改的标题", "slug": "x", "action-publish": "1"},
    ),
    (
        "add page",
        lambda w: reverse(
            "wagtailadmin_pages:add",
            args=["pages", "articlepage", column(w.a, "news").pk],
        ),
        {"title": "检查员新建", "slug": "new", "body": "<p>x</p>"},
    ),
    (
        "delete page",
        lambda w: reverse("wagtailadmin_pages:delete", args=[w.article_a.pk]),
        {},
    ),
    (
        "unpublish page",
        lambda w: reverse("wagtailadmin_pages:unpublish", args=[w.article_a.pk]),
        {},
    ),
    (
        "lock page",
        lambda w: reverse("wagtailadmin_pages:lock", args=[w.article_a.pk]),
        {},
    ),
    (
        "copy page",
        lambda w: reverse("wagtailadmin_pages:copy", args=[w.article_a.pk]),
        {
            "new_title": "副本",
            "new_slug": "copy",
        },
    ),
    (
        "publish through the admin API",
        lambda w: reverse(
            "wagtailadmin_api:pages:action", args=[w.article_a.pk, "publish"]
        ),
        {},
    ),
    (
        "edit site profile",
        lambda w: reverse("wagtailsnippets_cluster_siteprofile:edit", args=[w.a.pk]),
        {"name": "检查员改名"},
    ),
    (
        "delete site profile",
        lambda w: reverse("wagtailsnippets_cluster_siteprofile:delete", args=[w.a.pk]),
        {},
    ),
    (
        "edit site settings",
        lambda w: reverse(
            "wagtailsettings:edit", args=["pages", "sitebranding", w.a.site.pk]
        ),
        {"main_colour": "#000000"},
    ),
    (
        "edit image",
        lambda w: reverse("wagtailimages:edit", args=[w.image_a.pk]),
        {"title": "检查员改图"},
    ),
    (
        "delete image",
        lambda w: reverse("wagtailimages:delete", args=[w.image_a.pk]),
        {},
    ),
    (
        "edit document",
        lambda w: reverse("wagtaildocs:edit", args=[w.doc_a.pk]),
        {"title": "检查员改文档"},
    ),
    (
        "add redirect",
        lambda w: reverse("wagtailredirects:add"),
        {
            "old_path": "/inspector",
            "site": w_site_a_pk,
            "redirect_link": "https://www.gov.cn/",
        },
    ),
    (
        "edit redirect",
        lambda w: reverse("wagtailredirects:edit", args=[w.redirect_a.pk]),
        {
            "old_path": "/inspector",
            "site": w_site_a_pk,
            "redirect_link": "https://www.gov.cn/",
        },
    ),
    (
        "delete redirect",
        lambda w: reverse("wagtailredirects:delete", args=[w.redirect_a.pk]),
        {},
    ),
    (
        "delete search promotions",
        lambda w: reverse("wagtailsearchpromotions:delete", args=[w.query.pk]),
        {},
    ),
    (
        "edit search promotions",
        lambda w: reverse("wagtailsearchpromotions:edit", args=[w.query.pk]),
        {"query_string": "inspector", "editors_picks-TOTAL_FORMS": "0"},
    ),
    (
        "bulk delete pages",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
            + f"?id={w.article_a.pk}"
        ),
        {},
    ),
]


@pytest.mark.parametrize(
    ("action", "url", "data"), INSPECTOR_WRITES, ids=[w[0] for w in INSPECTOR_WRITES]
)
def test_inspector_changes_nothing(world, db, action, url, data):
    before = _snapshot(world)
    data = {
        key: world.a.site.pk if value is w_site_a_pk else value
        for key, value in data.items()
    }
    response = client_for(world, "inspector").post(url(world), data)
    assert response.status_code in (302, 403, 404, 405), (action, response.status_code)
    if response.status_code == 302:
        assert response["Location"] != url(world)
    assert _snapshot(world) == before, action


def test_inspector_explores_every_site_read_only(world, db):
    client = client_for(world, "inspector")
    for profile in world.cluster.all():
        response = client.get(
            reverse("wagtailadmin_explore", args=[profile.site.root_page_id])
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert (
            reverse("wagtailadmin_pages:add_subpage", args=[profile.site.root_page_id])
            not in body
        )
    edit_link = reverse("wagtailadmin_pages:edit", args=[world.article_a.pk])
    listing = client.get(
        reverse("wagtailadmin_explore", args=[column(world.a, "news").pk])
    )
    assert edit_link not in listing.content.decode()
    assert (
        reverse("cluster:page_preview", args=[world.article_a.pk])
        in listing.content.decode()
    )


# -- Site profiles in the admin ----------------------------------------------


def _profile_form_data(profile, **changes):
    data = {
        "name": profile.name,
        "short_name": profile.short_name,
        "level": profile.level,
        "superior": profile.superior_id or "",
        "identity_code": profile.identity_code,
        "sponsor": profile.sponsor,
        "undertaker": profile.undertaker,
        "address": profile.address,
        "phone": profile.phone,
        "email": profile.email,
        "icp_number": profile.icp_number,
        "public_security_number": profile.public_security_number,
        "status": profile.status,
        "closed_on": "",
        "merged_into": "",
    }
    data.update(changes)
    return data


def test_admin_edits_a_profile(world, db):
    url = reverse("wagtailsnippets_cluster_siteprofile:edit", args=[world.a.pk])
    response = client_for(world, "admin").post(
        url, _profile_form_data(world.a, sponsor="测试县人民政府办公室（新）")
    )
    assert response.status_code == 302
    assert (
        SiteProfile.objects.get(pk=world.a.pk).sponsor == "测试县人民政府办公室（新）"
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"identity_code": "12345"}, "identity_code", "10位数字"),
        ({"identity_code": "9920000001"}, "identity_code", "省级行政区划代码"),
        ({"identity_code": "5120000001"}, "identity_code", "已存在"),
        (
            {"status": "closed", "closed_on": "2026-01-01"},
            "merged_into",
            "必须指定内容迁入",
        ),
        ({"superior": "TOWN"}, "superior", "循环"),
    ],
)
def test_profile_form_errors_are_chinese_and_change_nothing(
    world, db, changes, field, message
):
    if changes.get("superior") == "TOWN":
        changes["superior"] = world.cluster.town.pk
    url = reverse("wagtailsnippets_cluster_siteprofile:edit", args=[world.a.pk])
    response = client_for(world, "admin").post(
        url, _profile_form_data(world.a, sponsor="不应保存", **changes)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert SiteProfile.objects.get(pk=world.a.pk).sponsor != "不应保存"


def test_cluster_tree_nests_sites_under_their_superiors(world, db):
    response = client_for(world, "inspector").get(reverse("cluster:tree"))
    assert 'href="http://county.localhost/"' in _text(response)
    tree = response.context["tree"]
    assert [node["profile"].site.hostname for node in tree] == ["city.localhost"]
    below_city = {node["profile"].site.hostname: node for node in tree[0]["children"]}
    assert set(below_city) == {"county.localhost", "dept.localhost"}
    assert [
        node["profile"].site.hostname
        for node in below_city["county.localhost"]["children"]
    ] == ["town.localhost"]
    county = below_city["county.localhost"]["profile"]
    assert (
        county.page_count
        == Page.objects.descendant_of(world.a.site.root_page, inclusive=True).count()
    )


# -- sync_site_permissions --------------------------------------------------


def _grants_on(profile, group):
    return set(
        GroupPagePermission.objects.filter(
            group=group, page_id=profile.site.root_page_id
        ).values_list("permission__codename", flat=True)
    )


def test_sync_follows_the_superior_access_setting(world, db, settings):
    city_editors = world.cluster.city.editors_group
    town = world.cluster.town
    assert _grants_on(town, city_editors) == set()
    out = StringIO()
    call_command("sync_site_permissions", "--dry-run", stdout=out)
    # Provisioning and the sync agree: nothing to do on a fresh cluster.
    assert "增加权限：页面 0、媒体 0、站点设置 0" in out.getvalue()
    assert "撤销权限：页面 0、媒体 0、站点设置 0" in out.getvalue()

    settings.CLUSTER_SUPERIOR_ACCESS = "all"
    out = StringIO()
    call_command("sync_site_permissions", "--dry-run", stdout=out)
    assert "[试运行]" in out.getvalue()
    assert _grants_on(town, city_editors) == set()

    call_command("sync_site_permissions", stdout=StringIO())
    assert _grants_on(town, city_editors) == {"add_page", "change_page", "lock_page"}

    settings.CLUSTER_SUPERIOR_ACCESS = "none"
    out = StringIO()
    call_command("sync_site_permissions", stdout=out)
    assert _grants_on(world.a, city_editors) == set()
    assert _grants_on(town, city_editors) == set()
    assert _grants_on(world.a, world.a.editors_group) == {
        "add_page",
        "change_page",
        "lock_page",
    }
    assert "撤销权限" in out.getvalue()

    settings.CLUSTER_SUPERIOR_ACCESS = "direct"
    call_command("sync_site_permissions", stdout=StringIO())
    out = StringIO()
    call_command("sync_site_permissions", stdout=out)
    assert "增加权限：页面 0、媒体 0、站点设置 0" in out.getvalue()
    assert "撤销权限：页面 0、媒体 0、站点设置 0" in out.getvalue()


def test_sync_rejects_an_unknown_access_setting(world, db, settings):
    from django.core.management import CommandError

    settings.CLUSTER_SUPERIOR_ACCESS = "everyone"
    with pytest.raises(CommandError, match="CLUSTER_SUPERIOR_ACCESS"):
        call_command("sync_site_permissions", stdout=StringIO())


def test_profiles_are_neither_added_nor_deleted_in_the_admin(world, db):
    """A profile comes with its site (`create_site`); a stopped site is marked
    closed. Not even the cluster office adds or deletes one in the admin."""
    client = client_for(world, "admin")
    add = client.post(reverse("wagtailsnippets_cluster_siteprofile:add"), {})
    assert add.status_code in (302, 403)
    delete = client.post(
        reverse("wagtailsnippets_cluster_siteprofile:delete", args=[world.a.pk])
    )
    assert delete.status_code in (302, 403)
    assert SiteProfile.objects.filter(pk=world.a.pk).exists()
    assert SiteProfile.objects.count() == 4


def test_site_owned_form_offers_only_managed_sites(world, db):
    """`SiteOwnedAdminForm` (the form of every SiteOwnedModel) lists the
    user's manageable sites and refuses another site in Chinese."""
    from sites.forms import SiteOwnedAdminForm

    class SiteChoiceForm(SiteOwnedAdminForm):
        class Meta:
            model = SiteProfile  # any model with a `site` foreign key
            fields = ["site"]

    editor = world.users["editor_a"]
    form = SiteChoiceForm(for_user=editor)
    offered = {site.hostname for site in form.fields["site"].queryset}
    assert offered == {"county.localhost", "town.localhost"}

    form = SiteChoiceForm(data={"site": world.b.site.pk}, for_user=editor)
    assert not form.is_valid()
    assert "只能选择您负责管理的站点。" in form.errors["site"]


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_counts_only_the_users_pages(world, db, role):
    """Wagtail counts every page below the user's common ancestor: for the
    city's editors (city, county, department) that is the whole tree."""
    from sites.isolation import visible_pages

    user = world.users[role]
    response = client_for(world, role).get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    if role == "inspector":
        return  # the summary lists pages for those who may change them
    expected = visible_pages(user, Page.objects.filter(depth__gt=1)).count()
    summary = SummaryPanelText.of(response)
    assert f"{expected} " in summary
    assert world.article_a.title not in _text(response) or role in SITE_A_PEOPLE


class SummaryPanelText:
    @staticmethod
    def of(response):
        text = _text(response)
        start = text.index("icon-doc-empty")
        return text[start : start + 400]


# -- Images and documents: inspectors, usage -----------------------------------


READ_ONLY_PAGES = [
    (
        "image",
        lambda w: reverse("wagtailimages:edit", args=[w.image_b.pk]),
        lambda w: "tagdeptimg",
        lambda w: reverse("wagtailimages:delete", args=[w.image_b.pk]),
    ),
    (
        "document",
        lambda w: reverse("wagtaildocs:edit", args=[w.doc_b.pk]),
        lambda w: "tagdeptdoc",
        lambda w: reverse("wagtaildocs:delete", args=[w.doc_b.pk]),
    ),
    (
        "redirect",
        lambda w: reverse("wagtailredirects:edit", args=[w.redirect_b.pk]),
        lambda w: w.redirect_b.old_path,
        lambda w: reverse("wagtailredirects:delete", args=[w.redirect_b.pk]),
    ),
    (
        "search term",
        lambda w: reverse("wagtailsearchpromotions:edit", args=[w.query.pk]),
        lambda w: w.promotion_b.description,
        lambda w: reverse("wagtailsearchpromotions:delete", args=[w.query.pk]),
    ),
]


@pytest.mark.parametrize(
    ("kind", "url", "marker", "delete_url"),
    READ_ONLY_PAGES,
    ids=[page[0] for page in READ_ONLY_PAGES],
)
def test_inspector_opens_records_of_any_site_read_only(
    world, db, kind, url, marker, delete_url
):
    client = client_for(world, "inspector")
    response = client.get(url(world))
    assert response.status_code == 200, kind
    body = _text(response)
    assert marker(world) in body
    assert "只读" in body
    assert "<form" not in body.split('id="main"', 1)[1]  # no form
    assert delete_url(world) not in body  # no delete button
    # Any change is refused outright, with a page that says why in Chinese.
    refused = client.post(url(world), {"title": "检查员改的"})
    assert refused.status_code == 403
    assert "检查员账号只能查看，不能修改" in refused.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("wagtailimages:image_usage", args=[w.image_b.pk]),
        lambda w: reverse("wagtaildocs:document_usage", args=[w.doc_b.pk]),
    ],
    ids=["image", "document"],
)
def test_inspector_reads_usage_without_an_edit_button(world, db, url):
    client = client_for(world, "inspector")
    response = client.get(url(world))
    assert response.status_code == 200
    header = _text(response).split("<main", 1)[1].split("</header>", 1)[0]
    assert "icon-edit" not in header
    assert client.post(url(world)).status_code == 403


def test_usage_names_only_pages_the_user_may_open(world, db):
    """A city page using a county image: the county's people see that the
    image is used, not by which page (Wagtail's "private" row)."""
    from wagtail.models import ReferenceIndex

    city_page = add_article(
        column(world.cluster.city, "news"),
        "市政府转载的县城风光 cityusage2026",
        body=f'<p>图</p><embed embedtype="image" id="{world.image_a.pk}" format="left"/>',
    )
    ReferenceIndex.create_or_update_for_object(city_page)
    url = reverse("wagtailimages:image_usage", args=[world.image_a.pk])
    for role, names_it in [
        ("admin", True),
        ("inspector", True),  # reads every site
        ("superior_editor", True),
        ("editor_a", False),
        ("reviewer_a", False),
    ]:
        response = client_for(world, role).get(url)
        assert response.status_code == 200, role
        assert ("cityusage2026" in _text(response)) is names_it, role
        assert "<tr" in _text(response).split("<tbody", 1)[1], role


# -- Redirects and search promotions: changes stay in the user's sites ---------


def test_editor_adds_a_redirect_only_on_own_site(world, db):
    client = client_for(world, "editor_a")
    url = reverse("wagtailredirects:add")
    ok = client.post(
        url,
        {
            "old_path": "/county-old",
            "site": world.a.site.pk,
            "redirect_link": "https://www.gov.cn/",
        },
    )
    assert ok.status_code == 302, ok.context["form"].errors
    assert Redirect.objects.filter(old_path="/county-old", site=world.a.site).exists()

    for data, field, message in [
        (
            {
                "old_path": "/b-old",
                "site": world.b.site.pk,
                "redirect_link": "https://www.gov.cn/",
            },
            "site",
            "只能选择您负责管理的站点。",
        ),
        (
            {
                "old_path": "/all-old",
                "site": "",
                "redirect_link": "https://www.gov.cn/",
            },
            "site",
            "",
        ),
        (
            {
                "old_path": "/to-b",
                "site": world.a.site.pk,
                "redirect_page": world.article_b.pk,
            },
            "redirect_page",
            "只能重定向到您有权查看的页面。",
        ),
    ]:
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert message in " ".join(response.context["form"].errors[field]), data
        assert not Redirect.objects.filter(old_path=data["old_path"]).exists()

    b_redirect = reverse("wagtailredirects:edit", args=[world.redirect_b.pk])
    assert client.post(b_redirect, {"old_path": "/x"}).status_code == 404
    assert Redirect.objects.get(pk=world.redirect_b.pk).old_path == "/old-term-b"


def _promotion_formset(promotions, **extra):
    data = {
        "editors_picks-TOTAL_FORMS": str(len(promotions)),
        "editors_picks-INITIAL_FORMS": str(
            sum(1 for promotion in promotions if promotion.get("id"))
        ),
        "editors_picks-MIN_NUM_FORMS": "0",
        "editors_picks-MAX_NUM_FORMS": "1000",
    }
    for index, promotion in enumerate(promotions):
        for key, value in promotion.items():
            data[f"editors_picks-{index}-{key}"] = value
        data[f"editors_picks-{index}-ORDER"] = str(index)
    data.update(extra)
    return data


def test_editor_changes_only_own_promotions_of_a_shared_term(world, db):
    client = client_for(world, "editor_a")
    url = reverse("wagtailsearchpromotions:edit", args=[world.query.pk])
    response = client.post(
        url,
        _promotion_formset(
            [
                {
                    "id": world.promotion_a.pk,
                    "page": world.article_a.pk,
                    "description": "县里改过的推荐",
                }
            ],
            query_string="promoquery-renamed",
        ),
    )
    assert response.status_code == 302
    promotion_a = SearchPromotion.objects.get(pk=world.promotion_a.pk)
    promotion_b = SearchPromotion.objects.get(pk=world.promotion_b.pk)
    assert promotion_a.description == "县里改过的推荐"
    assert promotion_a.query.query_string == "promoquery-renamed"
    # Site B's promotion keeps its term and text.
    assert promotion_b.query_id == world.query.pk
    assert promotion_b.description == "教育局的推荐"

    delete = reverse("wagtailsearchpromotions:delete", args=[promotion_a.query_id])
    assert client.post(delete).status_code == 302
    assert not SearchPromotion.objects.filter(pk=world.promotion_a.pk).exists()
    assert SearchPromotion.objects.filter(pk=world.promotion_b.pk).exists()


@pytest.mark.parametrize(
    ("promotion", "message"),
    [
        ({"page": "B"}, "只能推荐您负责管理的站点的页面。"),
        (
            {"external_link_url": "https://example.cn/", "external_link_text": "外链"},
            "不能推荐外部链接",
        ),
    ],
    ids=["page of site B", "external link"],
)
def test_editor_cannot_promote_outside_own_sites(world, db, promotion, message):
    if promotion.get("page") == "B":
        promotion = {"page": world.article_b.pk}
    before = SearchPromotion.objects.count()
    response = client_for(world, "editor_a").post(
        reverse("wagtailsearchpromotions:add"),
        _promotion_formset([promotion], query_string="newterm"),
    )
    assert response.status_code == 200
    assert message in _text(response)
    assert SearchPromotion.objects.count() == before


def test_sync_gives_existing_groups_the_redirect_and_promotion_permissions(world, db):
    group = world.a.editors_group
    add_redirect = Permission.objects.get(codename="add_redirect")
    group.permissions.remove(add_redirect)
    out = StringIO()
    call_command("sync_site_permissions", "--dry-run", stdout=out)
    assert "重定向和搜索推荐 1" in out.getvalue()
    assert not group.permissions.filter(pk=add_redirect.pk).exists()
    call_command("sync_site_permissions", stdout=StringIO())
    assert group.permissions.filter(pk=add_redirect.pk).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "admin",
            {"tagcountyimg", "tagcountydoc", "tagdeptimg", "tagdeptdoc", "tagorphan"},
        ),
        ("inspector", {"tagcountyimg", "tagcountydoc", "tagdeptimg", "tagdeptdoc"}),
        ("editor_a", {"tagcountyimg", "tagcountydoc"}),
        (
            "superior_editor",
            {"tagcountyimg", "tagcountydoc", "tagdeptimg", "tagdeptdoc"},
        ),
        ("editor_b", {"tagdeptimg", "tagdeptdoc"}),
    ],
)
def test_tag_autocomplete_offers_tags_of_the_users_objects(world, db, role, expected):
    """Tags on nothing (or on records of no site) are the cluster office's."""
    from taggit.models import Tag

    Tag.objects.create(name="tagorphan", slug="tagorphan")
    response = client_for(world, role).get(
        reverse("wagtailadmin_tag_autocomplete") + "?term=tag"
    )
    assert response.status_code == 200
    assert set(response.json()) == expected


def test_editor_promotes_own_page_for_a_term_another_site_promotes(world, db):
    response = client_for(world, "editor_a").post(
        reverse("wagtailsearchpromotions:add"),
        _promotion_formset(
            [{"page": column(world.a, "notices").pk, "description": "县通知"}],
            query_string="promoquery",
        ),
    )
    assert response.status_code == 302
    assert set(
        SearchPromotion.objects.filter(query=world.query).values_list(
            "description", flat=True
        )
    ) == {"县里的推荐", "教育局的推荐", "县通知"}
