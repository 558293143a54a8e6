"""Fixtures for the browser suite: Debian's chromium driven by Playwright, and
axe-core from npm. Without them the suite skips, and the reason is printed in
the run's summary (tests themselves stay silent)."""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# Known to work on these machines (docs/browser-tests); without the
# background-networking flags chromium keeps calling hosts it cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

_skip_reasons = set()


def _browser_missing():
    """Why the browser suite cannot run here, or None."""
    if not CHROMIUM.exists():
        return (
            f"chromium not found at {CHROMIUM}; `make browser-deps` installs "
            "Debian's chromium (apt-get install chromium)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (requirements-dev.txt)"
    return None


def pytest_collection_modifyitems(items):
    # Decided before any fixture runs, so a machine without chromium skips
    # without building a database for nothing.
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    reason = _browser_missing() if browser_items else None
    if reason:
        _skip_reasons.add(reason)
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter):
    for reason in sorted(_skip_reasons):
        terminalreporter.write_line(f"browser tests skipped: {reason}")


@pytest.fixture
def browser():
    """A headless chromium for one test. Request it (or `open_page`) after the
    fixtures that write test data: Playwright's sync API runs an event loop in
    this thread, and while it runs Django hands out separate database
    connections, so data set-up and the test database's flush/restore must
    happen outside it. The live server answers from its own thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_script():
    if not AXE_SCRIPT.exists():
        reason = (
            f"axe-core not found at {AXE_SCRIPT}; `make browser-deps` runs npm ci "
            "to install it from package-lock.json"
        )
        _skip_reasons.add(reason)
        pytest.skip(reason)
    return AXE_SCRIPT


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE_WIDTH = 375


def axe_violations(page, axe_script):
    """What axe-core finds against WCAG 2.1 A/AA on `page`:
    [{"rule", "nodes" (the first five)}], empty when nothing."""
    # Colours are judged as a reader sees them once the page has settled:
    # the admin's message banner fades in over half a second, and on a busy
    # machine axe could run while its text was still half transparent.
    # Only short animations are waited for: Wagtail's attention "ping" on an
    # error runs for 25 s and changes no text colour.
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter(a => a.effect.getComputedTiming().endTime <= 2000)
            .map(a => a.finished.catch(() => null)))"""
    )
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        {
            "rule": violation["id"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


def _serve_media(route):
    """The live server does not serve uploaded media (DEBUG is off in tests);
    answer those requests from MEDIA_ROOT so images render as in production."""
    relative = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?")[0]
    path = Path(settings.MEDIA_ROOT) / relative
    if path.is_file():
        route.fulfill(path=str(path))
    else:
        route.fulfill(status=404)


@pytest.fixture
def open_page(browser):
    """open_page(url, width=1280) -> a Playwright page showing `url`."""
    contexts = []

    def open_(url, width=1280, height=900):
        # bypass_csp lets the test inject axe-core; the Content-Security-Policy
        # itself is checked in tests/delivery.
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="zh-CN",
            bypass_csp=True,
        )
        context.route(f"**{settings.MEDIA_URL}**", _serve_media)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()
