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
    "cms.casework",
    "cms.pages",
    "cms.publishing",
    "interaction",
    "cms.delivery",
    "cms.protection",
    "disclosure",
    "search",
    # Before monitoring: its demo spot checks read the demo accounts.
    "newmedia",
    "monitoring",
    "visits",
    "annualreports",
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
    # Outermost, so it logs the response the reader finally got.
    "visits.accesslog.AccessLogMiddleware",
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
# Tasks that `reclaim_tasks` queues again when their worker died running them
# (the others are only marked failed): those that are safe to run twice, since
# they recompute their result from the database. probe_all_sites also keeps
# the probe schedule going (it queues its next round when it finishes).
TASKS_RERUN_AFTER_WORKER_LOSS = [
    "cms.delivery.tasks.render_pending",
    "cms.delivery.tasks.withdraw_site_files_task",
    "cms.publishing.tasks.index_imported_pages_task",
    "search.tasks.index_pages_task",
    "search.tasks.index_subtree_task",
    "search.tasks.remove_documents_task",
    "search.tasks.index_admin_pages_task",
    "monitoring.tasks.probe_all_sites",
    "visits.tasks.ingest_access_logs_task",
    "modelsearch.tasks.insert_or_update_object_task",
    "wagtail.tasks.update_reference_index_task",
    "wagtail.tasks.delete_file_from_storage_task",
    "wagtail.images.tasks.set_image_focal_point_task",
]

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
# Wagtail's Draftail widget, answering a malformed rich-text POST with 400.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "cms.publishing.rich_text_widget.CheckedDraftailRichTextArea"}
}
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

# Portal theme (cms.pages). White header text on a site's main colour needs at
# least this WCAG contrast ratio (AA for normal text).
PORTAL_MIN_TEXT_CONTRAST = 4.5
# National lookup services the footer's identity items link to: the MIIT ICP
# record system, the public-security record system (the record code is
# appended) and the State Council's "report an error on a government website"
# service (the site's identity code is appended).
PORTAL_ICP_LOOKUP_URL = "https://beian.miit.gov.cn/"
PORTAL_PUBLIC_SECURITY_LOOKUP_URL = "https://beian.mps.gov.cn/#/query/webSearch?code="
PORTAL_ERROR_REPORT_URL = (
    "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode="
)

# Per-site isolation (sites app): refuse admin URLs naming a page outside the
# user's sites; see docs/isolation.md.
MIDDLEWARE += ["sites.middleware.AdminPageScopeMiddleware"]

# ---------------------------------------------------------------------------
# Delivery (cms.delivery): static publishing, security doors, backups.
# ---------------------------------------------------------------------------
# Published pages are rendered to STATIC_PUBLISH_ROOT/<hostname>/<path>/index.html
# and served by nginx (deploy/nginx/govcluster.conf); see docs/delivery.md.
STATIC_PUBLISH_ROOT = Path(os.environ.get("STATIC_PUBLISH_ROOT", VAR_DIR / "published"))
# Render URLs as https:// in sitemaps and feeds (production sits behind TLS).
STATIC_PUBLISH_HTTPS = os.environ.get("STATIC_PUBLISH_HTTPS", "0") == "1"
# Paths that exist once per site outside the page tree and are published too.
STATIC_PUBLISH_SITE_PATHS = ["/sitemap.xml", "/feed.xml", "/site-map/", "/favicon.ico"]
# Paths that are always answered by Django, never from a file.
STATIC_PUBLISH_DYNAMIC_PREFIXES = [
    "/admin/",
    "/api/",
    "/search/",
    "/healthz",
    "/documents/",
    "/django-admin/",
    "/captcha/",
    "/disclosure/apply/",
]
DELIVERY_FEED_ITEMS = 20

# The admin answers only on these hostnames (every other host gets 404 for
# /admin/). Empty means every hostname (development).
ADMIN_HOSTNAMES = env_list("ADMIN_HOSTNAMES")

# Login lockout (django-axes): 5 failures for one username from one address
# lock that pair out for 30 minutes.
AUTHENTICATION_BACKENDS = [
    "cms.delivery.doors.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.delivery.doors.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["password"]
# Behind nginx (which overwrites X-Forwarded-For, deploy/nginx) the client
# address is taken from that header, but only from a proxy on these addresses.
AXES_CLIENT_IP_CALLABLE = "cms.delivery.doors.client_ip"
TRUSTED_PROXY_ADDRESSES = env_list("TRUSTED_PROXY_ADDRESSES", "127.0.0.1,::1")
# A captcha challenge of the public forms (cms.protection.captcha) expires
# after this many seconds; long forms (applications, letters) take a while.
CAPTCHA_MAX_AGE_SECONDS = 1800
# 换一个 (a new challenge without reloading the form) per client address.
CAPTCHA_RENEW_RATE_LIMIT = (30, 600)
# Wrong or missing captcha answers per client address, all public forms
# together. Higher than a form's own limit (which counts only accepted
# submissions): a citizen may misread a few challenges, a guessing bot may not.
CAPTCHA_FAILURE_RATE_LIMIT = (20, 3600)

# Two-factor login (django-otp, TOTP). Any admin user may enrol; when
# OTP_REQUIRED_FOR_CLUSTER_ADMINS is on, cluster administrators must.
OTP_REQUIRED_FOR_CLUSTER_ADMINS = (
    os.environ.get("OTP_REQUIRED_FOR_CLUSTER_ADMINS", "0") == "1"
)
OTP_TOTP_ISSUER = "GovCluster"

# Content-Security-Policy of public pages and of the Wagtail admin (whose
# editor needs inline scripts and styles).
CSP_PUBLIC = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "script-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
CSP_ADMIN = {
    **CSP_PUBLIC,
    "img-src": ["'self'", "data:", "blob:"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
}
# No avatars from gravatar.com: it would tell a foreign service which officials
# use the admin, is unreachable from government networks, and breaks the CSP.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor the admin's call to releases.wagtail.org (upgrades are deliberate here).
WAGTAIL_ENABLE_UPDATE_CHECK = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(1, "cms.delivery.doors.SecurityHeadersMiddleware")
MIDDLEWARE.insert(2, "cms.delivery.doors.AdminHostnameMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "cms.delivery.doors.TwoFactorMiddleware",
)
# axes must come last so it sees the final response of a login attempt.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

SERIALIZATION_MODULES = {"precise_json": "cms.delivery.serializers"}
# Backups: which tables `manage.py backup` leaves out (derived or transient;
# rebuilt after `restore`).
BACKUP_EXCLUDED_MODELS = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "wagtailcore.referenceindex",
    "wagtailadmin.editingsession",
    "django_tasks_db",
    "axes",
    "delivery.staticrenderrequest",
]

# --- The working-day calendar (cms.casework.workdays) -------------------------
# Art. 31: an application submitted online counts as received on the day both
# sides confirm it. True (the usual practice): a submission on a non-working
# day is received on the next working day; False: on the day itself.
CASEWORK_ONLINE_RECEIPT_NEXT_WORKING_DAY = True

# ---------------------------------------------------------------------------
# Government information disclosure (disclosure app). National values from the
# Regulations on Government Information Disclosure (2019) unless marked (local).
# All periods are counted in working days on cms.casework.workdays' calendar.
# ---------------------------------------------------------------------------
# Proactive disclosure: published within 20 working days of being drafted.
DISCLOSURE_PROACTIVE_DEADLINE_WORKING_DAYS = 20
# Applications: answer within 20 working days of receipt ...
DISCLOSURE_ANSWER_WORKING_DAYS = 20
# ... extendable once by at most 20 more with the office head's approval.
DISCLOSURE_EXTENSION_MAX_WORKING_DAYS = 20
# A correction request must go out within 7 working days of receipt.
DISCLOSURE_CORRECTION_NOTICE_WORKING_DAYS = 7
# (local) Working days the applicant has to send the correction before the
# application lapses.
DISCLOSURE_CORRECTION_REPLY_WORKING_DAYS = 15
# A consulted third party has 15 working days; that time is not counted.
DISCLOSURE_THIRD_PARTY_WORKING_DAYS = 15
# A consulted agency (art. 33, 34) has 15 working days; that time is not counted.
DISCLOSURE_AGENCY_CONSULTATION_WORKING_DAYS = 15
# Information-processing fees (政府信息公开信息处理费管理办法, 2020), in yuan.
# By count: an applicant's applications to one body in a calendar month; up to
# the first threshold free, then per application by tier (up to N: price); past
# the last tier every STEP more applications raise the price by INCREASE.
DISCLOSURE_FEE_BY_COUNT_TIERS = ((10, 0), (30, 100))
DISCLOSURE_FEE_BY_COUNT_STEP = (10, 100)
# By volume: pages of one application; per page by tier, None = no upper end.
DISCLOSURE_FEE_BY_VOLUME_TIERS = ((30, 0), (100, 10), (200, 20), (None, 40))
# The applicant pays within 20 working days of the notice; that period is not
# counted; unpaid, the application is closed (treated as withdrawn).
DISCLOSURE_FEE_PAYMENT_WORKING_DAYS = 20
# The annual disclosure report on a year is published by (month, day) of the
# next year: departments by 31 January, governments by 31 March (art. 50).
DISCLOSURE_ANNUAL_REPORT_DEADLINES = {"department": (1, 31), "government": (3, 31)}
# (local) Staff are reminded this many days before that deadline.
DISCLOSURE_ANNUAL_REPORT_REMINDER_DAYS = 30
# Every government website publishes its 政府网站工作年度报表 on its home page
# by (month, day) of the next year (国办函〔2018〕12号: 31 January).
WEBSITE_ANNUAL_REPORT_DEADLINE = (1, 31)
# (local) Staff are reminded this many days before that deadline: all January.
WEBSITE_ANNUAL_REPORT_REMINDER_DAYS = 30
# (local) Staff are warned this many working days before a due date.
DISCLOSURE_DUE_SOON_WORKING_DAYS = 3
# Public forms (cms.protection.ratelimit): (attempts, window in seconds) per
# client address. An application form counts accepted applications only (failed
# captchas: CAPTCHA_FAILURE_RATE_LIMIT); the status lookup counts every query.
DISCLOSURE_APPLICATION_RATE_LIMIT = (5, 3600)
DISCLOSURE_STATUS_LOOKUP_RATE_LIMIT = (20, 3600)
# Applicants' attachments: at most this many files of this size each.
DISCLOSURE_ATTACHMENT_MAX_COUNT = 3
DISCLOSURE_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# Applicants' files and reply documents hold personal data: they are stored
# outside MEDIA_ROOT and only served to the body's handlers.
DISCLOSURE_PRIVATE_ROOT = Path(
    os.environ.get("DISCLOSURE_PRIVATE_ROOT", VAR_DIR / "private")
)
# Catalog page size, and the JSON API's default and largest page sizes.
DISCLOSURE_CATALOG_PAGE_SIZE = 20
DISCLOSURE_API_PAGE_SIZE = 50
DISCLOSURE_API_MAX_PAGE_SIZE = 200

# --- Monitoring (monitoring app): national spot-check rules --------------------
# Thresholds of the national government-website indicators (2019, unchanged
# since 2015) with the national values as defaults; a province may tighten them.
# Values marked (local/vendor) are field practice, not national rules.
# The single vetoes' thresholds below (probe window, probes a day, failure rate,
# homepage days, stale/long-stale/empty column counts, interaction lookback and
# months, guide elements and items) only seed the score table: each veto row of
# monitoring ScoreRule holds its threshold, second threshold, period and an
# enabled flag, which the office edits and every check reads.
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
    "topic": None,  # a topic column ends with its topic (local)
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
# The score table (items, groups, points, caps, thresholds of the deductions
# and bonus items) is data the cluster office edits in the admin (monitoring
# ScoreRule/ScoreGroup, seeded with local/vendor defaults). Without a veto, a
# deduction-part score under MONITORING_PASS_SCORE fails; bonus items (portals
# only) count from MONITORING_BONUS_SCORE up (national rule, 2019).
MONITORING_PASS_SCORE = 60
MONITORING_BONUS_SCORE = 80
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
# Government new media (国办秘函〔2019〕19号): an account with nothing published
# in the 2 weeks before the check is vetoed; an early warning past 10 days
# *(vendor)*; posts counted over 30 days for the "updates rarely" deduction.
MONITORING_NEW_MEDIA_SILENT_DAYS = 14
MONITORING_NEW_MEDIA_WARN_SILENT_DAYS = 10
MONITORING_NEW_MEDIA_ACTIVITY_DAYS = 30

# --- Government new media (newmedia): reading the accounts' feeds ---
NEW_MEDIA_FEED_TIMEOUT_SECONDS = 15
# A feed larger than this is refused (a feed of the latest items is far smaller).
NEW_MEDIA_FEED_MAX_BYTES = 5 * 1024 * 1024
NEW_MEDIA_FEED_USER_AGENT = "GovCluster-NewMedia/1.0"
# The periodic task reads every open account's feed this often.
NEW_MEDIA_FETCH_INTERVAL_MINUTES = 60

# --- Publishing (cms.publishing): review workflow, checks, syndication, uploads ---
# A push counts as reposted in time when it went live on the receiving site within
# this many hours (national practice: important information within 24 hours).
PUBLISHING_REPOST_WINDOW_HOURS = 24
# How often `manage.py run_scheduler` runs Wagtail's publish_scheduled in the demo.
PUBLISHING_SCHEDULER_INTERVAL_SECONDS = 60
# Uploads are checked by content (cms/publishing/uploads.py); the size and pixel
# limits are WAGTAILIMAGES_MAX_UPLOAD_SIZE, WAGTAILDOCS_MAX_UPLOAD_SIZE and
# WAGTAILIMAGES_MAX_IMAGE_PIXELS above.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.publishing.uploads.SiteImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.publishing.uploads.SiteDocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]

# Interaction (互动交流: mailboxes, solicitations, interviews; the `interaction` app).
# Working days a letter must be answered within (disclosure working-day calendar).
INTERACTION_ANSWER_DEADLINE_WORKING_DAYS = 15
# Working days before the deadline from which a letter is shown as due soon.
INTERACTION_DUE_SOON_WORKING_DAYS = 3
# National spot-check limit: a valid consultation left unanswered longer than
# this many months vetoes the site (interaction_poor).
INTERACTION_NATIONAL_LIMIT_MONTHS = 3
# Public forms (cms.protection.ratelimit): (attempts, window in seconds) per
# client address. Letters count accepted letters only (failed captchas:
# CAPTCHA_FAILURE_RATE_LIMIT); solicitations and lookups count every attempt.
INTERACTION_LETTER_RATE_LIMIT = (5, 3600)
INTERACTION_SOLICITATION_RATE_LIMIT = (5, 3600)
INTERACTION_LOOKUP_RATE_LIMIT = (30, 3600)
# Published letters per page of a mailbox's public listing.
INTERACTION_LETTERS_PER_PAGE = 20

# ---------------------------------------------------------------------------
# Search (search app, label govsearch)
# ---------------------------------------------------------------------------
# "database" (the admin's search on SQLite FTS5 / PostgreSQL full text, the
# public search on bitmaps in the database; both segmented with rjieba),
# "opensearch" (OpenSearch 2, needs OPENSEARCH_URL; `make opensearch` starts a
# node on http://127.0.0.1:9200) or "elasticsearch" (Elasticsearch 8, needs
# ELASTICSEARCH_URL). The admin's search and the public search switch together.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# Names of the indices on the search server begin with this.
GOVSEARCH_INDEX_PREFIX = os.environ.get("GOVSEARCH_INDEX_PREFIX", "govcluster_")
# 0 on a single node (its cluster stays green), 1 or more on a cluster.
GOVSEARCH_INDEX_REPLICAS = int(os.environ.get("GOVSEARCH_INDEX_REPLICAS", "0"))
GOVSEARCH_SERVER_TIMEOUT = 10  # seconds
# "wait_for" makes an indexed page searchable before the task finishes.
GOVSEARCH_SERVER_REFRESH = "wait_for"
# An index update that finds the search server down is queued again after
# GOVSEARCH_RETRY_DELAY seconds, doubled each attempt up to
# GOVSEARCH_RETRY_MAX_DELAY, at most GOVSEARCH_RETRY_ATTEMPTS times (5 s, 5 min
# and 300: an outage of a day loses no update; search/tasks.py).
GOVSEARCH_RETRY_DELAY = 5
GOVSEARCH_RETRY_MAX_DELAY = 300
GOVSEARCH_RETRY_ATTEMPTS = 300
GOVSEARCH_ENGINE = SEARCH_BACKEND
# The search server's URL for the backend chosen ("" for the database).
SEARCH_SERVER_URL = {
    "opensearch": OPENSEARCH_URL,
    "elasticsearch": ELASTICSEARCH_URL,
}.get(SEARCH_BACKEND, "")
if SEARCH_BACKEND in ("opensearch", "elasticsearch"):
    # search/backends/opensearch.py or elasticsearch.py: modelsearch's backend
    # with the project's segmentation.
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"search.backends.{SEARCH_BACKEND}",
            "URLS": [SEARCH_SERVER_URL],
            "INDEX_PREFIX": f"{GOVSEARCH_INDEX_PREFIX}wagtail_",
            "TIMEOUT": GOVSEARCH_SERVER_TIMEOUT,
            "INDEX_SETTINGS": {
                "settings": {
                    "index": {
                        "number_of_shards": 1,
                        "number_of_replicas": GOVSEARCH_INDEX_REPLICAS,
                    },
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
# The JSON API (cms.protection.ratelimit): (requests, window in seconds) per
# client address.
GOVSEARCH_API_RATE_LIMIT = (60, 60)
# Deserialised bitmaps of the public search index each process keeps
# (search/fulltext.py), in MB of serialised size; see docs/deploy.md.
GOVSEARCH_BITMAP_CACHE_MB = int(os.environ.get("GOVSEARCH_BITMAP_CACHE_MB", "256"))

# Visit statistics (visits/, docs/visits.md). The application writes one JSON
# line per public request to ACCESS_LOG_PATH (empty: none); the ingester reads
# it and the nginx logs matched by ACCESS_LOG_FILES (glob patterns, comma-
# separated in the environment), e.g. /var/log/nginx/govcluster-access.log*.
ACCESS_LOG_PATH = os.environ.get(
    "ACCESS_LOG_PATH", str(VAR_DIR / "log" / "access.json.log")
)
ACCESS_LOG_FILES = env_list("ACCESS_LOG_FILES")
# Requests that are not readers' page visits: not written to the log.
ACCESS_LOG_SKIP_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/api/",
    "/healthz",
    STATIC_URL,
    MEDIA_URL,
)
# User agents of the platform's own probes and crawler, never counted.
VISITS_PLATFORM_USER_AGENT_PREFIXES = (MONITORING_CRAWL_USER_AGENT.split("/")[0],)
# A visitor's page views more than this far apart are separate visits.
VISITS_VISIT_GAP_MINUTES = 30
# Days whose visitor hashes are kept so late lines are matched (then deleted).
VISITS_OPEN_DAYS = 2
# How often the background task ingests the logs.
VISITS_INGEST_INTERVAL_MINUTES = 15
# Days of generated statistics the demo cluster gets (seed_demo).
VISITS_DEMO_DAYS = 365
