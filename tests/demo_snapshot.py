"""A copy of the demo data set taken once per run, put back in a moment.

Transactional tests (the browser tests, backup and restore) see every table
emptied between tests. Building the demo again for each of them took over a
minute; putting back the copy taken after the first build takes well under
a second on SQLite and a few seconds on PostgreSQL.

- SQLite (the test database lives in memory): the whole database is copied
  with SQLite's own online backup, into a second in-memory database and back.
- PostgreSQL: each table is copied into a schema of its own inside the test
  database, which ``flush`` never touches; putting it back empties the
  tables, copies the rows in one transaction (the foreign keys are checked at
  commit) and moves the id sequences past the restored rows.
"""

from __future__ import annotations

import sqlite3

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

SCHEMA = "thbhub_demo_snapshot"


class _Copy:
    sqlite: sqlite3.Connection | None = None
    postgresql_tables: list[str] = []


def take() -> None:
    """Keep a copy of the database as it is now."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        _Copy.sqlite = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_Copy.sqlite)
    elif connection.vendor == "postgresql":
        tables = _tables()
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {quote(SCHEMA)} CASCADE")
            cursor.execute(f"CREATE SCHEMA {quote(SCHEMA)}")
            for table in tables:
                cursor.execute(
                    f"CREATE TABLE {quote(SCHEMA)}.{quote(table)} AS TABLE {quote(table)}"
                )
        _Copy.postgresql_tables = tables
    else:  # pragma: no cover — the platform runs on SQLite and PostgreSQL only
        raise NotImplementedError(connection.vendor)


def available() -> bool:
    return _Copy.sqlite is not None or bool(_Copy.postgresql_tables)


def restore() -> None:
    """Put the copy back, whatever the tables hold now."""
    if _Copy.sqlite is not None:
        connection.ensure_connection()
        _Copy.sqlite.backup(connection.connection)
        return
    quote = connection.ops.quote_name
    tables = _Copy.postgresql_tables
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(statement)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:
            # Table names come from Django's introspection, quoted.
            cursor.execute(
                f"INSERT INTO {quote(table)} SELECT * FROM {quote(SCHEMA)}.{quote(table)}"  # noqa: S608
            )
        models = list(apps.get_models(include_auto_created=True))
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))
