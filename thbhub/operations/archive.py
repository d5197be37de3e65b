"""The backup file: a header line, a key check and one encrypted zip archive.

    THBHUB-BACKUP 1
    <Fernet token of a fixed text>
    <Fernet token of the zip archive>

The key check lets a restore tell "wrong key" from "damaged file": Fernet
alone reports both as the same invalid token. The zip holds
``manifest.json``, ``data/<app_label>.<model>.jsonl`` (one serialised row a
line, in load order) and ``files/<path>`` (the files under MEDIA_ROOT).
"""

from __future__ import annotations

import datetime
import decimal
import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from cryptography.fernet import InvalidToken

from thbhub.core.encryption import cipher

MAGIC = b"THBHUB-BACKUP"
FORMAT = "thbhub-backup"
FORMAT_VERSION = 1
KEY_CHECK = b"THB Hub backup key check"
MANIFEST = "manifest.json"
DATA_DIR = "data/"
FILES_DIR = "files/"

KEYS_SETTING = "THBHUB_FIELD_ENCRYPTION_KEYS"


class OperationError(Exception):
    """A backup, restore or key rotation refused; the message says what to do."""


def seal(archive: bytes) -> bytes:
    """The backup file's bytes: the archive encrypted under the newest key."""
    fernet = cipher()
    return b"".join(
        [
            MAGIC + b" " + str(FORMAT_VERSION).encode("ascii") + b"\n",
            fernet.encrypt(KEY_CHECK) + b"\n",
            fernet.encrypt(archive) + b"\n",
        ]
    )


def unseal(content: bytes, *, name: str) -> bytes:
    """The archive inside a backup file, or an OperationError saying why not."""
    header, _newline, rest = content.partition(b"\n")
    magic, _space, version = header.partition(b" ")
    if magic != MAGIC:
        msg = (
            f"{name} is not a THB Hub backup (it does not start with the {MAGIC.decode()} "
            "header). Give the file written by `thbhub backup --out FILE`."
        )
        raise OperationError(msg)
    if version != str(FORMAT_VERSION).encode("ascii"):
        msg = (
            f"{name} is a THB Hub backup in format {version.decode('ascii', 'replace')!r}, "
            f"which this version does not read (it reads format {FORMAT_VERSION}). "
            "Restore it with the THB Hub version that wrote it, or a newer one."
        )
        raise OperationError(msg)
    lines = rest.split(b"\n")
    # A complete file ends with a newline after the archive token; a copy cut
    # short anywhere lacks it or has a token that fails its integrity check.
    if len(lines) != 3 or lines[2] != b"":
        raise OperationError(_damaged(name))
    key_check, token = lines[0], lines[1]
    fernet = cipher()
    key_matches = True
    try:
        fernet.decrypt(key_check)
    except InvalidToken:
        key_matches = False
    try:
        return fernet.decrypt(token)
    except InvalidToken:
        if key_matches:
            raise OperationError(_damaged(name)) from None
        msg = (
            f"{name} cannot be decrypted with the keys in {KEYS_SETTING}. A backup is "
            "encrypted with the key that was first in that list when the backup was made: "
            f"add that key to {KEYS_SETTING} (after the current ones) and restore again."
        )
        raise OperationError(msg) from None


def _damaged(name: str) -> str:
    return (
        f"{name} is damaged or was changed after it was written: its integrity check "
        "fails (a truncated copy fails it too). Nothing was restored; use another copy "
        "of the backup."
    )


class _Encoder(json.JSONEncoder):
    """Full-precision dates and times: Django's encoder cuts microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, decimal.Decimal | uuid.UUID):
            return str(o)
        return super().default(o)


def dump_line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, cls=_Encoder, ensure_ascii=False).encode("utf-8") + b"\n"


def dump_manifest(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, cls=_Encoder, indent=2, ensure_ascii=False).encode("utf-8")


def data_name(label: str) -> str:
    return f"{DATA_DIR}{label}.jsonl"


def open_archive(archive: bytes, *, name: str) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    """The zip and its manifest, checked for the format this version reads."""
    try:
        bundle = zipfile.ZipFile(io.BytesIO(archive))
        manifest = json.loads(bundle.read(MANIFEST))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise OperationError(_damaged(name)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise OperationError(_damaged(name))
    if manifest.get("format_version") != FORMAT_VERSION:
        msg = (
            f"{name} has an archive in format {manifest.get('format_version')!r}; this "
            f"version reads format {FORMAT_VERSION}. Restore it with the THB Hub version "
            "that wrote it."
        )
        raise OperationError(msg)
    return bundle, manifest


def read_records(bundle: zipfile.ZipFile, label: str, *, name: str) -> Iterator[dict[str, Any]]:
    """The serialised rows of one model, one at a time."""
    try:
        with bundle.open(data_name(label)) as handle:
            for line in handle:
                yield json.loads(line)
    except (KeyError, ValueError, zipfile.BadZipFile):
        raise OperationError(_damaged(name)) from None


def media_entries(bundle: zipfile.ZipFile, *, name: str) -> list[tuple[zipfile.ZipInfo, str]]:
    """The archive's files with their paths below MEDIA_ROOT.

    A path that would leave MEDIA_ROOT is refused even though the archive is
    authenticated: a restore must not write outside the directory it owns.
    """
    entries = []
    for info in bundle.infolist():
        if not info.filename.startswith(FILES_DIR) or info.is_dir():
            continue
        text = info.filename[len(FILES_DIR) :]
        relative = PurePosixPath(text)
        # Backslashes and drive letters are separators on Windows servers.
        unsafe = "\\" in text or ":" in text or ".." in relative.parts
        if unsafe or relative.is_absolute() or not relative.parts:
            raise OperationError(_damaged(name))
        entries.append((info, relative.as_posix()))
    return entries
