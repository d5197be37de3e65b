"""Loading a backup archive into an empty installation."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.python import Deserializer
from django.db import DatabaseError, connections, models

from thbhub.accounts.models import User
from thbhub.audit.models import AuditEvent
from thbhub.core.encryption import decrypt
from thbhub.directory.models import ContactPerson
from thbhub.operations.archive import OperationError, read_records
from thbhub.operations.dumping import applied_migrations, encrypted_field_names, link_tables

Progress = Callable[[str], None]

# Rows that can never be deleted (the audit log is append-only, on
# PostgreSQL by trigger): those already in the installation stay, and the
# backup's are added after them with new ids.
APPEND_ONLY_MODELS: tuple[type[models.Model], ...] = (AuditEvent,)

NEW_INSTALLATION = (
    "Restore only into a new installation: point THBHUB_DATA_DIR or DATABASE_URL "
    "at a new database, run `thbhub migrate`, then `thbhub restore FILE` again."
)


def check_migrations(manifest: dict[str, Any], alias: str) -> None:
    """Refuse a backup whose schema is not exactly the installation's."""
    theirs = {(str(app), str(name)) for app, name in manifest.get("migrations", [])}
    ours = set(applied_migrations(alias))
    for app, name in sorted(theirs ^ ours):
        if (app, name) in theirs:
            msg = (
                f"The backup was made with migration {app}.{name}, which this installation "
                "has not applied. Run `thbhub migrate`; if that migration is still missing, "
                "upgrade THB Hub to the version that made the backup first. Then restore again."
            )
        else:
            msg = (
                f"This installation has migration {app}.{name}, which the backup was made "
                "without: the backup comes from an older version of THB Hub. Downgrade the "
                "code to that version, run `thbhub migrate` on a new database and restore "
                "there; then upgrade and run `thbhub migrate`."
            )
        raise OperationError(msg)


def check_empty(alias: str) -> None:
    """Refuse an installation that holds data of its own.

    Empty means: no user account (accounts.User) and no contact person
    (directory.ContactPerson). Reference data loaded by migrations does not
    count; the backup's replaces it.
    """
    users = User._base_manager.using(alias).count()
    contacts = ContactPerson._base_manager.using(alias).count()
    if users or contacts:
        msg = (
            f"This installation is not empty: it holds {users} user account(s) and "
            f"{contacts} contact person(s). A backup is restored only into an empty "
            "installation (no user accounts and no contact persons), so that nothing in it "
            f"is overwritten. Nothing was changed. {NEW_INSTALLATION}"
        )
        raise OperationError(msg)


def backup_models(manifest: dict[str, Any], *, name: str) -> list[tuple[type[models.Model], int]]:
    """The backup's models in load order, with the number of rows of each."""
    result = []
    for label, count in manifest.get("models", []):
        try:
            model = apps.get_model(str(label))
        except (LookupError, ValueError):
            msg = (
                f"{name} holds rows of {label}, which this installation does not know. "
                "Restore it with the THB Hub version that made it."
            )
            raise OperationError(msg) from None
        result.append((model, int(count)))
    return result


def load_rows(
    bundle: zipfile.ZipFile,
    contents: list[tuple[type[models.Model], int]],
    *,
    alias: str,
    name: str,
    progress: Progress,
) -> int:
    """Replace the installation's rows by the backup's; call inside a transaction."""
    connection = connections[alias]
    keep_ids = {
        model: not model._base_manager.using(alias).exists() for model in APPEND_ONLY_MODELS
    }
    loaded = [model for model, _count in contents]
    total = 0
    label = ""
    try:
        _delete_rows(loaded, alias)
        for model, expected in contents:
            label = model._meta.label_lower
            records = _prepared(
                read_records(bundle, label, name=name),
                secret=encrypted_field_names(model),
                keep_id=keep_ids.get(model, True),
                name=name,
            )
            count = 0
            for item in Deserializer(records, using=alias):
                # Raw and forced inserts: the rows are written as they were
                # (auto_now dates kept), and the audit log's refusal of
                # updates is never touched.
                item.save(using=alias, force_insert=True)
                count += 1
            if count != expected:
                msg = f"{name} is damaged: it lists {expected} rows of {label} but holds {count}."
                raise OperationError(msg)
            total += count
            progress(f"{label}: {count} rows")
        # Checked now rather than at the commit, to report in plain words.
        connection.check_constraints(table_names=_tables(loaded))
        with connection.cursor() as cursor:
            # New rows must get ids after the restored ones (PostgreSQL keeps
            # sequences apart from the tables; SQLite needs nothing).
            for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
                cursor.execute(statement)
    except DeserializationError as error:
        # The error's own text can quote a row's values: only its kind is shown.
        msg = (
            f"The rows of {label} in {name} could not be read back "
            f"({type(error.__cause__ or error).__name__}). Nothing was restored."
        )
        raise OperationError(msg) from None
    except DatabaseError as error:
        # The first line names the table or constraint; the following ones
        # (PostgreSQL's DETAIL) can quote a row's values.
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        msg = f"{name} could not be loaded ({first_line}). Nothing was restored."
        raise OperationError(msg) from None
    return total


def _prepared(
    records: Iterable[dict[str, Any]], *, secret: list[str], keep_id: bool, name: str
) -> Iterator[dict[str, Any]]:
    for record in records:
        fields = record["fields"]
        for field_name in secret:
            # Saving encrypts again, under the newest configured key.
            if fields.get(field_name):
                try:
                    fields[field_name] = decrypt(fields[field_name])
                except (ImproperlyConfigured, ValueError) as error:
                    msg = f"{name}: {error} Nothing was restored."
                    raise OperationError(msg) from None
        if not keep_id:
            record.pop("pk", None)
        yield record


def _delete_rows(loaded: list[type[models.Model]], alias: str) -> None:
    # Plain DELETEs, not the ORM's: on_delete=PROTECT would stop the removal
    # of reference rows that the kept audit rows point at. Foreign keys are
    # checked at commit (they are deferred), when every row is back.
    connection = connections[alias]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in reversed(loaded):
            if model in APPEND_ONLY_MODELS:
                continue
            for table in _tables([model]):
                # Table names come from the models, never from the file.
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608


def _tables(loaded: list[type[models.Model]]) -> list[str]:
    """The models' tables, each after the link tables of its many-to-many fields."""
    tables = []
    for model in loaded:
        tables += [through._meta.db_table for _name, through in link_tables(model)]
        tables.append(model._meta.db_table)
    return tables


def stage_files(
    bundle: zipfile.ZipFile, entries: list[tuple[zipfile.ZipInfo, str]], root: Path, *, name: str
) -> Path | None:
    """Unpack the backup's files beside MEDIA_ROOT, to move in after the commit.

    A file already in MEDIA_ROOT with other content is never overwritten.
    """
    wanted = []
    for info, relative in entries:
        target = root / relative
        if target.is_symlink() or target.exists():
            if target.is_file() and not target.is_symlink() and _same(bundle, info, target):
                continue
            msg = (
                f"MEDIA_ROOT ({root}) already holds {relative}, with other content than the "
                "backup's. Move it out of the way and restore again. Nothing was changed."
            )
            raise OperationError(msg)
        wanted.append((info, relative))
    if not wanted:
        return None
    root.parent.mkdir(parents=True, exist_ok=True)
    # Beside MEDIA_ROOT, on the same file system, so that moving in is a rename.
    staging = Path(tempfile.mkdtemp(prefix=".thbhub-restore-", dir=root.parent))
    try:
        for info, relative in wanted:
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with bundle.open(info) as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
    except (OSError, zipfile.BadZipFile) as error:
        shutil.rmtree(staging, ignore_errors=True)
        msg = f"The files of {name} could not be unpacked ({error}). Nothing was changed."
        raise OperationError(msg) from None
    return staging


def move_staged(staging: Path, root: Path) -> None:
    """Move the unpacked files into MEDIA_ROOT, after the rows are committed."""
    try:
        for directory, _subdirectories, names in os.walk(staging):
            for file_name in names:
                source = Path(directory) / file_name
                target = root / source.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                source.replace(target)
    except OSError as error:
        msg = (
            f"The database was restored, but moving the files into MEDIA_ROOT ({root}) "
            f"failed ({error.strerror or error}). The files not yet moved are in {staging}: "
            "move them into MEDIA_ROOT by hand, keeping their folders."
        )
        raise OperationError(msg) from None
    shutil.rmtree(staging, ignore_errors=True)


def _same(bundle: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bool:
    if path.stat().st_size != info.file_size:
        return False
    block = 1 << 20
    with bundle.open(info) as archived, path.open("rb") as present:
        while True:
            left, right = archived.read(block), present.read(block)
            if left != right:
                return False
            if not left:
                return True
