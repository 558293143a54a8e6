"""Shared fixtures: a small cluster built through the same provisioning code as
`create_site`, and users of each role; solving the public forms' captcha.

Sites are the most expensive thing a test can build, so the fixtures that
provision them are built once per module (tests/shared_rows.py)."""

import re

import pytest
from django.core.cache import cache

from cms.protection import captcha
from cms.publishing import checks
from tests.factories import make_cluster
from tests.shared_rows import SharedRows, shared_rows


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    SharedRows.prepare_for(item)


@pytest.fixture(autouse=True)
def fresh_state():
    """State outside the database that a rollback does not undo: Django's
    cache (captchas, rate limits, Wagtail's site root paths, holiday
    overrides) and the dictionary matchers of content checks."""
    cache.clear()
    checks._cache.clear()
    yield
    cache.clear()
    checks._cache.clear()


_cluster_rows = shared_rows(make_cluster)


@pytest.fixture
def cluster(_cluster_rows, db):
    """city.localhost with county.localhost below it and town.localhost below
    that, plus dept.localhost below the city."""
    return _cluster_rows.fresh()


def captcha_answer(html):
    """Solve the captcha rendered in `html` the way a reader of the image
    would: the answer is read from the server-side store. Returns the form
    values {"captcha_0": token, "captcha_1": answer}."""
    token = re.search(r'name="captcha_0" value="([^"]+)"', html).group(1)
    return {"captcha_0": token, "captcha_1": cache.get(captcha._cache_key(token))}


def captcha_audio(client, html, host):
    """The audio of the captcha rendered in `html`, fetched from the URL of
    the page's player as a browser would."""
    audio_url = re.search(r'<audio class="captcha__audio"[^>]* src="([^"]+)"', html)[1]
    return client.get(audio_url, HTTP_HOST=host)
