"""Referral packages: a referral as an encrypted, signed file.

For a partner not yet on the platform, a sent referral is exported as one
JSON file: its content encrypted with AES-256-GCM under a package key the
two contact points share (a key file written like the linkage keys, never
sent with the package), and signed with the sending installation's Ed25519
key. The receiving side imports it with the package key and the sender's
public key: a file changed after signing, signed by another key or
encrypted under another key is refused with what to do, and nothing is
stored.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.reference.models import Country
from thbhub.referrals.codes import (
    DIRECTION_OF,
    ReferralKind,
    ReferralPurpose,
    ReferralStatus,
    TimelineKind,
)
from thbhub.referrals.models import Referral, add_working_days
from thbhub.referrals.selectors import SENDER, audit_referral_read
from thbhub.referrals.services import acknowledge_working_days, audit, on_side, record

if TYPE_CHECKING:
    from thbhub.accounts.models import User

FORMAT = "thbhub-referral-package"
VERSION = 1
SECRET_BYTES = 32
_AAD = b"thbhub-referral-package-1"
_KEY_HEADER = "# THB Hub referral package key"


class PackageError(Exception):
    """A key or package file that cannot be used, with what to do about it."""


@dataclass(frozen=True)
class PackageKey:
    secret: bytes

    @property
    def key_id(self) -> str:
        return hashlib.sha256(self.secret).hexdigest()[:16]


def _create_private(path: Path, text: str, *, force: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        # Created readable by its owner only, never readable by others even briefly.
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        msg = f"{path}: the file already exists; choose another --out or add --force to replace it"
        raise PackageError(msg) from None
    except OSError as error:
        msg = f"{path}: cannot create the file ({error.strerror}); choose a writable folder"
        raise PackageError(msg) from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text)


def package_key_write(path: Path, *, force: bool = False) -> PackageKey:
    key = PackageKey(secrets.token_bytes(SECRET_BYTES))
    text = (
        f"{_KEY_HEADER}. Give it to the partner's contact point by a separate,\n"
        "# trusted channel, never together with a package.\n"
        f"key_id: {key.key_id}\n"
        f"secret: {base64.b64encode(key.secret).decode('ascii')}\n"
    )
    _create_private(path, text, force=force)
    return key


def package_key_load(path: Path) -> PackageKey:
    fix = "use the key file exactly as `thbhub referrals package-key` wrote it"
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        msg = (
            f"{path}: no such key file; create one with `thbhub referrals package-key --out {path}`"
        )
        raise PackageError(msg) from None
    except (OSError, UnicodeDecodeError) as error:
        msg = f"{path}: cannot read the key file ({error}); {fix}"
        raise PackageError(msg) from None
    fields = dict(
        line.split(": ", 1)
        for line in text.splitlines()
        if ": " in line and not line.startswith("#")
    )
    try:
        secret = base64.b64decode(fields["secret"], validate=True)
    except (KeyError, binascii.Error):
        msg = f"{path}: this is not a referral package key; {fix}"
        raise PackageError(msg) from None
    key = PackageKey(secret)
    if len(secret) != SECRET_BYTES or fields.get("key_id") != key.key_id:
        msg = f"{path}: the key file is damaged (its key id does not match); {fix}"
        raise PackageError(msg)
    return key


def signing_key_write(path: Path, *, force: bool = False) -> str:
    """Write the installation's signing key; return its public key to give to partners."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    _create_private(path, pem, force=force)
    return public_key_text(private.public_key())


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def signing_key_load(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        msg = f"{path}: no such signing key; create one with `thbhub referrals signing-key`"
        raise PackageError(msg) from None
    except (ValueError, TypeError):
        msg = f"{path}: not an Ed25519 signing key written by `thbhub referrals signing-key`"
        raise PackageError(msg) from None
    if not isinstance(key, Ed25519PrivateKey):
        msg = f"{path}: not an Ed25519 signing key written by `thbhub referrals signing-key`"
        raise PackageError(msg)
    return key


def verify_key_parse(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip(), validate=True))
    except (binascii.Error, ValueError):
        msg = (
            "The sender's public key is not valid: give the text the sender's "
            "`thbhub referrals signing-key` printed (44 characters ending in '=')."
        )
        raise PackageError(msg) from None


def _canonical(envelope: dict[str, Any]) -> bytes:
    return json.dumps(envelope, sort_keys=True, separators=(",", ":")).encode("utf-8")


def package_export(
    *, actor: User, referral: Referral, key: PackageKey, signing_key: Ed25519PrivateKey
) -> bytes:
    """The package of a referral the actor's country sent."""
    referral = on_side(actor, referral.pk, SENDER, Perm.REFERRALS_SEND)
    if referral.status in (ReferralStatus.DRAFT, ReferralStatus.REVOKED):
        raise ValidationError(
            _("Referral %(reference)s is %(status)s: only a sent referral can be exported.")
            % {"reference": referral.reference, "status": referral.get_status_display().lower()}
        )
    payload = {
        "reference": referral.reference,
        "from_country": referral.from_country_id,
        "to_country": referral.to_country_id,
        "purpose": referral.purpose,
        "kind": referral.kind,
        "needs": referral.needs,
        "child": referral.child,
        "sent_at": referral.sent_at.isoformat() if referral.sent_at else None,
        "shared": referral.shared(),
    }
    nonce = secrets.token_bytes(12)
    ciphertext = AESGCM(key.secret).encrypt(
        nonce, json.dumps(payload, ensure_ascii=False).encode("utf-8"), _AAD
    )
    envelope = {
        "format": FORMAT,
        "version": VERSION,
        "key_id": key.key_id,
        "signer": public_key_text(signing_key.public_key()),
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "ciphertext": base64.b64encode(ciphertext).decode("ascii"),
    }
    signature = signing_key.sign(_canonical(envelope))
    with transaction.atomic():
        audit_referral_read(actor, referral, purpose="export", items=list(referral.shared_items))
        audit(actor, "referrals.package.export", referral, key_id=key.key_id)
    signed = {**envelope, "signature": base64.b64encode(signature).decode("ascii")}
    return json.dumps(signed, indent=1).encode("utf-8")


def _open(data: bytes, key: PackageKey, verify_key: Ed25519PublicKey) -> dict[str, Any]:
    try:
        envelope = json.loads(data.decode("utf-8"))
        signature = base64.b64decode(envelope.pop("signature"), validate=True)
        if envelope.get("format") != FORMAT:
            raise ValueError
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        msg = _(
            "This is not a THB Hub referral package (or it is damaged): ask the sender for "
            "the file exactly as `thbhub referrals export-package` wrote it."
        )
        raise PackageError(msg) from None
    if envelope.get("version") != VERSION:
        raise PackageError(
            _("Package version %(version)s is not supported: ask for a version %(supported)s.")
            % {"version": envelope.get("version"), "supported": VERSION}
        )
    try:
        verify_key.verify(signature, _canonical(envelope))
    except InvalidSignature:
        raise PackageError(
            _(
                "The package's signature does not match: it was changed after it was signed, "
                "or signed by another key than the sender's public key you gave. Nothing was "
                "imported. Ask the sender for a new copy and check the public key with them."
            )
        ) from None
    if envelope.get("key_id") != key.key_id:
        raise PackageError(
            _(
                "The package was encrypted with the package key %(theirs)s, not with this key "
                "(%(ours)s): use the key file agreed with the sender."
            )
            % {"theirs": envelope.get("key_id"), "ours": key.key_id}
        )
    try:
        plain = AESGCM(key.secret).decrypt(
            base64.b64decode(envelope["nonce"]), base64.b64decode(envelope["ciphertext"]), _AAD
        )
        return dict(json.loads(plain.decode("utf-8")))
    except (InvalidTag, ValueError, KeyError, binascii.Error):
        raise PackageError(
            _("The package cannot be decrypted with this key: ask the sender for a new copy.")
        ) from None


def package_import(
    *, actor: User, data: bytes, key: PackageKey, verify_key: Ed25519PublicKey
) -> Referral:
    """Import a package into the actor's country's inbox, as a sent referral."""
    from thbhub.access.policies import require  # noqa: PLC0415 — kept beside its only use

    require(actor, Perm.REFERRALS_SEND)
    payload = _open(data, key, verify_key)
    to_country = str(payload.get("to_country", ""))
    if to_country != actor.country_id:
        raise PackageError(
            _(
                "The package is addressed to %(to)s, not to your country (%(ours)s): "
                "only the addressee's contact point can import it."
            )
            % {"to": to_country, "ours": actor.country_id}
        )
    from_country = str(payload.get("from_country", ""))
    purpose, kind = payload.get("purpose"), payload.get("kind")
    reference = str(payload.get("reference", ""))[:60]
    if (
        from_country == to_country
        or not Country.objects.filter(code=from_country).exists()
        or purpose not in ReferralPurpose.values
        or kind not in ReferralKind.values
        or not reference
        or not isinstance(payload.get("shared"), dict)
    ):
        raise PackageError(_("The package's content is incomplete: ask the sender for a new copy."))
    if Referral.objects.filter(to_country_id=to_country, external_reference=reference).exists():
        raise PackageError(
            _("Referral %(reference)s was imported already: it is in your inbox.")
            % {"reference": reference}
        )
    shared: dict[str, Any] = payload["shared"]
    with transaction.atomic():
        referral = Referral.objects.create(
            from_country_id=from_country,
            to_country_id=to_country,
            purpose=str(purpose),
            direction=DIRECTION_OF[str(purpose)],
            kind=str(kind),
            needs=[str(need) for need in payload.get("needs", [])],
            child=bool(payload.get("child")),
            status=ReferralStatus.SENT,
            shared_items=sorted(shared.get("items", {})),
            snapshot=json.dumps(shared, ensure_ascii=False, sort_keys=True),
            sent_at=timezone.now(),
            acknowledge_by=add_working_days(timezone.localdate(), acknowledge_working_days()),
            external_reference=reference,
        )
        record(
            referral,
            TimelineKind.SENT,
            actor,
            country_id=to_country,
            imported=True,
            sender_reference=reference,
        )
        audit(actor, "referrals.package.import", referral, sender_reference=reference)
    return referral
