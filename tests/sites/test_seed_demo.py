"""The demo cluster, seeded once for the module through the real command (each
test runs in a savepoint of it): the shape the README promises, idempotency,
and acceptance of the monitoring on it — the spot check finds exactly the
dormant sites, with evidence, and consolidating a dormant township breaks no
address."""

import json
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.pages.models import ArticlePage, ColumnPage
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
    assert failed == {hostname_for(slug) for slug in DORMANT_SLUGS}
    for result in results:
        if result["site"] in failed:
            codes = {veto["code"] for veto in result["vetoes"]}
            assert {"homepage_stale", "columns_empty", "interaction_poor"} <= codes
            assert all(veto["evidence"] for veto in result["vetoes"])

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


def test_the_demo_statistics_are_the_generated_logs_counted(demo):
    """Every active demo site has a week of visits, and the totals are what
    the generated lines hold once bots, probes, errors and posts are left out."""
    import json
    from collections import Counter
    from datetime import date, timedelta

    from django.conf import settings

    from sites.demo.cluster import DORMANT_SLUGS, hostname_for
    from visits.demo import BOT_AGENTS, access_lines, demo_sites
    from visits.queries import visit_totals

    end = date.fromisoformat(TODAY) - timedelta(days=1)
    start = end - timedelta(days=settings.VISITS_DEMO_DAYS - 1)
    dormant = {hostname_for(slug) for slug in DORMANT_SLUGS}
    expected = Counter()
    for text in access_lines(
        demo_sites(), end, settings.VISITS_DEMO_DAYS, quiet_hosts=dormant
    ):
        line = json.loads(text)
        if (
            line["method"] == "GET"
            and line["status"] == 200
            and line["user_agent"] not in BOT_AGENTS
            and not line["user_agent"].startswith("GovCluster")
        ):
            expected[line["host"]] += 1
    for site in Site.objects.all():
        totals = visit_totals(site, start, end)
        assert totals.page_views == expected[site.hostname], site.hostname
        if site.hostname not in dormant:
            assert totals.unique_visitors > 50, site.hostname
