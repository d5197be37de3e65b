"""Secrets, hosts, sessions, passwords, login throttling and HTTPS."""

from __future__ import annotations

from thbhub.config.environment import (
    env_bool,
    env_int,
    env_list,
    env_str,
    is_production,
    local_secret,
)
from thbhub.config.settings_parts.core import DATA_DIR

SECRET_KEY = env_str("THBHUB_SECRET_KEY") or local_secret(DATA_DIR, "THBHUB_SECRET_KEY", "token")

# Fernet keys for field-level encryption of personal identifiers, newest first.
# Older keys stay listed until `thbhub rotate_keys` has re-encrypted every value.
FIELD_ENCRYPTION_KEYS = env_list("THBHUB_FIELD_ENCRYPTION_KEYS", []) or [
    local_secret(DATA_DIR, "THBHUB_FIELD_ENCRYPTION_KEYS", "fernet")
]

ALLOWED_HOSTS = env_list("THBHUB_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("THBHUB_CSRF_TRUSTED_ORIGINS", [])

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# A session ends after this many seconds without a request, and at the latest
# when the browser closes.
SESSION_COOKIE_AGE = env_int("THBHUB_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Failed logins: after LOGIN_FAILURE_LIMIT failures for one account, or
# LOGIN_FAILURE_LIMIT_PER_ADDRESS from one address, within LOGIN_FAILURE_WINDOW
# seconds, further attempts are refused for LOGIN_LOCKOUT_SECONDS.
LOGIN_FAILURE_LIMIT = env_int("THBHUB_LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("THBHUB_LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20)
LOGIN_FAILURE_WINDOW = env_int("THBHUB_LOGIN_FAILURE_WINDOW", 15 * 60)
LOGIN_LOCKOUT_SECONDS = env_int("THBHUB_LOGIN_LOCKOUT_SECONDS", 15 * 60)

# Behind a TLS-terminating web server; see docs/operator-guide.md.
HTTPS = env_bool("THBHUB_HTTPS", default=is_production())
# Only a web server in front of THB Hub may say which scheme and address a
# request came from: without one, anyone could send those headers.
BEHIND_PROXY = env_bool("THBHUB_BEHIND_PROXY", default=False)
TRUSTED_PROXY = env_str("THBHUB_TRUSTED_PROXY", "127.0.0.1")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS and BEHIND_PROXY else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 63_072_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
