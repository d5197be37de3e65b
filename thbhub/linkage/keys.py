"""The secret shared by the participating countries, and its public identifier.

The key file holds a random 32-byte secret. Its key id (the first 16 hex
characters of the secret's SHA-256) travels with every encoding so that the
hub can refuse to compare encodings made with different keys; it reveals
nothing usable about the secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from thbhub.linkage import LinkageError

SECRET_BYTES = 32
_HEADER = "# THB Hub linkage key"
_FIX = (
    "use the key file exactly as `thbhub linkage keygen --out KEY` wrote it, "
    "or ask the country that generated the key for a fresh copy"
)


@dataclass(frozen=True)
class LinkageKey:
    secret: bytes

    @property
    def key_id(self) -> str:
        return key_id_of(self.secret)


def key_id_of(secret: bytes) -> str:
    return hashlib.sha256(secret).hexdigest()[:16]


def generate_key() -> LinkageKey:
    return LinkageKey(secrets.token_bytes(SECRET_BYTES))


def write_key(key: LinkageKey, path: Path, *, force: bool = False) -> None:
    """Write the key readable by its owner only; never overwrite by accident."""
    text = (
        f"{_HEADER}. Share it only with the statisticians of the participating\n"
        "# countries, never with the hub, and never upload it anywhere.\n"
        f"key_id: {key.key_id}\n"
        f"secret: {base64.b64encode(key.secret).decode('ascii')}\n"
    )
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        # The mode is given at creation so the secret is never readable by others,
        # not even for the moment between writing and a later chmod.
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        msg = f"{path}: the file already exists; choose another --out or add --force to replace it"
        raise LinkageError(msg) from None
    except OSError as error:
        msg = f"{path}: cannot create the key file ({error.strerror}); choose a writable folder"
        raise LinkageError(msg) from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text)
    path.chmod(0o600)


def load_key(path: Path) -> LinkageKey:
    """Read a key file; a malformed one gives an error naming the file and the fix."""
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        msg = f"{path}: no such key file; create one with `thbhub linkage keygen --out {path}`"
        raise LinkageError(msg) from None
    except (OSError, UnicodeDecodeError) as error:
        msg = f"{path}: cannot read the key file ({error}); {_FIX}"
        raise LinkageError(msg) from None
    fields: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, sep, value = stripped.partition(":")
        if not sep or name.strip() not in {"key_id", "secret"}:
            msg = f"{path}, line {number}: unexpected line {stripped[:40]!r}; {_FIX}"
            raise LinkageError(msg)
        fields[name.strip()] = value.strip()
    if "secret" not in fields or "key_id" not in fields:
        msg = f"{path}: the key file needs a 'key_id:' and a 'secret:' line; {_FIX}"
        raise LinkageError(msg)
    try:
        secret = base64.b64decode(fields["secret"], validate=True)
    except (binascii.Error, ValueError):
        msg = f"{path}: the secret is not valid base64; {_FIX}"
        raise LinkageError(msg) from None
    if len(secret) != SECRET_BYTES:
        msg = f"{path}: the secret has {len(secret)} bytes instead of {SECRET_BYTES}; {_FIX}"
        raise LinkageError(msg)
    if key_id_of(secret) != fields["key_id"]:
        msg = f"{path}: the key id does not match the secret (the file was altered); {_FIX}"
        raise LinkageError(msg)
    return LinkageKey(secret)
