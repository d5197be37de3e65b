"""What keeps respondents untraceable, in one place.

Respondent pages live under ``RESPONDENT_PREFIX``. The request pipeline
treats that prefix specially (see ``thbhub.audit.middleware`` and
``thbhub.accounts.middleware``): no client address reaches the audit
context, and no account middleware writes the path (which holds the
invitation token) into the audit log.
"""

from __future__ import annotations

import hashlib
import secrets

RESPONDENT_PREFIX = "/c/"
# 16 random bytes: a link cannot be guessed, and it stays short enough to
# type from a printed card or send in a text message.
TOKEN_BYTES = 16


def is_respondent_path(path: str) -> bool:
    return path.startswith(RESPONDENT_PREFIX)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """SHA-256 is enough: the token is random, not a password to be guessed."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
