"""Outgoing e-mail (reminders of questionnaire rounds).

Without THBHUB_EMAIL_HOST, messages are written as files into the data
directory's ``mail/`` folder, so a laptop installation needs no mail server
and nothing is sent by accident from a test copy.
"""

from __future__ import annotations

from thbhub.config.environment import env_bool, env_int, env_str
from thbhub.config.settings_parts.core import DATA_DIR

EMAIL_HOST = env_str("THBHUB_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("THBHUB_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("THBHUB_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env_str("THBHUB_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("THBHUB_EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

DEFAULT_FROM_EMAIL = env_str("THBHUB_EMAIL_FROM", "thbhub@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that does not answer must not hold a web request for minutes.
EMAIL_TIMEOUT = env_int("THBHUB_EMAIL_TIMEOUT", 30)

# Links in e-mails point here: the address users open THB Hub at.
THBHUB_BASE_URL = env_str("THBHUB_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
