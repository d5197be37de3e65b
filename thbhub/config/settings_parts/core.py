"""Applications, middleware, templates, static and uploaded files."""

from __future__ import annotations

from thbhub.config.environment import PACKAGE_DIR, default_data_dir, env_bool

DATA_DIR = default_data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("THBHUB_DEBUG", default=False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "thbhub.core",
    "thbhub.access",
    "thbhub.reference",
    "thbhub.directory",
    "thbhub.statistics",
    "thbhub.cases",
    "thbhub.nrm",
    "thbhub.referrals",
    "thbhub.linkage_runs",
    "thbhub.recommendations",
    "thbhub.consultations",
    "thbhub.accounts",
    "thbhub.audit",
    "thbhub.jobs",
    "thbhub.operations",
    "thbhub.network",
    "thbhub.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thbhub.accounts.middleware.TwoFactorMiddleware",
    "thbhub.accounts.middleware.PasswordChangeRequiredMiddleware",
    "thbhub.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "thbhub.accounts.middleware.SessionExpiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "thbhub.config.urls"
WSGI_APPLICATION = "thbhub.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thbhub.core.context_processors.navigation",
            ],
        },
    },
]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Static files are served from the installed packages without a collectstatic
# step, so that one command starts the platform.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_ROOT = DATA_DIR / "files"
MEDIA_URL = "/files/"

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
