import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "govcluster-test-key"  # noqa: S105
ALLOWED_HOSTS = ["localhost", ".localhost", "testserver", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="govcluster-test-media-"))  # noqa: F405
# Tasks run inline in tests so their effects can be asserted directly.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://localhost"
# Static publishing writes into a throwaway folder during tests.
STATIC_PUBLISH_ROOT = Path(tempfile.mkdtemp(prefix="govcluster-test-published-"))  # noqa: F405

DISCLOSURE_PRIVATE_ROOT = Path(tempfile.mkdtemp(prefix="govcluster-test-private-"))  # noqa: F405

# The application's access log goes to a throwaway folder during tests.
ACCESS_LOG_PATH = str(
    Path(tempfile.mkdtemp(prefix="govcluster-test-log-")) / "access.json.log"  # noqa: F405
)
# The test suite's demo seed ingests a week of generated access logs.
VISITS_DEMO_DAYS = 7
