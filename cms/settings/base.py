"""Settings shared by every deployment. Deployment-specific values come from
the environment; see dev.py, test.py and production.py."""

import os
from pathlib import Path

import dj_database_url

CMS_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = CMS_DIR.parent
VAR_DIR = BASE_DIR / "var"


def env_list(name, default=""):
    """A comma-separated environment variable as a list without blanks."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


INSTALLED_APPS = [
    # GovCluster apps
    "sites",
    "cms.pages",
    "cms.publishing",
    "cms.interaction",
    "cms.delivery",
    "disclosure",
    "search",
    "monitoring",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Third party
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [CMS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///var/db.sqlite3")
if DATABASE_URL.startswith("sqlite:///") and not DATABASE_URL.startswith("sqlite:////"):
    # A relative SQLite path is relative to the project, not to the current directory.
    DATABASE_URL = f"sqlite:///{BASE_DIR / DATABASE_URL.removeprefix('sqlite:///')}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATICFILES_DIRS = [CMS_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work: Wagtail's own mechanism (django-tasks), stored in the database
# and run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# CORS only for the JSON APIs other government platforms aggregate from.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]

# Wagtail
WAGTAIL_SITE_NAME = "GovCluster 政府网站集约化平台"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "txt",
    "csv",
    "zip",
    "rar",
    "ofd",
    "wps",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]

# Cluster rules (sites app). A superior site's editors and reviewers also manage
# their subordinate sites: "none", "direct" (immediate subordinates) or "all".
CLUSTER_SUPERIOR_ACCESS = os.environ.get("CLUSTER_SUPERIOR_ACCESS", "direct")
# Number of items the homepage shows per column, and a column page per page.
PORTAL_HOME_ITEMS_PER_COLUMN = 6
PORTAL_COLUMN_PAGE_SIZE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "govcluster": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# ---------------------------------------------------------------------------
# Search (search app, label govsearch)
# ---------------------------------------------------------------------------
# "database" (SQLite FTS5 / PostgreSQL, segmented with rjieba) or
# "elasticsearch" (needs ELASTICSEARCH_URL). The admin's search and the public
# search switch together.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# Analyzer for Chinese text on Elasticsearch: the built-in "cjk" (bigrams), or
# "smartcn" once the analysis-smartcn plugin is installed on every node.
GOVSEARCH_ES_ANALYZER = os.environ.get("GOVSEARCH_ES_ANALYZER", "cjk")
GOVSEARCH_ES_INDEX_PREFIX = os.environ.get("GOVSEARCH_ES_INDEX_PREFIX", "govcluster_")
GOVSEARCH_ES_TIMEOUT = 10  # seconds
# "wait_for" makes an indexed page searchable before the task finishes.
GOVSEARCH_ES_REFRESH = "wait_for"
GOVSEARCH_ENGINE = SEARCH_BACKEND
if SEARCH_BACKEND == "elasticsearch":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX": f"{GOVSEARCH_ES_INDEX_PREFIX}wagtail",
            "TIMEOUT": GOVSEARCH_ES_TIMEOUT,
            "INDEX_SETTINGS": {
                "settings": {
                    "analysis": {
                        "analyzer": {"default": {"type": GOVSEARCH_ES_ANALYZER}}
                    }
                }
            },
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
# Results per page, the deepest page served, and the longest query accepted.
GOVSEARCH_PAGE_SIZE = 10
GOVSEARCH_MAX_PAGE = 50
GOVSEARCH_MAX_QUERY_LENGTH = 100
# The JSON API answers at most this many requests per client address per
# minute (counted in the Django cache; the address itself is never stored).
GOVSEARCH_API_RATE_LIMIT_PER_MINUTE = 60
