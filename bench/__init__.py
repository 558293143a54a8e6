"""Benchmarks (run with `python -m bench.<name>` from the project root)."""

import os

import django

MACHINE = "2 cores, 24 GiB RAM (shared with other jobs)"


def setup_django(default_sqlite, fresh=False):
    """Configure Django on DATABASE_URL, or on `default_sqlite` (removed
    first when `fresh`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    if "DATABASE_URL" not in os.environ:
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(default_sqlite + suffix):
                    os.remove(default_sqlite + suffix)
        os.environ["DATABASE_URL"] = f"sqlite:///{default_sqlite}"
    django.setup()
