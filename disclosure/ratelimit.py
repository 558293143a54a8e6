"""Per-client rate limits for public forms, counted in Django's cache."""

from django.core.cache import cache


def client_ip(request):
    """The client address as the web server saw it. Deployments behind a proxy
    must have the proxy set REMOTE_ADDR (e.g. gunicorn's forwarded-allow-ips);
    X-Forwarded-For is not trusted here because clients can forge it."""
    return request.META.get("REMOTE_ADDR", "unknown")


def limit_reached(request, scope, limit):
    """Count one attempt of `request`'s client for `scope`; True when the
    client has used up `limit` = (attempts, window in seconds)."""
    attempts, window = limit
    key = f"ratelimit:{scope}:{client_ip(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > attempts
