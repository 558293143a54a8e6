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
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
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

# --- Monitoring (monitoring app): national spot-check rules --------------------
# Thresholds of the national government-website indicators (2019, unchanged
# since 2015) with the national values as defaults; a province may tighten them.
# Values marked (local/vendor) are field practice, not national rules.
# Single veto `unreachable`: probes over the last week, more than 20 a day, a
# probe failing when the homepage has not opened after 15 s, veto at 5%.
MONITORING_PROBE_TIMEOUT_SECONDS = 15
MONITORING_PROBE_WINDOW_DAYS = 7
MONITORING_PROBE_MIN_PER_DAY = 21  # "more than 20 a day"
MONITORING_PROBE_INTERVAL_MINUTES = 60  # 24 probes a day
MONITORING_UNREACHABLE_FAILURE_RATE = 0.05
# Single veto `homepage_stale`: nothing new on the homepage in 2 weeks.
MONITORING_HOMEPAGE_STALE_DAYS = 14
# Single veto `columns_stale`: update interval per ColumnKind (days); a column
# without an interval is not required to update.
MONITORING_COLUMN_UPDATE_DAYS = {
    "news": 14,  # 动态/要闻: 2 weeks (national)
    "notice": 183,  # 通知公告: 6 months (national)
    "policy": 183,  # 政策文件: 6 months (national)
    "interpretation": 183,  # published with the policies it explains (local)
    "personnel": 365,  # (local)
    "planning": 365,  # plans are yearly (local)
    "statistics": 92,  # quarterly statistics (local)
    "static": None,
    "other": None,
}
# (a) 5 or more stale columns of the kinds the national rule names, counted together.
MONITORING_STALE_VETO_KINDS = ("news", "notice", "policy")
MONITORING_STALE_COLUMNS_VETO = 5
# (b) 10 or more columns of any kind with an interval "a long time" without an
# update: past twice their interval (local).
MONITORING_LONG_STALE_FACTOR = 2
MONITORING_LONG_STALE_COLUMNS_VETO = 10
# Single veto `columns_empty`: 5 or more columns with no content.
MONITORING_EMPTY_COLUMNS_VETO = 5
# Single veto `interaction_poor`: unanswered consultation letters over 3 months
# within the last year (the limit itself is INTERACTION_NATIONAL_LIMIT_MONTHS).
MONITORING_INTERACTION_LOOKBACK_DAYS = 365
# Single veto `service_unusable` (local/vendor): guides missing 4+ of the ten key
# elements in 5+ items.
MONITORING_GUIDE_MISSING_ELEMENTS = 4
MONITORING_GUIDE_INCOMPLETE_ITEMS_VETO = 5
# Deductions out of 100; a site under 60 fails, over 80 goes on to bonus scoring.
# Deductions under one indicator never exceed its points (local/vendor rates).
MONITORING_PASS_SCORE = 60
MONITORING_BONUS_SCORE = 80
MONITORING_DEDUCTIONS = {
    # code: (points per occurrence, cap of the indicator)
    "broken_link_home": (1.0, 10.0),
    "broken_link": (0.1, 10.0),
    "broken_internal_link": (0.1, 10.0),
    "typo": (0.5, 10.0),
    "footer_identity": (1.0, 5.0),
    "search_missing": (10.0, 10.0),
    "disclosure_late": (0.5, 10.0),
}
# Early warnings before a veto (vendor practice).
MONITORING_WARN_PROBE_FAILURE_RATE = 0.03
MONITORING_WARN_HOMEPAGE_DAYS = 10
MONITORING_WARN_EMPTY_COLUMNS = 2
MONITORING_WARN_STALE_COLUMNS = 6
# Link crawler: per-host concurrency, timeouts, retries, limits.
MONITORING_CRAWL_CONCURRENCY_PER_HOST = 8
MONITORING_CRAWL_TIMEOUT_SECONDS = 15
MONITORING_CRAWL_RETRIES = 2
# Requests a second per host, as polite as Debian's linkchecker; lifted when the
# server answers with a `LinkChecker` header (the same convention).
MONITORING_CRAWL_RATE_PER_HOST = 10
MONITORING_CRAWL_MAX_PAGES = 20_000
MONITORING_CRAWL_USER_AGENT = "GovCluster-Monitor/1.0"
# Consolidation candidates: a veto failed in N consecutive runs, or no update
# for M months (local).
MONITORING_CANDIDATE_CONSECUTIVE_FAILURES = 3
MONITORING_CANDIDATE_IDLE_MONTHS = 6
# Legacy sites still outside the platform that probes and external checks cover
# too (comma-separated homepage URLs).
MONITORING_LEGACY_SITES = env_list("MONITORING_LEGACY_SITES")
# Where a site's search lives; a site without it loses the search deduction.
MONITORING_SEARCH_PATH = "/search/"
# A column is "about to go stale" (early warning) past this share of its interval.
MONITORING_WARN_COLUMN_AGE_FRACTION = 0.7
