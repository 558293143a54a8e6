"""The one rate limit of the public forms and APIs: attempts per client address
in a fixed window, counted in the Django cache.

Each form has its own setting, a pair (attempts, window in seconds), e.g.
DISCLOSURE_APPLICATION_RATE_LIMIT = (5, 3600). The cache key holds a keyed hash
(HMAC with SECRET_KEY) of the address, never the address itself: a plain hash
of an IPv4 address is reversed by hashing all four billion of them."""

from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from cms.delivery.doors import client_ip


def _key(request, scope):
    digest = salted_hmac("ratelimit", client_ip(request)).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def limit_reached(request, scope, limit):
    """Count one attempt of `request`'s client for `scope`; True when the
    client has gone over `limit` = (attempts, window in seconds)."""
    attempts, window = limit
    key = _key(request, scope)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        # The window expired between add() and incr(): start a new one.
        cache.set(key, 1, timeout=window)
        count = 1
    return count > attempts


def wait_text(limit):
    """How long a refused client waits at most, for messages ("1 小时")."""
    _attempts, window = limit
    if window % 3600 == 0:
        return _("%(hours)s 小时") % {"hours": window // 3600}
    if window % 60 == 0:
        return _("%(minutes)s 分钟") % {"minutes": window // 60}
    return _("%(seconds)s 秒") % {"seconds": window}
