from .base import *  # noqa: F403

DEBUG = True
# Demo-only key; production.py refuses to start without SECRET_KEY.
SECRET_KEY = "django-insecure-govcluster-demo-key-not-for-production"  # noqa: S105
# *.localhost resolves to 127.0.0.1 in browsers, so every demo site has its own host.
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
