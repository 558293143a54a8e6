from .base import *  # noqa: F403

DEBUG = True
# Demo-only key; production.py refuses to start without SECRET_KEY.
SECRET_KEY = "django-insecure-govcluster-demo-key-not-for-production"  # noqa: S105
# *.localhost resolves to 127.0.0.1 in browsers, so every demo site has its own host.
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo task worker (`make run`) reports warnings and failed tasks (with
# their traceback), not every task it runs: db_worker raises its loggers to
# INFO itself, so the quiet level sits on the handler. Its one-line start-up
# summary (worker id, queues) still shows.
LOGGING = {
    **LOGGING,  # noqa: F405
    "handlers": {
        **LOGGING["handlers"],  # noqa: F405
        "console_warnings": {"class": "logging.StreamHandler", "level": "WARNING"},
    },
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        "django_tasks": {"handlers": ["console_warnings"], "propagate": False},
    },
}
# Readers of the demo's public pages get the Chinese 400/404/500 pages
# production shows, not Django's debug pages (cms/error_pages.py); the admin
# keeps the debug pages. Last, so it sees a view's exception first.
MIDDLEWARE = [*MIDDLEWARE, "cms.error_pages.PublicErrorPagesMiddleware"]  # noqa: F405
