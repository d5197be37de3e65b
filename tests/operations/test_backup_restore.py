"""thbhub backup and thbhub restore, on the demo data set."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyotp
import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.contrib.auth.models import Group, Permission
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from tests.conftest import ensure_demo_data
from thbhub.accounts.models import TOTPDevice, User
from thbhub.audit.models import AuditEvent
from thbhub.audit.services import audit_record
from thbhub.core.encryption import cipher, decrypt
from thbhub.directory.models import ContactPerson
from thbhub.jobs.models import Job
from thbhub.operations import archive
from thbhub.operations.dumping import backed_up_models
from thbhub.reference import loading as reference_loading
from thbhub.reference.models import Code, CodeListVersion, Country, Population

FILES = {"uploads/2026/register.xlsx": b"PK\x03\x04 a spreadsheet", "notes.txt": "Ž č ć".encode()}


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    for relative, content in FILES.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(content)
    return root


def _backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", out=str(path), stdout=out)
    return out.getvalue()


def _restore(path: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    return out.getvalue()


def _rows() -> dict[str, list[dict[str, Any]]]:
    """Every backed-up row, decrypted, as Django serialises it."""
    return {
        model._meta.label_lower: serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in backed_up_models()
    }


def _new_installation() -> None:
    """What `thbhub migrate` leaves in a new database: tables and reference data."""
    call_command("flush", interactive=False, verbosity=0)
    # One transaction, as in the migration: a commit per row is slow on PostgreSQL.
    with transaction.atomic():
        reference_loading.load_countries(Country)
        reference_loading.load_codelists(CodeListVersion, Code)
        reference_loading.load_population(Population)


def _forge(path: Path, edit: Callable[[dict[str, bytes]], None]) -> None:
    """Change a backup's archive and seal it again with the configured key."""
    sealed = archive.unseal(path.read_bytes(), name=path.name)
    with zipfile.ZipFile(io.BytesIO(sealed)) as bundle:
        entries = {name: bundle.read(name) for name in bundle.namelist()}
    edit(entries)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name, content in entries.items():
            bundle.writestr(name, content)
    path.write_bytes(archive.seal(buffer.getvalue()))


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_new_installation_brings_everything_back(
    settings, media: Path, tmp_path: Path
):
    ensure_demo_data()
    user = User.objects.get(username="rs.coordinator")
    secret = pyotp.random_base32()
    TOTPDevice.objects.create(user=user, secret=secret)
    audit_record(actor=user, action="test.before_backup")
    # Links to permissions travel by natural key; a job has a UUID key.
    group = Group.objects.create(name="Reviewers")
    group.permissions.add(Permission.objects.get(codename="view_auditevent"))
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="change_contactperson"))
    Job.objects.create(kind="test", title="A job", owner=user, params={"names": ["Uroš"]})
    contact = ContactPerson.objects.order_by("pk").first()
    assert contact is not None and contact.email and contact.phone
    before = _rows()
    backup = tmp_path / "thbhub.backup"

    output = _backup(backup)

    assert f"{sum(len(rows) for rows in before.values())} rows" in output
    assert all(key not in output for key in settings.FIELD_ENCRYPTION_KEYS)
    _new_installation()
    for relative in FILES:
        (media / relative).unlink()
    # A backup made before a key rotation restores while its key is listed.
    settings.FIELD_ENCRYPTION_KEYS = [
        Fernet.generate_key().decode(),
        *settings.FIELD_ENCRYPTION_KEYS,
    ]
    # A different file where the backup has one is never overwritten.
    (media / "notes.txt").write_bytes(b"another file")
    with pytest.raises(CommandError, match=r"already holds notes\.txt"):
        _restore(backup)
    assert not User.objects.exists()
    (media / "notes.txt").unlink()

    _restore(backup)

    after = _rows()
    assert {label: len(rows) for label, rows in after.items() if label != "audit.auditevent"} == {
        label: len(rows) for label, rows in before.items() if label != "audit.auditevent"
    }
    assert {label: rows for label, rows in after.items() if label != "audit.auditevent"} == {
        label: rows for label, rows in before.items() if label != "audit.auditevent"
    }
    # The audit log: every row of the backup, then the restore's own entry.
    audit_before = before["audit.auditevent"]
    assert after["audit.auditevent"][: len(audit_before)] == audit_before
    assert [row["fields"]["action"] for row in after["audit.auditevent"][len(audit_before) :]] == [
        "operations.restore"
    ]
    restored = ContactPerson.objects.get(pk=contact.pk)
    assert (restored.email, restored.phone) == (contact.email, contact.phone)
    assert TOTPDevice.objects.get(user__username="rs.coordinator").secret == secret
    for relative, content in FILES.items():
        assert (media / relative).read_bytes() == content
    assert not list(tmp_path.glob(".thbhub-restore-*"))
    # New rows get ids after the restored ones (PostgreSQL's sequences reset).
    newest = audit_record(actor=None, action="test.after_restore")
    assert newest.pk > max(row["pk"] for row in after["audit.auditevent"])


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_fails_while_loading_changes_nothing(media: Path, tmp_path: Path):
    ensure_demo_data()
    backup = tmp_path / "thbhub.backup"
    _backup(backup)

    def break_a_reference(entries: dict[str, bytes]) -> None:
        name = archive.data_name("directory.contactperson")
        lines = entries[name].splitlines()
        record = json.loads(lines[-1])
        record["fields"]["institution"] = 999_999
        entries[name] = b"\n".join([*lines[:-1], json.dumps(record).encode()]) + b"\n"

    _forge(backup, break_a_reference)
    _new_installation()
    for relative in FILES:
        (media / relative).unlink()
    countries = Country.objects.count()

    with pytest.raises(CommandError, match="could not be loaded"):
        _restore(backup)

    assert not User.objects.exists()
    assert not ContactPerson.objects.exists()
    assert Country.objects.count() == countries
    assert not AuditEvent.objects.filter(action="operations.restore").exists()
    assert not any(path.is_file() for path in media.rglob("*"))
    assert not list(tmp_path.glob(".thbhub-restore-*"))


def test_the_backup_holds_no_clear_text_and_needs_the_key(db, settings, media: Path, tmp_path):
    contact = ContactPerson.objects.exclude(email="").order_by("pk").first()
    assert contact is not None
    backup = tmp_path / "thbhub.backup"

    _backup(backup)

    content = backup.read_bytes()
    if os.name == "posix":
        assert backup.stat().st_mode & 0o077 == 0
    assert contact.email.encode() not in content
    assert contact.phone.encode() not in content
    token = content.splitlines()[2]
    with pytest.raises(InvalidToken):
        Fernet(Fernet.generate_key()).decrypt(token)
    zipped = cipher().decrypt(token)
    assert contact.email.encode() not in zipped
    with zipfile.ZipFile(io.BytesIO(zipped)) as bundle:
        unpacked = {name: bundle.read(name) for name in bundle.namelist()}
        manifest = json.loads(unpacked["manifest.json"])
    for name, entry in unpacked.items():
        assert contact.email.encode() not in entry, name
        assert contact.phone.encode() not in entry, name
    records = [
        json.loads(line)
        for line in unpacked[archive.data_name("directory.contactperson")].splitlines()
    ]
    stored = next(record for record in records if record["pk"] == contact.pk)["fields"]
    assert decrypt(stored["email"]) == contact.email
    assert manifest["database_vendor"] in {"sqlite", "postgresql"}
    assert manifest["created_at"].endswith("+00:00")
    assert dict(manifest["models"])["directory.contactperson"] == ContactPerson.objects.count()
    assert ["accounts", "0001_initial"] in manifest["migrations"]
    labels = [label for label, _count in manifest["models"]]
    assert labels.index("reference.country") < labels.index("directory.institution")
    assert labels.index("directory.institution") < labels.index("accounts.user")
    assert not {"contenttypes.contenttype", "auth.permission", "sessions.session"} & set(labels)
    assert {f"files/{relative}" for relative in FILES} <= set(unpacked)
    audited = AuditEvent.objects.filter(action="operations.backup").get()
    assert audited.detail == {
        "rows": sum(count for _label, count in manifest["models"]),
        "models": len(manifest["models"]),
        "files": len(FILES),
        "bytes": len(content),
    }


def test_restore_refuses_an_installation_that_is_not_empty(db, media: Path, tmp_path: Path):
    backup = tmp_path / "thbhub.backup"
    _backup(backup)
    (media / "notes.txt").write_bytes(b"changed since the backup")
    before = {label: len(rows) for label, rows in _rows().items()}

    with pytest.raises(CommandError, match="not empty") as refusal:
        _restore(backup)

    assert "no user accounts and no contact persons" in str(refusal.value)
    assert "thbhub migrate" in str(refusal.value)
    assert {label: len(rows) for label, rows in _rows().items()} == before
    assert (media / "notes.txt").read_bytes() == b"changed since the backup"


def test_restore_with_another_key_names_the_setting(db, settings, media: Path, tmp_path):
    backup = tmp_path / "thbhub.backup"
    _backup(backup)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(CommandError, match="cannot be decrypted") as refusal:
        _restore(backup)

    assert "THBHUB_FIELD_ENCRYPTION_KEYS" in str(refusal.value)
    assert settings.FIELD_ENCRYPTION_KEYS[0] not in str(refusal.value)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda content: content[: len(content) // 2], "damaged"),
        (lambda content: content[:-1], "damaged"),
        (lambda content: content[:-60] + bytes([content[-60] ^ 1]) + content[-59:], "damaged"),
        (lambda content: b"PK\x03\x04" + content, "not a THB Hub backup"),
        (lambda _content: b"", "not a THB Hub backup"),
    ],
    ids=["truncated", "last-byte-missing", "one-bit-changed", "other-file", "empty"],
)
def test_restore_refuses_a_damaged_file(db, media: Path, tmp_path: Path, damage, message):
    backup = tmp_path / "thbhub.backup"
    _backup(backup)
    backup.write_bytes(damage(backup.read_bytes()))

    with pytest.raises(CommandError, match=message) as refusal:
        _restore(backup)

    assert "thbhub.backup" in str(refusal.value)


def test_restore_names_the_first_migration_that_differs(db, media: Path, tmp_path: Path):
    backup = tmp_path / "thbhub.backup"
    _backup(backup)

    def from_a_newer_version(entries: dict[str, bytes]) -> None:
        manifest = json.loads(entries["manifest.json"])
        manifest["migrations"].append(["directory", "0099_future"])
        entries["manifest.json"] = json.dumps(manifest).encode()

    _forge(backup, from_a_newer_version)
    with pytest.raises(CommandError, match=r"directory\.0099_future.*upgrade THB Hub"):
        _restore(backup)

    def from_an_older_version(entries: dict[str, bytes]) -> None:
        manifest = json.loads(entries["manifest.json"])
        manifest["migrations"].remove(["directory", "0099_future"])
        manifest["migrations"].remove(["audit", "0002_append_only_trigger"])
        entries["manifest.json"] = json.dumps(manifest).encode()

    _forge(backup, from_an_older_version)
    with pytest.raises(CommandError, match=r"audit\.0002_append_only_trigger.*Downgrade"):
        _restore(backup)


def test_backup_does_not_overwrite_a_file(db, media: Path, tmp_path: Path):
    backup = tmp_path / "thbhub.backup"
    backup.write_bytes(b"an earlier backup")

    with pytest.raises(CommandError, match="already exists"):
        _backup(backup)

    assert backup.read_bytes() == b"an earlier backup"
