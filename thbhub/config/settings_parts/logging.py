"""Logging: to standard error, never with personal data or secrets."""

from __future__ import annotations

from thbhub.config.environment import env_str

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "thbhub.core.logging.RedactSecretsFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact"],
        },
    },
    "root": {"handlers": ["stderr"], "level": env_str("THBHUB_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger would print request bodies and paths with
        # query strings; errors are logged by THB Hub's own handler instead.
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
