"""Settings of the gunicorn and db_worker processes tests/delivery/test_faults.py
starts: the test settings, on the test's own database (named in the
environment), with tasks stored in the database and run by db_worker as in
production instead of inline."""

import os
from pathlib import Path

from cms.settings.test import *  # noqa: F403

DATABASES = {
    "default": {
        **DATABASES["default"],  # noqa: F405
        "NAME": os.environ["GOVCLUSTER_TEST_DATABASE"],
    }
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
STATIC_PUBLISH_ROOT = Path(os.environ["STATIC_PUBLISH_ROOT"])
