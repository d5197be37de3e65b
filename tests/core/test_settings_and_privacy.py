"""Production settings, field encryption at rest and log hygiene."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from cryptography.fernet import Fernet
from django.db import connection

from thbhub.core.logging import RedactSecretsFilter
from thbhub.directory.models import ContactPerson


def test_production_settings_pass_the_deployment_check(tmp_path) -> None:
    env = {
        **os.environ,
        "THBHUB_ENV": "production",
        "THBHUB_SECRET_KEY": Fernet.generate_key().decode() * 2,
        "THBHUB_FIELD_ENCRYPTION_KEYS": ",".join(Fernet.generate_key().decode() for _ in "ab"),
        "THBHUB_ALLOWED_HOSTS": "thbhub.example.org",
        "THBHUB_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "thbhub.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_keys(tmp_path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"THBHUB_SECRET_KEY", "THBHUB_FIELD_ENCRYPTION_KEYS"}
    }
    env.update({"THBHUB_ENV": "production", "THBHUB_DATA_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "-m", "thbhub.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "THBHUB_SECRET_KEY" in result.stderr
    assert not (tmp_path / "keys").exists()


def test_contact_details_are_encrypted_at_rest(db) -> None:
    contact = ContactPerson.objects.exclude(email="").first()
    assert contact is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT email, phone FROM directory_contactperson WHERE id = %s", [contact.pk]
        )
        email, phone = cursor.fetchone()
    assert email.startswith("fernet:")
    assert contact.email not in email
    assert contact.phone not in phone


def test_logs_never_carry_secrets() -> None:
    record = logging.LogRecord(
        "thbhub", logging.INFO, __file__, 1, "login password=%s token: %s", ("hunter2", "abc"), None
    )
    RedactSecretsFilter().filter(record)
    message = record.getMessage()
    assert "hunter2" not in message
    assert "abc" not in message
    stored = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "value fernet:gAAAAB123=", None, None
    )
    RedactSecretsFilter().filter(stored)
    assert "gAAAAB123" not in stored.getMessage()


def test_new_keys_are_made_before_any_configuration_exists(tmp_path) -> None:
    env = {**os.environ, "THBHUB_ENV": "production", "THBHUB_DATA_DIR": str(tmp_path)}
    for name in ("THBHUB_SECRET_KEY", "THBHUB_FIELD_ENCRYPTION_KEYS"):
        env.pop(name, None)
    fernet = subprocess.run(
        [sys.executable, "-m", "thbhub.cli", "newkey"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Fernet(fernet.encode())  # a valid key, or this raises
    secret = subprocess.run(
        [sys.executable, "-m", "thbhub.cli", "newkey", "--secret-key"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert len(secret) >= 50
    assert not any(tmp_path.iterdir())
