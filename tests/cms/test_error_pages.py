"""Readers meet the project's Chinese error pages, also under `make run`
(DEBUG on): cms/error_pages.py, added by the dev settings."""

import importlib

import pytest
from django.core.exceptions import SuspiciousOperation
from django.http import Http404

from cms.error_pages import PublicErrorPagesMiddleware

MIDDLEWARE = "cms.error_pages.PublicErrorPagesMiddleware"


def test_the_dev_settings_use_the_public_error_pages():
    assert importlib.import_module("cms.settings.dev").MIDDLEWARE[-1] == MIDDLEWARE


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]


def test_a_missing_public_page_is_the_chinese_404(client, cluster, debug_on):
    response = client.get("/no-such-page/", HTTP_HOST="city.localhost")
    assert response.status_code == 404
    html = response.content.decode()
    assert "抱歉，您访问的页面不存在" in html
    assert "Page not found" not in html and "URLconf" not in html


def test_the_admin_keeps_djangos_debug_pages(rf, debug_on):
    middleware = PublicErrorPagesMiddleware(lambda request: None)
    assert middleware.process_exception(rf.get("/admin/x/"), Http404()) is None


def test_bad_requests_and_crashes_get_the_chinese_pages(rf, cluster, debug_on):
    middleware = PublicErrorPagesMiddleware(lambda request: None)
    request = rf.get("/disclosure/", HTTP_HOST="city.localhost")
    bad = middleware.process_exception(request, SuspiciousOperation("x"))
    assert bad.status_code == 400 and "请求有误" in bad.content.decode()
    crash = middleware.process_exception(request, ZeroDivisionError())
    assert crash.status_code == 500 and "服务器错误" in crash.content.decode()


def test_production_shows_the_same_pages(client, cluster):
    response = client.get("/no-such-page/", HTTP_HOST="city.localhost")
    assert response.status_code == 404
    assert "抱歉，您访问的页面不存在" in response.content.decode()
