"""A logging filter that keeps secrets out of log lines."""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    re.compile(r"(?i)(password|passwd|secret|token|otp|key|authorization)(\s*[=:]\s*)(\S+)"),
    re.compile(r"fernet:[A-Za-z0-9_\-=]+"),
]


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _PATTERNS[0].sub(r"\1\2[redacted]", message)
        redacted = _PATTERNS[1].sub("[encrypted]", redacted)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True
