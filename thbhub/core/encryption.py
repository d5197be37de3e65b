"""Field-level encryption of personal identifiers.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under the
first key of ``settings.FIELD_ENCRYPTION_KEYS`` and can be read with any key
in that list, so keys rotate without downtime: add a new key in front, run
``thbhub rotate_keys``, then drop the old key.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        msg = "THBHUB_FIELD_ENCRYPTION_KEYS is empty: give at least one Fernet key."
        raise ImproperlyConfigured(msg)
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError:
        msg = (
            "A key in THBHUB_FIELD_ENCRYPTION_KEYS is not a Fernet key "
            "(32 url-safe base64-encoded bytes); create one with `thbhub newkey`."
        )
        raise ImproperlyConfigured(msg) from None


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + cipher().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        msg = "A stored value is not encrypted; run `thbhub rotate_keys` to encrypt it."
        raise ValueError(msg)
    try:
        return cipher().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken:
        msg = (
            "An encrypted value cannot be read with the configured keys: "
            "THBHUB_FIELD_ENCRYPTION_KEYS must still list the key it was written with."
        )
        raise ImproperlyConfigured(msg) from None


def reencrypt(stored: str) -> str:
    """The same value under the newest key."""
    return PREFIX + cipher().rotate(stored[len(PREFIX) :].encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text field stored encrypted; Python code sees the clear text.

    It cannot be searched or ordered in the database, by design: a query on
    personal identifiers would need them in clear text.
    """

    description = "Text encrypted at field level"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)
