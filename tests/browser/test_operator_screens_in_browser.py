"""The operator's screens of issue 15 on a phone (375 px), checked with
axe-core (WCAG 2.1 A/AA) and for content wider than the screen: a site
editor's new-media accounts (listing, a new account sent with bad values,
an existing one), the annual report record and the statistics charts; the
cluster administrator's score table with its veto limits and the manual
finding form whose choices are long; the published report from the home
page. One test, two logins, to stay quick (the 1280 px pass was done by hand)."""

import json
from datetime import date, timedelta

import pytest
from django.core.cache import cache

from annualreports.drafting import draft_page, refresh_website_report
from newmedia.models import NewMediaAccount
from sites.models import SiteLevel
from tests.browser.conftest import PHONE_WIDTH, axe_violations
from tests.factories import PASSWORD, UserFactory, make_site
from visits.models import DailyTraffic

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOST = "huanan.localhost"
# Wagtail's own: its rich-text editor (Draftail) gives its text box no
# accessible name (as in test_journeys_in_browser.py).
WAGTAIL_DRAFTAIL = {"rule": "aria-input-field-name", "nodes": [[".notranslate"]]}


@pytest.fixture
def county(live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    cache.clear()
    profile = make_site(HOST, "华南县人民政府", SiteLevel.COUNTY, "5120210002")
    today = date.today()
    for days in range(40):
        DailyTraffic.objects.create(
            site=profile.site,
            day=today - timedelta(days=days),
            page_views=300 + days,
            visits=120 + days,
            unique_visitors=90 + days,
            desktop_views=200,
            mobile_views=100 + days,
        )
    account = NewMediaAccount.objects.create(
        site=profile.site,
        platform="wechat",
        name="华南发布",
        account_id="huananfabu",
        body="华南县人民政府办公室",
        sponsor="华南县人民政府办公室",
        opened_on=date(2020, 1, 1),
    )
    report = refresh_website_report(profile, today.year - 1)
    page, _created = draft_page(report)
    page.get_latest_revision().publish()
    UserFactory(username="editor", groups=[profile.editors_group])
    UserFactory(username="office", is_superuser=True, is_staff=True)
    port = live_server.thread.port
    return {
        "admin": f"http://localhost:{port}/admin",
        "public": f"http://{HOST}:{port}",
        "account": account.pk,
        "report": report.pk,
    }


def assert_fits_and_clean(page, axe_script, where):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{where}: {width} px wide"
    # Form fields narrower than the screen (a select sized by its longest
    # choice would be cut off by the admin's layout, not scroll the page).
    fields = page.evaluate(
        """() => [...document.querySelectorAll('select, input, textarea')]
            .filter(e => e.offsetParent && e.getBoundingClientRect().right > innerWidth)
            .map(e => e.name)"""
    )
    assert fields == [], f"{where}: {fields}"
    violations = [v for v in axe_violations(page, axe_script) if v != WAGTAIL_DRAFTAIL]
    assert violations == [], f"{where}: " + json.dumps(violations, ensure_ascii=False)


def log_in(open_page, admin, username):
    page = open_page(f"{admin}/login/", width=PHONE_WIDTH)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{admin}/")
    return page


def test_the_operator_screens_on_a_phone(county, open_page, axe_script):
    admin = county["admin"]
    accounts = f"{admin}/snippets/newmedia/newmediaaccount/"
    page = log_in(open_page, admin, "editor")
    page.goto(accounts)
    assert "华南发布" in page.locator("table.listing").inner_text()
    assert_fits_and_clean(page, axe_script, "new-media accounts")
    page.goto(f"{accounts}add/")
    page.select_option("select[name=site]", index=1)
    page.fill("input[name=name]", "华南政务")
    page.fill("input[name=account_id]", "huananfabu")
    page.fill("input[name=body]", "华南县人民政府办公室")
    # Typed in, not picked: the date picker would cover the form on a phone.
    page.eval_on_selector("input[name=opened_on]", "e => { e.value = '2026-02-01' }")
    page.select_option("select[name=platform]", "wechat")
    # Closed without a date or reason, under an id already registered.
    page.select_option("select[name=status]", "closed")
    invalid = page.evaluate(
        "[...document.querySelectorAll('form :invalid')].map(e => e.name)"
    )
    assert invalid == [], invalid
    with page.expect_navigation():
        page.get_by_role("button", name="保存").first.click()
    main = page.locator("main").inner_text()
    assert "整合或关停的账号须填写原因。" in main
    assert "该平台的这个账号ID已经登记。" in main
    assert NewMediaAccount.objects.count() == 1
    assert_fits_and_clean(page, axe_script, "new account with a bad date")
    page.goto(f"{accounts}edit/{county['account']}/")
    assert_fits_and_clean(page, axe_script, "account edit")
    page.goto(f"{accounts}inspect/{county['account']}/")
    main = page.locator("main").inner_text()
    assert "None" not in main and "True" not in main and "False" not in main
    assert_fits_and_clean(page, axe_script, "account inspect")
    page.goto(f"{admin}/annualreports/website/edit/{county['report']}/")
    assert "独立用户访问总量" in page.locator("main").inner_text()
    assert_fits_and_clean(page, axe_script, "annual report record")
    page.goto(f"{admin}/reports/visits/")
    assert page.locator("svg").count() and page.locator("table").count()
    assert_fits_and_clean(page, axe_script, "visit statistics")
    page.context.close()

    page = log_in(open_page, admin, "office")
    # The new-media rows, veto limits and all (a search: Wagtail's own filter
    # button, once a filter is set, names itself apart from what it shows).
    page.goto(f"{admin}/monitoring_score_rules/?q=新媒体")
    listing = page.locator("table.listing").inner_text()
    assert "新媒体严重错误" in listing and "新媒体内容不更新" in listing
    assert "True" not in listing
    assert_fits_and_clean(page, axe_script, "score table")
    page.goto(f"{admin}/monitoring_manual_findings/new/")
    assert_fits_and_clean(page, axe_script, "manual finding form")
    page.context.close()

    page = open_page(f"{county['public']}/", width=PHONE_WIDTH)
    with page.expect_navigation():
        page.locator(".home-report a").click()
    assert "政府网站工作年度报表" in page.locator("h1").inner_text()
    assert_fits_and_clean(page, axe_script, "published report")
