"""Production settings: everything that differs between deployments comes from
the environment, and the process refuses to start without the required values."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def required_env(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required in production."
        )
    return value


DEBUG = False
SECRET_KEY = required_env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")  # noqa: F405
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "The environment variable ALLOWED_HOSTS is required in production."
    )
required_env("DATABASE_URL")
# A search server chosen needs its address.
if SEARCH_BACKEND == "opensearch":  # noqa: F405
    required_env("OPENSEARCH_URL")
elif SEARCH_BACKEND == "elasticsearch":  # noqa: F405
    required_env("ELASTICSEARCH_URL")
elif SEARCH_BACKEND != "database":  # noqa: F405
    raise ImproperlyConfigured(
        "SEARCH_BACKEND must be database, opensearch or elasticsearch, "
        f"not {SEARCH_BACKEND!r}."  # noqa: F405
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_REFERRER_POLICY = "same-origin"

# One cache shared by every process: gunicorn runs several workers, and a
# captcha made in one must be known to the next, a rate limit must count every
# worker's requests, and custom search words and holiday overrides must not go
# stale in the others. A per-process memory cache would do none of that, so
# production refuses to start without Redis (REDIS_URL) or the database cache
# (CACHE_BACKEND=database, after `manage.py createcachetable`).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "redis" if REDIS_URL else "").strip()
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "govcluster")
if CACHE_BACKEND == "redis":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": required_env("REDIS_URL"),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
elif CACHE_BACKEND == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "govcluster_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    raise ImproperlyConfigured(
        "Production needs a cache shared by every process: set REDIS_URL "
        "(Redis) or CACHE_BACKEND=database (then run `manage.py "
        f"createcachetable`). CACHE_BACKEND={CACHE_BACKEND!r} is not one of them."
    )

# Delivery: doors and static publishing in production (docs/deploy.md).
# TLS is terminated by nginx, which passes X-Forwarded-Proto.
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "0") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # sites of the cluster move to TLS one by one
CSRF_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405
if SESSION_COOKIE_SECURE:
    # __Host- cookies are bound to the exact host, over TLS, for the whole path.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Admin sessions end after 8 hours or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The admin answers only on its own hostnames in production.
ADMIN_HOSTNAMES = env_list("ADMIN_HOSTNAMES")  # noqa: F405
if not ADMIN_HOSTNAMES:
    raise ImproperlyConfigured(
        "The environment variable ADMIN_HOSTNAMES is required in production "
        "(the hostnames on which /admin/ answers)."
    )
STATIC_PUBLISH_HTTPS = os.environ.get("STATIC_PUBLISH_HTTPS", "1") == "1"
if CACHE_BACKEND == "redis":
    # Sessions in Redis keep the database out of the admin's hot path.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Deliberate choices `check --deploy` asks about: nginx redirects http to https
# (W008); sites of the cluster adopt TLS one by one, so no includeSubDomains or
# preload (W005, W021); the Wagtail admin previews pages in a same-origin frame
# (W019).
SILENCED_SYSTEM_CHECKS = [
    "security.W005",
    "security.W008",
    "security.W019",
    "security.W021",
]
