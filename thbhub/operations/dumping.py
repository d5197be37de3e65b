"""Reading the database and MEDIA_ROOT into a backup archive."""

from __future__ import annotations

import contextlib
import datetime
import io
import itertools
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from thbhub.core.encryption import EncryptedTextField, encrypt
from thbhub.operations.archive import (
    FILES_DIR,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    data_name,
    dump_line,
    dump_manifest,
)

Progress = Callable[[str], None]

# Their ids are assigned by `migrate` and differ between installations, so
# rows refer to them by natural key; they are not in the backup themselves.
NATURAL_KEY_MODELS: tuple[type[models.Model], ...] = (ContentType, Permission)
BACKED_UP_DJANGO_APPS = {"django.contrib.auth"}
CHUNK = 1000


@dataclass(frozen=True)
class Archive:
    content: bytes
    manifest: dict[str, Any]
    rows: int
    files: int
    file_bytes: int


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds, each after the models it refers to."""
    chosen: list[type[models.Model]] = []
    for config in apps.get_app_configs():
        if not (config.name.startswith("thbhub.") or config.name in BACKED_UP_DJANGO_APPS):
            continue
        for model in config.get_models():
            meta = model._meta
            if model in NATURAL_KEY_MODELS or meta.proxy or not meta.managed:
                continue
            chosen.append(model)
    return _dependency_order(chosen)


def _dependency_order(chosen: list[type[models.Model]]) -> list[type[models.Model]]:
    # Loading in this order keeps every foreign key satisfied as rows arrive;
    # a cycle (none exists today) would be left to the deferred constraints.
    wanted = set(chosen)
    ordered: list[type[models.Model]] = []
    visiting: set[type[models.Model]] = set()

    def visit(model: type[models.Model]) -> None:
        if model in ordered or model in visiting:
            return
        visiting.add(model)
        for field in [*model._meta.concrete_fields, *model._meta.local_many_to_many]:
            target = field.related_model
            if isinstance(target, type) and target in wanted and target is not model:
                visit(target)
        visiting.discard(model)
        ordered.append(model)

    for model in chosen:
        visit(model)
    return ordered


def link_tables(model: type[models.Model]) -> list[tuple[str, type[models.Model]]]:
    """Many-to-many fields whose link table Django manages, with its model.

    Their links travel with the rows of ``model``; a declared ``through``
    model is backed up as a model of its own.
    """
    result = []
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        if through is not None and through._meta.auto_created:
            result.append((field.name, through))
    return result


def encrypted_field_names(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


@contextlib.contextmanager
def read_snapshot(alias: str) -> Iterator[None]:
    """Every read inside sees the database as it was at one moment."""
    connection = connections[alias]
    if connection.in_atomic_block:
        # The caller's transaction already decides what is visible.
        yield
        return
    if connection.vendor == "sqlite":
        # A deferred transaction reads one snapshot without taking the write
        # lock that Django's atomic() takes here (transaction_mode IMMEDIATE),
        # so the platform keeps working while a backup runs.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Must be the transaction's first statement to take effect.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def applied_migrations(alias: str) -> list[tuple[str, str]]:
    return sorted(MigrationRecorder(connections[alias]).applied_migrations())


def build_archive(*, alias: str, progress: Progress) -> Archive:
    """The zip archive of every backed-up row and every file under MEDIA_ROOT."""
    buffer = io.BytesIO()
    counts: dict[str, int] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, strict_timestamps=False) as bundle:
        with read_snapshot(alias):
            # The moment of the snapshot, give or take the first read.
            created_at = datetime.datetime.now(tz=datetime.UTC)
            migrations = applied_migrations(alias)
            natural_keys = _NaturalKeys(alias)
            for model in backed_up_models():
                label = model._meta.label_lower
                counts[label] = _write_model(bundle, model, alias, natural_keys)
                progress(f"{label}: {counts[label]} rows")
        files, file_bytes = _write_media(bundle, Path(settings.MEDIA_ROOT), progress)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at,
            "database_vendor": connections[alias].vendor,
            "migrations": migrations,
            # In load order: a restore reads the models in this order.
            "models": [[label, count] for label, count in counts.items()],
            "files": files,
        }
        bundle.writestr(MANIFEST, dump_manifest(manifest))
    return Archive(
        content=buffer.getvalue(),
        manifest=manifest,
        rows=sum(counts.values()),
        files=files,
        file_bytes=file_bytes,
    )


class _NaturalKeys:
    """Natural keys of the rows that are referred to by natural key, by id."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self._maps: dict[type[models.Model], dict[Any, Any]] = {}

    def of(self, model: type[models.Model]) -> dict[Any, Any]:
        if model not in self._maps:
            rows = model._base_manager.using(self.alias).all()
            if model is Permission:
                rows = rows.select_related("content_type")
            self._maps[model] = {row.pk: list(row.natural_key()) for row in rows}  # type: ignore[attr-defined]
        return self._maps[model]


def _write_model(
    bundle: zipfile.ZipFile, model: type[models.Model], alias: str, natural: _NaturalKeys
) -> int:
    meta = model._meta
    secret = encrypted_field_names(model)
    by_natural_key = {
        field.name: natural.of(field.related_model)
        for field in [*meta.concrete_fields, *meta.local_many_to_many]
        if field.related_model in NATURAL_KEY_MODELS and isinstance(field.related_model, type)
    }
    m2m = [field_name for field_name, _through in link_tables(model)]
    rows = model._base_manager.using(alias).order_by("pk").prefetch_related(*m2m)
    count = 0
    with bundle.open(data_name(meta.label_lower), "w", force_zip64=True) as handle:
        for chunk in _chunks(rows.iterator(chunk_size=CHUNK), CHUNK):
            lines = []
            for record in serializers.serialize("python", chunk):
                fields = record["fields"]
                for name in secret:
                    # Personal identifiers stay encrypted inside the archive too:
                    # once it is decrypted (by a restore, or to inspect it) it
                    # still shows none of them in clear text.
                    if fields[name]:
                        fields[name] = encrypt(fields[name])
                for name, keys in by_natural_key.items():
                    value = fields[name]
                    if isinstance(value, list):
                        fields[name] = [keys[item] for item in value]
                    elif value is not None:
                        fields[name] = keys[value]
                lines.append(dump_line(record))
            handle.write(b"".join(lines))
            count += len(lines)
    return count


def _chunks(rows: Iterable[models.Model], size: int) -> Iterator[list[models.Model]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _write_media(bundle: zipfile.ZipFile, root: Path, progress: Progress) -> tuple[int, int]:
    if not root.is_dir():
        return 0, 0
    count = size = 0
    # Links are not followed: one could point outside MEDIA_ROOT, for
    # instance at the key files.
    for directory, subdirectories, names in os.walk(root, followlinks=False):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_symlink() or not path.is_file():
                continue
            bundle.write(path, FILES_DIR + path.relative_to(root).as_posix())
            count += 1
            size += path.stat().st_size
    progress(f"files under MEDIA_ROOT: {count} ({size} bytes)")
    return count, size
