"""The public forms' and APIs' one rate limit (cms/ratelimit.py): attempts per
client address and scope in a window, keys that hold no address, the address
nginx forwards trusted only from TRUSTED_PROXY_ADDRESSES. Each form has its
own test that it uses this limit (disclosure, interaction, search)."""

import time

import pytest
from django.core.cache import cache

from cms.protection.ratelimit import limit_reached, wait_text


@pytest.fixture(autouse=True)
def empty_cache():
    """The counters live in the cache."""
    cache.clear()
    yield
    cache.clear()


def attempts(rf, count, scope="form", limit=(2, 3600), **meta):
    request = rf.post("/", **meta)
    return [limit_reached(request, scope, limit) for _i in range(count)]


def test_the_limit_counts_attempts_per_address_and_scope(rf):
    assert attempts(rf, 3, REMOTE_ADDR="192.0.2.1") == [False, False, True]
    assert attempts(rf, 1, REMOTE_ADDR="192.0.2.2") == [False]
    assert attempts(rf, 1, scope="other", REMOTE_ADDR="192.0.2.1") == [False]


def test_the_window_ends(rf, monkeypatch):
    assert attempts(rf, 3, limit=(2, 60), REMOTE_ADDR="192.0.2.1")[-1]
    started = time.time()
    monkeypatch.setattr(time, "time", lambda: started + 61)
    assert attempts(rf, 1, limit=(2, 60), REMOTE_ADDR="192.0.2.1") == [False]


def test_the_cache_holds_no_address(rf):
    attempts(rf, 1, REMOTE_ADDR="192.0.2.77")
    keys = list(cache._cache)  # LocMemCache's own store, the raw keys
    assert keys
    assert not any("192.0.2.77" in key for key in keys)


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(rf, settings):
    settings.TRUSTED_PROXY_ADDRESSES = ["127.0.0.1"]
    proxied = {"REMOTE_ADDR": "127.0.0.1"}
    assert attempts(rf, 2, HTTP_X_FORWARDED_FOR="203.0.113.1", **proxied) == [
        False,
        False,
    ]
    # Another reader behind the same proxy has its own allowance...
    assert attempts(rf, 1, HTTP_X_FORWARDED_FOR="203.0.113.2", **proxied) == [False]
    # ...and the first one is over its limit.
    assert attempts(rf, 1, HTTP_X_FORWARDED_FOR="203.0.113.1", **proxied) == [True]
    # A client that forges the header is counted by its own address.
    forged = {"REMOTE_ADDR": "198.51.100.9"}
    results = [
        attempts(rf, 1, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", **forged)[0]
        for n in range(10, 13)
    ]
    assert results == [False, False, True]


def test_the_wait_is_said_in_chinese():
    assert wait_text((5, 3600)) == "1 小时"
    assert wait_text((5, 7200)) == "2 小时"
    assert wait_text((60, 60)) == "1 分钟"
    assert wait_text((1, 600)) == "10 分钟"
    assert wait_text((1, 45)) == "45 秒"
