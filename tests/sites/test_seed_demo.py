"""The demo cluster, seeded once for the module through the real command (each
test runs in a savepoint of it): the shape the README promises, idempotency,
and acceptance of the monitoring on it — the spot check finds exactly the
dormant sites, with evidence, and consolidating a dormant township breaks no
address."""

import json
from io import BytesIO, StringIO
from urllib.parse import urlparse

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from openpyxl import load_workbook
from wagtail.models import Page, Site

from cms.pages.models import ArticlePage, ColumnPage
from monitoring.dashboard import consolidation_candidates, score_trend
from monitoring.models import SpotCheckRun
from search import indexing
from search.models import SearchQueryLog
from search.service import current_count, suggestions
from sites.demo.cluster import DEMO_PASSWORD, DEMO_SITES, DORMANT_SLUGS, hostname_for
from sites.models import SiteProfile
from sites.provisioning import SITE_MODEL_PERMISSIONS, site_model_permissions
from tests.shared_rows import shared_rows

TODAY = "2026-11-20"


def seed_demo():
    call_command("seed_demo", "--today", TODAY, stdout=StringIO(), stderr=StringIO())


# Seeding is the most expensive set-up of the suite: once for the module.
_demo_rows = shared_rows(seed_demo)


@pytest.fixture
def demo(_demo_rows, db):
    """The demo cluster as `seed_demo --today TODAY` builds it."""
    return _demo_rows.fresh()


def table_counts():
    return {
        "sites": Site.objects.count(),
        "profiles": SiteProfile.objects.count(),
        "pages": Page.objects.count(),
        "users": get_user_model().objects.count(),
    }


def newest_item_age_days(profile):
    from datetime import date

    newest = (
        ArticlePage.objects.live()
        .descendant_of(profile.site.root_page)
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return (date.fromisoformat(TODAY) - newest.date()).days


def test_seed_demo_builds_the_promised_cluster_and_is_idempotent(demo, client):
    first = table_counts()

    levels = sorted(SiteProfile.objects.values_list("level", flat=True))
    assert levels.count("city") == 1
    assert levels.count("county") == 4
    assert levels.count("township") == 8
    assert levels.count("department") == 4
    assert first["profiles"] == len(DEMO_SITES) == 17

    # localhost serves the city portal; every site answers on <slug>.localhost.
    assert "云岭市人民政府" in client.get("/", HTTP_HOST="localhost").text
    for slug, name, *_ in DEMO_SITES:
        response = client.get("/", HTTP_HOST=f"{slug}.localhost")
        assert response.status_code == 200
        assert name in response.text

    # Every documented login works.
    for username in ["admin", "inspector", "editor-qingshi", "reviewer-dongpo"]:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None

    # Healthy sites publish news within days; dormant ones stopped months ago
    # and left columns empty.
    for profile in SiteProfile.objects.select_related("site"):
        slug = profile.site.hostname.removesuffix(".localhost")
        age = newest_item_age_days(profile)
        empty = [
            column
            for column in ColumnPage.objects.descendant_of(profile.site.root_page)
            if column.kind != "other"
            and not Page.objects.descendant_of(column).not_type(ColumnPage).exists()
        ]
        if slug in DORMANT_SLUGS:
            assert age > 90, slug
            assert len(empty) >= 3, slug
        else:
            assert age <= 14, slug

    # A demo built before redirects and search promotions were per site:
    # running seed_demo again gives its groups those permissions.
    editors = SiteProfile.objects.get(site__hostname="qingshi.localhost").editors_group
    editors.permissions.remove(*site_model_permissions())
    seed_demo()
    assert table_counts() == first
    for profile in SiteProfile.objects.select_related(
        "editors_group", "reviewers_group"
    ):
        for group in (profile.editors_group, profile.reviewers_group):
            held = set(group.permissions.values_list("codename", flat=True))
            assert {codename for _app, codename in SITE_MODEL_PERMISSIONS} <= held


def test_spotcheck_finds_the_dormant_sites_and_consolidation_keeps_every_url(
    demo, client
):
    out = StringIO()
    call_command("spotcheck", "--all", "--as-of", TODAY, "--json", "-", stdout=out)
    results = json.loads(out.getvalue())
    failed = {r["site"] for r in results if not r["passed"]}
    dormant = {hostname_for(slug) for slug in DORMANT_SLUGS}
    assert failed == dormant
    for result in results:
        if result["site"] in failed:
            codes = {veto["code"] for veto in result["vetoes"]}
            assert {"homepage_stale", "columns_empty", "interaction_poor"} <= codes
            assert all(veto["evidence"] for veto in result["vetoes"])
            assert (result["verdict"], result["scored"]) == ("不合格", False)
        else:
            assert result["verdict"] == "合格"
            assert (
                60
                <= result["score"]
                == result["deduction_score"] + result["bonus_score"]
            )
    # A vetoed site never looks better than a passing one: not in the JSON...
    assert max(r["score"] for r in results if r["site"] in failed) < min(
        r["score"] for r in results if r["site"] not in failed
    )
    # ...nor on the dashboard, nor in the Excel export, which agree with it.
    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    page = client.get("/admin/monitoring/?sort=-score").text
    positions = {r["site"]: page.index(f"<small>{r['site']}</small>") for r in results}
    assert max(positions[site] for site in positions if site not in failed) < min(
        positions[site] for site in failed
    )
    run = SpotCheckRun.objects.first()
    book = load_workbook(
        BytesIO(client.get(f"/admin/monitoring/runs/{run.pk}/export.xlsx").content)
    )
    header = [cell.value for cell in book["汇总"][1]]
    verdicts = {
        row[1]: row[header.index("结论")]
        for row in book["汇总"].iter_rows(min_row=2, values_only=True)
    }
    assert verdicts == {r["site"]: r["verdict"] for r in results}
    # Every site was probed enough to judge (the demo seeds a week of probes).
    assert not any(
        "无法判定" in warning["detail"] for r in results for warning in r["warnings"]
    )
    # A year of monthly history: the dormant sites failed their last checks and
    # are suggested for consolidation.
    assert len(score_trend()) == 12
    assert {c.result.hostname for c in consolidation_candidates()} == dormant
    client.logout()

    township = SiteProfile.objects.with_site().get(site__hostname="longquan.localhost")
    home = township.site.root_page
    old_paths = ["/"] + [
        "/" + url_path[len(home.url_path) :]
        for url_path in Page.objects.descendant_of(home)
        .live()
        .values_list("url_path", flat=True)
    ]
    call_command(
        "consolidate",
        "longquan.localhost",
        "--into",
        township.superior.site.hostname,
        stdout=StringIO(),
    )
    for path in old_paths:
        response = client.get(path, HTTP_HOST="longquan.localhost")
        assert response.status_code == 301, path
        target = urlparse(response["Location"])
        assert client.get(target.path, HTTP_HOST=target.hostname).status_code == 200


def test_demo_content_holds_together(demo, client):
    from disclosure.demo import topics_of
    from disclosure.models import DisclosureDocumentPage, IssuingBody

    # Issuers are named as what they are: no "市教育局人民政府关于…".
    documents = DisclosureDocumentPage.objects.select_related(
        "issuing_body", "category"
    )
    assert documents.count() > 100
    for document in documents:
        body = document.issuing_body.name
        assert document.title.startswith(f"{body}关于"), document.title
        assert "局人民政府" not in document.title
        # Filed under the category of what it is about.
        allowed = {category for _topic, category in topics_of(body)}
        assert document.category.name in allowed, (document.title, document.category)
    assert not documents.filter(
        title__contains="医疗保险", category__name="文化、广电、新闻出版"
    ).exists()

    # Each body its own office address and phone.
    bodies = list(IssuingBody.objects.all())
    assert len({body.office_address for body in bodies}) == len(bodies)
    assert len({body.office_phone for body in bodies}) == len(bodies)

    # Articles of several paragraphs, not a sentence or two.
    news = ArticlePage.objects.filter(url_path__contains="/news/")
    assert news.count() > 100
    for article in news:
        assert article.body.count("<p>") >= 5, article.title

    for slug, *_ in DEMO_SITES:
        html = client.get("/", HTTP_HOST=f"{slug}.localhost").text
        # Picture news with a picture drawn for the demo.
        assert "图片新闻" in html, slug
        assert '<a class="headline__image"' in html, slug
        # The 互动交流 block lists answered letters.
        start = html.index('<a href="/interaction/">互动交流</a></h2>')
        assert "暂无内容" not in html[start : html.index("</section>", start)], slug
        # The Party and government organ mark links to its certificate.
        assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=' in html
        site_map = client.get("/site-map/", HTTP_HOST=f"{slug}.localhost")
        assert site_map.status_code == 200
        assert '<a href="/interaction/">互动交流</a>' in site_map.text


# Last: it needs an empty database, so the module's demo is rolled back first.
@pytest.mark.django_db
def test_seed_demo_dry_run_creates_nothing():
    out = StringIO()
    call_command("seed_demo", "--dry-run", stdout=out)
    assert "yunling.localhost" in out.getvalue()
    assert SiteProfile.objects.count() == 0


def test_the_demo_reference_index_is_built_once_at_the_end(demo):
    """Seeding defers the reference index (Wagtail's usage counts) and builds
    it once; the admin's 使用情况 must still know what the demo's pages use."""
    from wagtail.models import ReferenceIndex

    assert ReferenceIndex.objects.exists()


def test_demo_search_understands_abbreviations_and_suggests_what_finds(demo, client):
    indexing.rebuild()
    city = Site.objects.get(hostname=hostname_for("yunling"))

    def count(query):
        response = client.get(
            "/api/search/", {"q": query, "scope": "cluster"}, HTTP_HOST=city.hostname
        )
        return response.json()["count"]

    # Citizens type the abbreviation; the documents spell the full name.
    assert count("医疗保险") > 0
    assert count("医保") == count("医疗保险")
    assert count("社保") == count("社会保险")
    # 大家都在搜 offers only what finds something on the site today.
    offered = suggestions(city)
    logged = set(
        SearchQueryLog.objects.filter(site=city).values_list("query", flat=True)
    )
    assert offered and set(offered) <= logged
    assert all(current_count(city, query) > 0 for query in offered)
