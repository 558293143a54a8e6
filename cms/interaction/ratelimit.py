"""Per-IP rate limits for public forms, counted in the Django cache. The cache
key holds a hash of the address, never the address itself."""

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 3600


def client_ip(request):
    # Behind the cluster's reverse proxy, REMOTE_ADDR is set from the trusted
    # X-Real-IP by the proxy configuration; never read X-Forwarded-For here,
    # any client can forge it.
    return request.META.get("REMOTE_ADDR", "")


def hit(request, scope, per_hour):
    """Count one attempt of `scope` from this client; True when it goes over
    `per_hour` attempts in the current one-hour window."""
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"interaction:rate:{scope}:{digest}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        # The window expired between add() and incr(): start a new one.
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > per_hour
