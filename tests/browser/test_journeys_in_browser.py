"""First journeys in a real browser (issue 16): a citizen searches by the
abbreviations people type; an editor creates a page with a Chinese title
without typing a slug and submits it; a reviewer publishes it and it is found
at once; an inspector opens the monitoring dashboard and exports Excel with
Chinese names only. Every page at 1280 and 375 px, each checked with
axe-core (WCAG 2.1 A/AA): public pages opened at each width, admin pages
checked at both widths in the same logged-in page (resized), and the
inspector's export done at 375 px, so the phone costs no extra logins."""

import json
import re
from datetime import date
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from openpyxl import load_workbook

from cms.pages.models import ArticlePage
from sites.models import SiteLevel
from tests.browser.conftest import PHONE_WIDTH, axe_violations
from tests.factories import PASSWORD, UserFactory, add_article, column, make_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOST = "huanan.localhost"
TITLE = "关于开展城乡居民医疗保险集中参保工作的通知"


@pytest.fixture
def county(live_server, monkeypatch):
    """A county site with articles that spell out the full names, and the
    addresses of its public pages and of the admin on the live server."""
    # The test reads the database between browser steps (Playwright's event
    # loop runs in this thread).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    cache.clear()
    profile = make_site(
        "huanan.localhost", "华南县人民政府", SiteLevel.COUNTY, "5120210002"
    )
    notices = column(profile, "notices")
    add_article(
        notices,
        "关于做好2026年度城乡居民医疗保险参保缴费工作的通知",
        slug="medical-insurance-2026",
        body="<p>各乡镇人民政府：</p><p>现就城乡居民医疗保险参保缴费有关事项通知如下。</p>",
    )
    add_article(
        column(profile, "news"),
        "县住房公积金管理中心推出提取业务网上办理",
        slug="housing-fund-online",
        body="<p>职工提取住房公积金，可通过网上办事大厅办理。</p>",
    )
    port = live_server.thread.port
    return {
        "profile": profile,
        "public": f"http://{HOST}:{port}",
        "admin": f"http://localhost:{port}/admin",
        "news": column(profile, "news"),
    }


# Wagtail's own: its rich-text editor (Draftail) gives its text box no
# accessible name. Left to Wagtail; nothing else is excused.
WAGTAIL_DRAFTAIL = {"rule": "aria-input-field-name", "nodes": [[".notranslate"]]}


def assert_clean(page, axe_script, where):
    violations = [
        violation
        for violation in axe_violations(page, axe_script)
        if violation != WAGTAIL_DRAFTAIL
    ]
    assert violations == [], f"{where}: " + json.dumps(violations, ensure_ascii=False)


def assert_clean_at_both_widths(page, axe_script, where):
    """axe-clean at 1280 px and, resized in place (same login, same page),
    at 375 px; left at 1280 px for the next step."""
    assert_clean(page, axe_script, f"{where}@1280")
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    assert_clean(page, axe_script, f"{where}@{PHONE_WIDTH}")
    page.set_viewport_size({"width": 1280, "height": 900})


def results(page):
    """(titles, snippets) of the search results shown."""
    titles = page.locator(".search-hit__title").all_inner_texts()
    snippets = page.locator(".search-hit__snippet").all_inner_texts()
    return titles, snippets


def test_citizen_finds_documents_by_abbreviation(county, open_page, axe_script):
    for width in (1280, PHONE_WIDTH):
        for typed, expected in (
            ("医保", "关于做好2026年度城乡居民医疗保险参保缴费工作的通知"),
            ("公积金", "县住房公积金管理中心推出提取业务网上办理"),
        ):
            page = open_page(f"{county['public']}/search/?q={typed}", width=width)
            titles, snippets = results(page)
            assert expected in titles, (typed, titles)
            assert snippets and all(
                "['" not in text and "\\n" not in text for text in snippets
            ), snippets
            assert_clean(page, axe_script, f"search {typed}@{width}")
            page.context.close()


def log_in(open_page, admin, username, width=1280):
    page = open_page(f"{admin}/login/", width=width)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{admin}/")
    return page


def test_a_new_page_goes_from_editor_to_reviewer_to_search(
    county, open_page, axe_script
):
    profile, admin = county["profile"], county["admin"]
    UserFactory(username="editor", groups=[profile.editors_group])
    UserFactory(username="reviewer", groups=[profile.reviewers_group])

    # The editor types a Chinese title and the text, never the slug.
    page = log_in(open_page, admin, "editor")
    assert_clean_at_both_widths(page, axe_script, "editor's dashboard")
    page.goto(f"{admin}/pages/add/pages/articlepage/{county['news'].pk}/")
    page.fill("#id_title", TITLE)
    page.locator(".Draftail-Editor [contenteditable=true]").first.click()
    page.keyboard.type("各乡镇人民政府：请于12月31日前完成城乡居民医保集中参保。")
    assert_clean_at_both_widths(page, axe_script, "editor's form")
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer button[name=action-submit]").click()
    # Back to the column's page listing, with the news in a banner.
    page.wait_for_url(f"{admin}/pages/{county['news'].pk}/")
    assert "已创建并提交审核" in page.locator(".messages").inner_text()
    article = ArticlePage.objects.get(title=TITLE)
    assert article.slug.startswith("guan-yu-kai-zhan-cheng-xiang-ju-min-yi-liao")
    assert not article.live
    page.context.close()

    # The reviewer approves; the automated content check has passed already.
    page = log_in(open_page, admin, "reviewer")
    page.goto(f"{admin}/pages/{article.pk}/edit/")
    assert_clean_at_both_widths(page, axe_script, "reviewer's form")
    page.locator("footer .w-dropdown__toggle").click()
    page.locator(
        "footer button[data-workflow-action-name=approve]"
        ":not([data-workflow-action-modal-url])"
    ).click()
    page.wait_for_load_state("networkidle")
    article.refresh_from_db()
    assert article.live
    page.context.close()

    # Found by search at once, by its abbreviation too.
    for width in (1280, PHONE_WIDTH):
        page = open_page(f"{county['public']}/search/?q=医保参保", width=width)
        titles, _snippets = results(page)
        assert TITLE in titles
        assert_clean(page, axe_script, f"search after publishing@{width}")
        page.context.close()


def test_inspector_exports_excel_with_chinese_names(county, open_page, axe_script):
    call_command(
        "spotcheck", "--all", "--as-of", date.today().isoformat(), stdout=StringIO()
    )
    inspectors = Group.objects.create(name="检查员")
    inspectors.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="inspect_cluster"),
    )
    UserFactory(username="inspector", groups=[inspectors])
    page = log_in(open_page, county["admin"], "inspector")
    page.goto(f"{county['admin']}/monitoring/")
    table = page.locator("#results-heading ~ table").inner_text()
    assert "县级" in table and "county" not in table
    assert_clean_at_both_widths(page, axe_script, "monitoring dashboard")
    # The export, on a phone.
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    cells = [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    # Hostnames and addresses are data; codes are words of lower-case
    # letters and underscores standing alone or in a list.
    words = {word for cell in cells for word in re.split(r"[,、\s]+", cell)}
    codes = {word for word in words if re.fullmatch(r"[a-z_]+", word)}
    assert codes == set(), codes
    assert "县级" in cells
