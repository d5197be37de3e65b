"""Referral packages: encrypted, signed, and refused when tampered with."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.referrals.conftest import sent
from thbhub.referrals.codes import ReferralStatus
from thbhub.referrals.models import Referral
from thbhub.referrals.package import (
    PackageError,
    package_export,
    package_import,
    package_key_load,
    package_key_write,
    signing_key_load,
    signing_key_write,
    verify_key_parse,
)


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path, str]:
    key_file, signing_file = tmp_path / "partner.key", tmp_path / "hub.pem"
    package_key_write(key_file)
    public = signing_key_write(signing_file)
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    return key_file, signing_file, public


@pytest.fixture
def exported(worker, rs_trm, case, keys) -> tuple[Referral, bytes]:
    referral = sent(worker, rs_trm, case)
    data = package_export(
        actor=rs_trm,
        referral=referral,
        key=package_key_load(keys[0]),
        signing_key=signing_key_load(keys[1]),
    )
    return referral, data


def test_the_package_holds_no_clear_text_and_imports_once(exported, al_trm, keys):
    referral, data = exported
    assert b"Teodora" not in data
    assert b"Testovi" not in data
    imported = package_import(
        actor=al_trm, data=data, key=package_key_load(keys[0]), verify_key=verify_key_parse(keys[2])
    )
    assert imported.status == ReferralStatus.SENT
    assert imported.external_reference == referral.reference
    assert imported.case is None
    assert imported.shared()["items"]["identity"]["given_names"] == "Teodora"
    with pytest.raises(PackageError, match="imported already"):
        package_import(
            actor=al_trm,
            data=data,
            key=package_key_load(keys[0]),
            verify_key=verify_key_parse(keys[2]),
        )


def test_a_tampered_package_is_refused_and_nothing_is_stored(exported, al_trm, keys):
    _referral, data = exported
    envelope = json.loads(data)
    cipher = bytearray(base64.b64decode(envelope["ciphertext"]))
    cipher[10] ^= 1
    envelope["ciphertext"] = base64.b64encode(bytes(cipher)).decode()
    before = Referral.objects.count()
    with pytest.raises(PackageError, match="changed after it was signed"):
        package_import(
            actor=al_trm,
            data=json.dumps(envelope).encode(),
            key=package_key_load(keys[0]),
            verify_key=verify_key_parse(keys[2]),
        )
    assert Referral.objects.count() == before


def test_wrong_key_and_wrong_addressee_are_refused(exported, al_trm, users, keys, tmp_path):
    _referral, data = exported
    other = tmp_path / "other.key"
    package_key_write(other)
    with pytest.raises(PackageError, match="package key"):
        package_import(
            actor=al_trm,
            data=data,
            key=package_key_load(other),
            verify_key=verify_key_parse(keys[2]),
        )
    with pytest.raises(PackageError, match="addressed to AL"):
        package_import(
            actor=users["md.trm"],
            data=data,
            key=package_key_load(keys[0]),
            verify_key=verify_key_parse(keys[2]),
        )
    with pytest.raises(PackageError, match="not a THB Hub referral package"):
        package_import(
            actor=al_trm,
            data=b"hello",
            key=package_key_load(keys[0]),
            verify_key=verify_key_parse(keys[2]),
        )


def test_export_and_import_from_the_command_line(exported, keys, tmp_path, capsys):
    referral = exported[0]
    out = tmp_path / "referral.thbref"
    call_command(
        "referrals",
        "export-package",
        str(referral.pk),
        "--out",
        str(out),
        "--key",
        str(keys[0]),
        "--signing-key",
        str(keys[1]),
        "--as",
        "rs.trm",
    )
    assert out.exists()
    call_command(
        "referrals",
        "import-package",
        str(out),
        "--key",
        str(keys[0]),
        "--sender-key",
        keys[2],
        "--as",
        "al.trm",
    )
    assert "into your inbox" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no referral"):
        call_command(
            "referrals",
            "export-package",
            str(referral.pk),
            "--out",
            str(tmp_path / "x.thbref"),
            "--key",
            str(keys[0]),
            "--signing-key",
            str(keys[1]),
            "--as",
            "md.trm",
        )
