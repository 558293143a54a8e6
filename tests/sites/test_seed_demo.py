"""The demo cluster, seeded once for the module through the real command (each
test runs in a savepoint of it): the shape the README promises, idempotency,
and acceptance of the monitoring on it — the spot check finds exactly the
dormant sites, with evidence, and consolidating a dormant township breaks no
address. Served on a port other than 80, as `make run` serves it, the demo is
crawled: no broken link, valid HTML (the Nu HTML Checker), valid feeds and
sitemaps."""

import json
import re
import shutil
import subprocess
import tempfile
from datetime import date
from io import BytesIO, StringIO
from pathlib import Path
from urllib.parse import unquote, urlparse, urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.views import defaults
from openpyxl import load_workbook
from wagtail.models import Page, Site

from cms.pages.models import ArticlePage, ColumnPage
from disclosure.models import DisclosureDocumentPage
from monitoring.dashboard import consolidation_candidates, score_trend
from monitoring.models import SpotCheckRun
from search import indexing
from search.models import SearchQueryLog
from search.service import current_count, suggestions
from sites.demo.cluster import DEMO_PASSWORD, DEMO_SITES, DORMANT_SLUGS, hostname_for
from sites.models import SiteProfile
from sites.provisioning import SITE_MODEL_PERMISSIONS, site_model_permissions
from tests.shared_rows import shared_rows
from tests.sites.link_crawl import crawl

TODAY = "2026-11-20"
# The demo is served on a port other than 80, as `make run` serves it on 8000.
PORT = 8123
# The sites crawled page by page: the city portal and a township.
CRAWLED_HOSTS = ("yunling.localhost", "qingshi.localhost")
VNU_JAR = (
    Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


# The task backend `make run` uses (cms/settings/base.py).
QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def seed_demo():
    # Seeded as `make run` seeds it: background work (static renders, index
    # updates) is queued for the task worker, not run inline as the test
    # settings' immediate backend would. The seed's own rebuilds cover the
    # indexes; no test here reads the statically rendered files.
    with override_settings(TASKS=QUEUED_TASKS):
        call_command(
            "seed_demo",
            "--today",
            TODAY,
            "--port",
            str(PORT),
            stdout=StringIO(),
            stderr=StringIO(),
        )


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

    # Recorded as served on PORT: every site's absolute URLs carry it.
    assert set(Site.objects.values_list("port", flat=True)) == {PORT}
    out = StringIO()
    call_command("seed_demo", "--if-empty", "--port", str(PORT), stdout=out)
    assert "0 demo sites now recorded" in out.getvalue()

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
    citizens_find_the_popular_services(client, city)


def citizens_find_the_popular_services(client, city):
    """公积金, 社会保险 (社保) and 营业执照, the searches citizens make most,
    find articles, documents and service guides with plain-text snippets (run
    by the test above, so the demo's index is built once)."""
    for query, full_name in [
        ("公积金", "住房公积金"),
        ("社保", "社会保险"),
        ("营业执照", "营业执照"),
    ]:
        data = client.get(
            "/api/search/", {"q": query, "scope": "cluster"}, HTTP_HOST=city.hostname
        ).json()
        assert data["count"] >= 10, query
        types = {value["value"] for value in data["facets"]["type"]}
        assert len(types) >= 2, (query, types)
        snippets = [hit["snippet"] for hit in data["results"]]
        assert any("<mark>" in text for text in snippets), (query, full_name)
        for snippet in snippets:
            # Plain text around the highlight: no list, no escapes, no tags.
            assert not snippet.startswith("['") and "\\n" not in snippet
            assert re.sub(r"</?mark>", "", snippet).count("<") == 0, snippet
    # The documents on them are filed under the right subject.
    from disclosure.models import DisclosureDocumentPage

    for fragment, category in [
        ("住房公积金", "城乡建设、环境保护"),
        ("社会保险", "劳动、人事、监察"),
        ("营业执照", "市场监管、安全生产监管"),
    ]:
        documents = DisclosureDocumentPage.objects.filter(title__contains=fragment)
        assert documents.exists(), fragment
        assert set(documents.values_list("category__name", flat=True)) == {category}


def fetch(client, url):
    """(status, headers, text) of `url` as the demo served on PORT answers it.
    Static files and media (served by nginx, not Django, when DEBUG is off)
    answer 200 when collectstatic would publish them or the media storage
    holds them (images and their renditions)."""
    parts = urlsplit(url)
    if parts.path.startswith(settings.STATIC_URL):
        found = finders.find(parts.path.removeprefix(settings.STATIC_URL))
        return (200 if found else 404), {}, ""
    if parts.path.startswith(settings.MEDIA_URL):
        name = unquote(parts.path.removeprefix(settings.MEDIA_URL))
        return (200 if default_storage.exists(name) else 404), {}, ""
    response = client.get(
        parts.path + (f"?{parts.query}" if parts.query else ""),
        HTTP_HOST=parts.netloc,
    )
    content_type = response.get("Content-Type", "")
    if response.streaming or not ("text" in content_type or "xml" in content_type):
        return response.status_code, response.headers, ""
    return response.status_code, response.headers, response.content.decode()


_crawls = {}


@pytest.fixture
def demo_crawl(demo, client):
    """The crawl of CRAWLED_HOSTS from their home pages, sitemaps, feeds and
    robots.txt (run once: every test sees the same demo)."""
    if "report" not in _crawls:
        starts = [
            f"http://{host}:{PORT}{path}"
            for host in CRAWLED_HOSTS
            for path in ("/", "/sitemap.xml", "/feed.xml", "/robots.txt")
        ]
        _crawls["report"] = crawl(
            lambda url: fetch(client, url), starts, PORT, follow_hosts=CRAWLED_HOSTS
        )
    return _crawls["report"]


def test_the_demo_served_on_another_port_has_no_broken_link(demo_crawl):
    # Links within a site, to other sites, sitemaps, feeds and redirects all
    # reach a page that answers, on the port the cluster is served on.
    assert demo_crawl.broken == []
    assert len(demo_crawl.html_pages) > 150
    # Other sites of the cluster are linked (and answered) too.
    assert {urlsplit(url).hostname for url in demo_crawl.fetched} - set(CRAWLED_HOSTS)


def error_pages(host):
    """The error pages as readers meet them, rendered for `host`."""
    request = RequestFactory().get("/missing/", HTTP_HOST=f"{host}:{PORT}")
    return {
        "400": defaults.bad_request(request, None),
        "403": defaults.permission_denied(request, None),
        "500": defaults.server_error(request),
    }


def test_every_public_page_type_is_valid_html(demo_crawl, client):
    """The Nu HTML Checker (vnu-jar from npm) finds no error on one page of
    each kind of both crawled sites, form pages re-shown with errors and the
    error pages included. One JVM run checks them all."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.skip(
            "vnu.jar or java missing: `make browser-deps` runs npm ci; Java 17 from apt"
        )
    pages = demo_crawl.one_page_per_shape()
    for host in CRAWLED_HOSTS:
        base = f"http://{host}:{PORT}"
        for name, response in error_pages(host).items():
            pages[f"{base}/(error {name})"] = response.content.decode()
        status, _headers, body = fetch(client, f"{base}/no-such-page/")
        assert status == 404
        pages[f"{base}/no-such-page/"] = body
        # A form sent back with its errors.
        application_form = next(
            urlsplit(url).path
            for url in demo_crawl.html_pages
            if url.startswith(base) and re.search(r"/disclosure/apply/\d+/$", url)
        )
        for form_path in (
            "/interaction/consultation/write/",
            application_form,
            "/disclosure/apply/status/",
        ):
            response = client.post(form_path, {}, HTTP_HOST=f"{host}:{PORT}")
            assert response.status_code in (200, 400), form_path
            pages[f"{base}{form_path} (POST)"] = response.text
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (url, body) in enumerate(pages.items()):
            path = Path(folder) / f"page{number}.html"
            path.write_text(body)
            files[path.name] = url
        result = subprocess.run(
            [
                java,
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
                *map(str, Path(folder).iterdir()),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        (
            files.get(message.get("url", "").rpartition("/")[2], message.get("url")),
            message.get("lastLine"),
            message["message"],
        )
        for message in messages
    ]
    assert len(pages) > 80
    assert errors == []


def test_feeds_are_valid_and_every_item_links_to_its_page(demo_crawl, client):
    for host in CRAWLED_HOSTS:
        origin = f"http://{host}:{PORT}"
        for path in ("/feed.xml", "/disclosure/catalog/feed/"):
            status, _headers, body = fetch(client, origin + path)
            assert status == 200, path
            feed = feedparser.parse(body)
            assert not feed.bozo, (path, feed.get("bozo_exception"))
            assert feed.feed.link.startswith(origin + "/"), path
            assert feed.entries, path
            for entry in feed.entries:
                assert entry.get("description", "").strip(), (path, entry.link)
                assert entry.link.startswith(origin + "/"), (path, entry.link)
                assert demo_crawl.fetched.get(entry.link, 200) == 200


def test_sitemaps_date_each_page_by_its_last_change_and_robots_names_them(demo, client):
    for host in CRAWLED_HOSTS:
        origin = f"http://{host}:{PORT}"
        status, _headers, robots = fetch(client, origin + "/robots.txt")
        assert status == 200
        assert f"Sitemap: {origin}/sitemap.xml" in robots.splitlines()
        status, _headers, body = fetch(client, origin + "/sitemap.xml")
        assert status == 200
        namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        entries = {
            url.findtext("s:loc", namespaces=namespace): url.findtext(
                "s:lastmod", namespaces=namespace
            )
            for url in ElementTree.fromstring(body).findall("s:url", namespace)
        }
        assert all(loc.startswith(origin + "/") for loc in entries)
        documents = DisclosureDocumentPage.objects.live().filter(
            url_path__startswith=Site.objects.get(hostname=host).root_page.url_path
        )
        assert documents.count() > 5
        for document in documents:
            lastmod = entries[document.get_full_url()]
            changed = document.repealed_on or document.published_date
            assert lastmod.startswith(changed.isoformat()), document.title
        # Documents of several years, not all dated the seeding day.
        assert len({lastmod[:4] for lastmod in entries.values()}) >= 2


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
    # The logs were generated before the annual reports were drafted from
    # them (annualreports seeds after visits): readers could not reach the
    # 年度报表 column then, and the generator must see the same paths again.
    from annualreports.drafting import INDEX_SLUG

    sites_then = [
        (host, level, [p for p in paths if not p.startswith(f"/{INDEX_SLUG}/")])
        for host, level, paths in demo_sites()
    ]
    for text in access_lines(
        sites_then, end, settings.VISITS_DEMO_DAYS, quiet_hosts=dormant
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


def test_every_site_has_its_2026_reports_counted_from_the_database(demo):
    """The demo's 政府网站工作年度报表: visit totals are the visits tables'
    sums over the year, every count is the database's (counted here another
    way), and the draft page carries the report; the supervisory report lists
    the year's checks."""
    from django.db.models import Sum

    from annualreports.models import (
        SupervisionAnnualReport,
        SupervisionReportPage,
        WebsiteAnnualReport,
        WebsiteReportPage,
    )
    from cms.pages.models import ServiceGuidePage
    from interaction.models import InterviewPage, Letter, SolicitationPage
    from newmedia.reporting import year_summary
    from visits.models import DailyTraffic

    year = date.fromisoformat(TODAY).year
    accounts_open = 0
    for profile in SiteProfile.objects.select_related("site"):
        site, root = profile.site, profile.site.root_page
        data = WebsiteAnnualReport.objects.get(site=site, year=year).as_json()
        traffic = DailyTraffic.objects.filter(site=site, day__year=year).aggregate(
            visits=Sum("visits"), unique_visitors=Sum("unique_visitors")
        )
        assert data["total_visits"] == traffic["visits"], site.hostname
        assert data["unique_visitors"] == traffic["unique_visitors"], site.hostname
        assert data["site_identity_code"] == profile.identity_code

        def in_columns(kind, site_root=root):
            return sum(
                ArticlePage.objects.child_of(column)
                .live()
                .filter(published_at__year=year)
                .count()
                for column in ColumnPage.objects.descendant_of(site_root).filter(
                    kind=kind
                )
            )

        release = data["information_release"]
        assert release["news_updates"] == in_columns("news"), site.hostname
        assert release["disclosure_catalog_updates"] == (
            DisclosureDocumentPage.objects.live()
            .descendant_of(root)
            .filter(published_date__year=year)
            .count()
        )
        assert data["interpretation_response"]["interpretations_total"] == in_columns(
            "interpretation"
        )
        assert data["online_services"]["service_items"] == (
            ServiceGuidePage.objects.live()
            .descendant_of(root)
            .filter(first_published_at__year__lte=year)
            .count()
        )
        interaction = data["interaction"]
        assert interaction["letters_received"] == (
            Letter.objects.filter(site=site, received_at__year=year).count()
        )
        assert interaction["solicitations_held"] == (
            SolicitationPage.objects.live()
            .descendant_of(root)
            .filter(opens_at__year=year)
            .count()
        )
        assert interaction["interviews_held"] == (
            InterviewPage.objects.live()
            .descendant_of(root)
            .filter(starts_at__year=year)
            .count()
        )
        new_media = year_summary([site], year)[site.pk]
        assert data["new_media"]["has_new_media"] == new_media["has_new_media"]
        assert data["new_media"]["wechat_posts"] == new_media["wechat"]["posts"]
        assert data["new_media"]["weibo_posts"] == new_media["weibo"]["posts"]
        accounts_open += new_media["accounts_total"]
        page = WebsiteReportPage.objects.descendant_of(root).get(year=year)
        assert page.get_latest_revision_as_object().data == data
    # The demo has visits, releases and letters to report.
    city = WebsiteAnnualReport.objects.get(site__hostname="yunling.localhost")
    assert city.as_json()["total_visits"] > 0
    assert city.as_json()["information_release"]["news_updates"] > 0
    supervision = SupervisionAnnualReport.objects.get(year=year)
    assert (
        len(supervision.lists["checks"])
        == (SpotCheckRun.objects.filter(as_of__year=year).count())
        > 0
    )
    assert supervision.as_json()["sites_total"] == 17
    # The supervisory report lists the cluster's new media.
    assert supervision.as_json()["new_media"]["accounts_total"] == accounts_open > 0
    assert supervision.lists["new_media_accounts"]
    # Its page is drafted on the city portal for review, with the lists.
    draft = SupervisionReportPage.objects.get(year=year)
    assert draft.get_site().hostname == "yunling.localhost"
    assert not draft.live
    assert (
        draft.get_latest_revision_as_object().data["checks"]
        == (supervision.lists["checks"])
    )


def test_the_demo_new_media_and_the_dormant_account_flagged(demo):
    """Several sites run new-media accounts; 南坪文旅 has been silent for two
    months, and the demo's own spot check of today (and `spotcheck --json`)
    flags it and nothing else fails."""
    from datetime import date, timedelta

    from newmedia.models import ActivityRecord
    from newmedia.reporting import year_summary

    run = SpotCheckRun.objects.get(as_of=TODAY)
    failing = [
        (result.hostname, account["name"], [v["code"] for v in account["vetoes"]])
        for result in run.results.all()
        for account in result.new_media_failed
    ]
    assert failing == [("nanping.localhost", "南坪文旅", ["new_media_silent"])]
    out = StringIO()
    call_command(
        "spotcheck",
        "--site",
        "nanping.localhost",
        "--as-of",
        TODAY,
        "--json",
        "-",
        stdout=out,
    )
    (nanping,) = json.loads(out.getvalue())
    silent = next(a for a in nanping["new_media"] if a["name"] == "南坪文旅")
    last_post = date.fromisoformat(TODAY) - timedelta(days=61)
    assert silent["last_post_on"] == last_post.isoformat()
    assert "61 天前" in silent["vetoes"][0]["detail"]
    # The closed Toutiao account is no longer checked.
    assert {a["name"] for a in nanping["new_media"]} == {"南坪发布", "南坪文旅"}

    sites = {site.hostname: site for site in Site.objects.all()}
    summary = year_summary(sites.values(), 2026)
    with_media = {
        hostname
        for hostname, site in sites.items()
        if summary[site.pk]["has_new_media"]
    }
    assert with_media == {
        f"{slug}.localhost"
        for slug in ("yunling", "dongpo", "xishan", "nanping", "jiaoyu", "weijian")
    }
    yunling = summary[sites["yunling.localhost"].pk]
    assert yunling["wechat"]["names"] == ["云岭发布"]
    assert yunling["weibo"]["names"] == ["云岭发布"]
    posts = sum(
        ActivityRecord.objects.filter(
            account__site=sites["yunling.localhost"], period_end__year=2026
        ).values_list("posts", flat=True)
    )
    assert yunling["posts"] == posts > 0
    assert summary[sites["xishan.localhost"].pk]["merged"] == 1
    assert summary[sites["nanping.localhost"].pk]["closed"] == 1
    assert summary[sites["dongpo.localhost"].pk]["unfiled"] == 1
    assert (
        summary[sites["nanping.localhost"].pk]["spot_checks"]["accounts_flagged"] == 1
    )


# Last: it needs an empty database, so the module's demo is rolled back first.
@pytest.mark.django_db
def test_seed_demo_dry_run_creates_nothing():
    out = StringIO()
    call_command("seed_demo", "--dry-run", stdout=out)
    assert "yunling.localhost" in out.getvalue()
    assert SiteProfile.objects.count() == 0
