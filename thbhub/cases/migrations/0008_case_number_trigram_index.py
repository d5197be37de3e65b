"""On PostgreSQL, a trigram index on the case number, so that a search by
part of a number ("504321") reads the index instead of every case.

pg_trgm ships with PostgreSQL; enabling it needs the right to create
extensions. Where that right is missing the index is left out and the
search reads the cases, as on SQLite: slower on very large agencies, the
same results. SQLite has no such index and needs none at its scale.
"""

from django.db import DatabaseError, migrations, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEX = "case_number_trigram"


def create_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        # A savepoint: a refused CREATE EXTENSION must not abort the migration.
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:  # no right to create extensions, or no pg_trgm: no index
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_case USING gin (number gin_trgm_ops)"
    )


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_case_list_newest_by_id"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
