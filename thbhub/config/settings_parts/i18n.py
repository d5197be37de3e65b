"""Languages, time zone and translation catalogues."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thbhub.config.environment import PACKAGE_DIR, env_str

LANGUAGE_CODE = "en"
# Only languages whose catalogue of this platform's strings is complete are
# offered; the rest of the network's languages are added as translators finish.
LANGUAGES = [
    ("en", _("English")),
    ("sr-latn", _("Serbian (Latin)")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("THBHUB_TIME_ZONE", "Europe/Belgrade")
LANGUAGE_COOKIE_NAME = "thbhub_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
