"""The database: embedded SQLite by default, PostgreSQL through DATABASE_URL."""

from __future__ import annotations

from typing import Any

import dj_database_url

from thbhub.config.environment import env_str
from thbhub.config.settings_parts.core import DATA_DIR

_url = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'thbhub.sqlite3'}"
_default: dict[str, Any] = dict(dj_database_url.parse(_url, conn_max_age=60))

if _default["ENGINE"] == "django.db.backends.sqlite3":
    _default["CONN_MAX_AGE"] = 0
    _default["OPTIONS"] = {
        # IMMEDIATE takes the write lock at the start of a transaction, so two
        # writers wait for each other instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # WAL lets the web pages read while a background job writes.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    _default["TEST"] = {"NAME": ":memory:"}

DATABASES = {"default": _default}
