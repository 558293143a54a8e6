"""The Wagtail admin works under its Content-Security-Policy: a real browser
logs in, opens the page editor and the page explorer, and the browser reports
no policy violation. Drives Debian's chromium; skips when it is missing."""

import os
import shutil

import pytest

from tests.factories import PASSWORD, UserFactory

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (make browser-deps)"
    ),
    # serialized_rollback: a transactional test before this one flushed the
    # rows migrations create (Wagtail's root page, locale, collection).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def test_the_admin_editor_runs_without_policy_violations(live_server, two_sites):
    playwright = pytest.importorskip("playwright.sync_api")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    city, _town = two_sites
    UserFactory(username="root-admin", is_superuser=True, is_staff=True)
    base = live_server.url.replace("127.0.0.1", "localhost")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.add_init_script(COLLECT_VIOLATIONS)
        console_errors = []
        page.on(
            "console",
            lambda message: (
                message.type == "error" and console_errors.append(message.text)
            ),
        )
        page.goto(f"{base}/admin/login/")
        page.fill("input[name=username]", "root-admin")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/admin/")
        violations = page.evaluate("window.__cspViolations")

        page.goto(f"{base}/admin/pages/{city.site.root_page_id}/edit/")
        # The editor's JavaScript ran: the tabs controller marked itself up.
        page.wait_for_selector("[data-controller~='w-tabs']", timeout=15000)
        page.wait_for_selector("#id_title", timeout=15000)
        violations += page.evaluate("window.__cspViolations")

        page.goto(f"{base}/admin/pages/{city.site.root_page_id}/")
        page.wait_for_load_state("networkidle")
        violations += page.evaluate("window.__cspViolations")
        browser.close()
    assert violations == [], violations
    assert not [text for text in console_errors if "Content Security Policy" in text]
