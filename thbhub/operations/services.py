"""Backup, restore and key rotation: each writes its audit entry."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction

from thbhub.audit.services import audit_record
from thbhub.operations import loading
from thbhub.operations.archive import OperationError, media_entries, open_archive, seal, unseal
from thbhub.operations.dumping import Archive, Progress, build_archive
from thbhub.operations.rotation import Rotated, encrypted_models, rotate_model


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: int
    models: int
    files: int
    bytes: int
    seconds: float


@dataclass(frozen=True)
class RestoreSummary:
    rows: int
    models: int
    files: int
    created_at: str
    seconds: float


def _quiet(_line: str) -> None:
    pass


def backup_create(
    *,
    out: Path,
    overwrite: bool = False,
    progress: Progress | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> BackupSummary:
    """Write an encrypted backup of the database and MEDIA_ROOT to ``out``.

    The rows are read from one snapshot; the audit entry is written after it,
    so the backup does not hold its own entry.
    """
    started = time.monotonic()
    out = Path(out).expanduser().absolute()
    if out.is_dir():
        msg = f"{out} is a folder: give the name of the backup file to write."
        raise OperationError(msg)
    if out.exists() and not overwrite:
        msg = f"{out} already exists: choose another name, or pass --overwrite to replace it."
        raise OperationError(msg)
    if not out.parent.is_dir():
        msg = f"The folder {out.parent} does not exist: create it first."
        raise OperationError(msg)
    archive = build_archive(alias=using, progress=progress or _quiet)
    sealed = seal(archive.content)
    try:
        _write_backup(out, sealed, archive, using=using)
    except OSError as error:
        msg = f"{out} could not be written ({error.strerror or error}); no backup was made."
        raise OperationError(msg) from None
    return BackupSummary(
        path=out,
        rows=archive.rows,
        models=len(archive.manifest["models"]),
        files=archive.files,
        bytes=len(sealed),
        seconds=time.monotonic() - started,
    )


def _write_backup(out: Path, sealed: bytes, archive: Archive, *, using: str) -> None:
    # Written beside the target and renamed, so that a crash never leaves a
    # half-written file under the backup's name. mkstemp makes it readable
    # by its owner only.
    handle, partial_name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    partial = Path(partial_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(sealed)
        with transaction.atomic(using=using):
            audit_record(
                actor=None,
                action="operations.backup",
                detail={
                    "rows": archive.rows,
                    "models": len(archive.manifest["models"]),
                    "files": archive.files,
                    "bytes": len(sealed),
                },
            )
            partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def backup_restore(
    *, path: Path, progress: Progress | None = None, using: str = DEFAULT_DB_ALIAS
) -> RestoreSummary:
    """Load a backup into an empty installation; a refusal changes nothing."""
    started = time.monotonic()
    report = progress or _quiet
    path = Path(path).expanduser()
    name = str(path)
    try:
        content = path.read_bytes()
    except OSError as error:
        msg = f"{name} cannot be read: {error.strerror or error}."
        raise OperationError(msg) from None
    bundle, manifest = open_archive(unseal(content, name=name), name=name)
    report(f"backup of {manifest.get('created_at')}, from {manifest.get('database_vendor')}")
    loading.check_migrations(manifest, using)
    contents = loading.backup_models(manifest, name=name)
    # Checked here so that nothing is unpacked for nothing, and again inside
    # the transaction that loads, where it counts.
    loading.check_empty(using)
    media_root = Path(settings.MEDIA_ROOT)
    entries = media_entries(bundle, name=name)
    staging = loading.stage_files(bundle, entries, media_root, name=name)
    committed = False

    def move_files_in() -> None:
        nonlocal committed
        committed = True
        if staging is not None:
            loading.move_staged(staging, media_root)

    try:
        with transaction.atomic(using=using):
            loading.check_empty(using)
            rows = loading.load_rows(bundle, contents, alias=using, name=name, progress=report)
            audit_record(
                actor=None,
                action="operations.restore",
                detail={
                    "rows": rows,
                    "models": len(contents),
                    "files": len(entries),
                    "backup_created_at": str(manifest.get("created_at", "")),
                },
            )
            # Files move in only once the rows are committed.
            transaction.on_commit(move_files_in, using=using)
    except BaseException:
        # After the commit the staged files are the only copy left outside
        # the backup: they stay for the operator (see move_staged's error).
        if staging is not None and not committed:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    report(f"files under MEDIA_ROOT: {len(entries)}")
    return RestoreSummary(
        rows=rows,
        models=len(contents),
        files=len(entries),
        created_at=str(manifest.get("created_at", "")),
        seconds=time.monotonic() - started,
    )


def keys_rotate(
    *, progress: Progress | None = None, batch_size: int = 500, using: str = DEFAULT_DB_ALIAS
) -> dict[str, Rotated]:
    """Re-encrypt every encrypted value under the first key of the list.

    One transaction: if any value cannot be read, nothing changes, and the
    older keys must stay listed until this has succeeded.
    """
    report = progress or _quiet
    result: dict[str, Rotated] = {}
    with transaction.atomic(using=using):
        for model, fields in encrypted_models():
            result[model._meta.label_lower] = rotate_model(
                model, fields, alias=using, batch_size=batch_size, progress=report
            )
        audit_record(
            actor=None,
            action="operations.rotate_keys",
            detail={
                "values": sum(item.values for item in result.values()),
                "models": {label: item.values for label, item in result.items()},
            },
        )
    return result
