"""thbhub rotate_keys: after it, the newest key alone reads every value."""

from __future__ import annotations

import io

import pyotp
import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from thbhub.accounts.models import TOTPDevice, User
from thbhub.audit.models import AuditEvent
from thbhub.core.encryption import PREFIX
from thbhub.directory.models import ContactPerson
from thbhub.operations.rotation import encrypted_models


def _clear_values() -> dict[str, str]:
    values = {}
    for contact in ContactPerson.objects.all():
        values[f"contact {contact.pk} email"] = contact.email
        values[f"contact {contact.pk} phone"] = contact.phone
    for device in TOTPDevice.objects.all():
        values[f"device {device.pk}"] = device.secret
    return values


def _stored_values() -> list[str]:
    """The encrypted texts as they are in the database, not decrypted."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, phone FROM directory_contactperson")
        stored = [value for row in cursor.fetchall() for value in row if value]
        cursor.execute("SELECT secret FROM accounts_totpdevice")
        stored += [row[0] for row in cursor.fetchall()]
    return stored


def _every_stored_value_count() -> int:
    quote = connection.ops.quote_name
    count = 0
    with connection.cursor() as cursor:
        for model, fields in encrypted_models():
            for field in fields:
                table, column = quote(model._meta.db_table), quote(field.column)
                cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} <> ''")  # noqa: S608 — names from the models
                count += cursor.fetchone()[0]
    return count


@pytest.fixture
def totp_device(db) -> TOTPDevice:
    user = User.objects.get(username="secretariat")
    return TOTPDevice.objects.create(user=user, secret=pyotp.random_base32())


def test_after_rotation_only_the_new_key_is_needed(settings, totp_device):
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    new_key = Fernet.generate_key().decode()
    before = _clear_values()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *old_keys]
    out = io.StringIO()

    call_command("rotate_keys", stdout=out)

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert _clear_values() == before
    new_only = Fernet(new_key.encode())
    stored = _stored_values()
    assert len(stored) == len([value for value in before.values() if value])
    for value in stored:
        assert value.startswith(PREFIX)
        new_only.decrypt(value[len(PREFIX) :].encode())
    contacts = ContactPerson.objects.count()
    assert f"directory.contactperson: {2 * contacts} values in {contacts} rows" in out.getvalue()
    assert "accounts.totpdevice: 1 values in 1 rows" in out.getvalue()
    assert all(key not in out.getvalue() for key in [new_key, *old_keys])
    entry = AuditEvent.objects.get(action="operations.rotate_keys")
    # The entry counts the values of every model with encrypted fields.
    assert entry.detail["values"] == _every_stored_value_count()
    assert entry.detail["values"] >= len(stored)


def test_rotation_without_the_old_key_changes_nothing(settings, totp_device):
    stored = sorted(_stored_values())
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(CommandError, match="THBHUB_FIELD_ENCRYPTION_KEYS"):
        call_command("rotate_keys", stdout=io.StringIO())

    assert sorted(_stored_values()) == stored
    assert not AuditEvent.objects.filter(action="operations.rotate_keys").exists()
