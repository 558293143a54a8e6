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


def _skip(reason):
    _skip_reasons.add(reason)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter):
    for reason in sorted(_skip_reasons):
        terminalreporter.write_line(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole run."""
    if not CHROMIUM.exists():
        _skip(
            f"chromium not found at {CHROMIUM}; `make browser-deps` installs "
            "Debian's chromium (apt-get install chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip("the playwright package is not installed (requirements-dev.txt)")
    # Playwright's sync API keeps an event loop in this thread, which makes
    # Django refuse ORM calls from the test's own fixtures; only here is that
    # safe, because the live server answers in its own thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def axe_script():
    if not AXE_SCRIPT.exists():
        _skip(
            f"axe-core not found at {AXE_SCRIPT}; `make browser-deps` runs npm ci "
            "to install it from package-lock.json"
        )
    return AXE_SCRIPT


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
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN"
        )
        context.route(f"**{settings.MEDIA_URL}**", _serve_media)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()
