"""Acceptance on the demo cluster: the spot check finds exactly the dormant
sites, with evidence, and consolidating a dormant township breaks no address."""

import json
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from wagtail.models import Page

from sites.demo.cluster import DORMANT_SLUGS, hostname_for
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db


def test_spotcheck_finds_the_dormant_sites_and_consolidation_keeps_every_url(
    client,
):
    call_command("seed_demo", "--today", "2026-11-20", stdout=StringIO())
    out = StringIO()
    call_command(
        "spotcheck", "--all", "--as-of", "2026-11-20", "--json", "-", stdout=out
    )
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
