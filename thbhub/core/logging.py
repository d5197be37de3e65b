"""A logging filter that keeps secrets out of log lines."""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    re.compile(r"(?i)(password|passwd|secret|token|otp|key|authorization)(\s*[=:]\s*)(\S+)"),
    re.compile(r"fernet:[A-Za-z0-9_\-=]+"),
    # A consultation respondent's link: the token is their only key, and a
    # logged path (an error on their page) must not keep it.
    re.compile(r"/c/[A-Za-z0-9_\-]{8,}"),
]


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _PATTERNS[0].sub(r"\1\2[redacted]", message)
        redacted = _PATTERNS[1].sub("[encrypted]", redacted)
        redacted = _PATTERNS[2].sub("/c/[redacted]", redacted)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True
