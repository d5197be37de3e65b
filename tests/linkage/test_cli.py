"""The whole run from the command line: two countries encode, the hub links."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from tests.linkage.conftest import PEOPLE
from thbhub.cli import main as thbhub
from thbhub.linkage.encoding import SCHEME
from thbhub.linkage.keys import load_key
from thbhub.linkage.synthetic import write_register


def run(*args: object) -> object:
    with pytest.raises(SystemExit) as stop:
        thbhub(["linkage", *map(str, args)])
    return stop.value.code


def encode(
    tmp_path: Path, key_file: Path, rows: list[dict[str, str]], country: str, delimiter: str = ","
) -> Path:
    register = tmp_path / f"{country}-register.csv"
    write_register(register, rows, delimiter)
    out = tmp_path / f"{country}.csv"
    assert run("encode", register, "--key-file", key_file, "--country", country, "--out", out) == 0
    return out


def test_two_countries_count_each_shared_victim_once(tmp_path, key_file, two_registers, capsys):
    cyrillic, latin = two_registers
    serbia = encode(tmp_path, key_file, cyrillic, "RS")
    bosnia = encode(tmp_path, key_file, latin, "BA", delimiter=";")
    matches = tmp_path / "matches.csv"
    assert run("link", serbia, bosnia, "--out", matches) == 0
    with matches.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "cluster_id",
        "country_a",
        "record_id_a",
        "country_b",
        "record_id_b",
        "score",
    ]
    pairs = {(row["record_id_a"], row["record_id_b"]) for row in rows}
    # Fixture ids: RS-i in one register is BA-(50 - i) in the other.
    assert pairs == {(f"BA-{PEOPLE - i:03d}", f"RS-{i:03d}") for i in range(PEOPLE)}
    assert len({row["cluster_id"] for row in rows}) == PEOPLE
    output = capsys.readouterr().out
    assert (
        f"Records: {2 * PEOPLE}; merged as duplicates: {PEOPLE}; de-duplicated count: {PEOPLE}."
        in output
    )


def test_duplicates_within_one_country_are_found(tmp_path, key_file, two_registers, capsys):
    cyrillic, _ = two_registers
    again = [dict(row, record_id=f"{row['record_id']}-bis") for row in cyrillic[:3]]
    serbia = encode(tmp_path, key_file, cyrillic + again, "RS")
    assert run("link", serbia, "--out", tmp_path / "matches.csv") == 0
    assert (
        f"Records: {PEOPLE + 3}; merged as duplicates: 3; de-duplicated count: {PEOPLE}."
        in capsys.readouterr().out
    )


def test_encodings_made_with_different_keys_are_never_compared(
    tmp_path, key_file, two_registers, capsys
):
    other_key = tmp_path / "other.key"
    assert run("keygen", "--out", other_key) == 0
    assert load_key(other_key).key_id != load_key(key_file).key_id
    serbia = encode(tmp_path, key_file, two_registers[0], "RS")
    bosnia = encode(tmp_path, other_key, two_registers[1], "BA")
    matches = tmp_path / "matches.csv"
    assert run("link", serbia, bosnia, "--out", matches) == 1
    error = capsys.readouterr().err
    assert "different keys" in error and str(serbia) in error and str(bosnia) in error
    assert not matches.exists()


def test_encodings_of_different_schemes_are_never_compared(
    tmp_path, key_file, two_registers, capsys
):
    serbia = encode(tmp_path, key_file, two_registers[0], "RS")
    bosnia = encode(tmp_path, key_file, two_registers[1], "BA")
    # Bosnia's file as a THB Hub from before the scheme column wrote it.
    lines = bosnia.read_text(encoding="utf-8").splitlines()
    scheme = lines[0].split(",").index("scheme")
    bosnia.write_text(
        "\n".join(
            ",".join(c for n, c in enumerate(line.split(",")) if n != scheme) for line in lines
        ),
        encoding="utf-8",
    )
    matches = tmp_path / "matches.csv"
    assert run("link", serbia, bosnia, "--out", matches) == 1
    error = capsys.readouterr().err
    assert f"{serbia} (scheme {SCHEME})" in error and f"{bosnia} (scheme 1)" in error
    assert "encode its register again with the same version" in error
    assert not matches.exists()


def test_a_bad_register_exits_non_zero_and_writes_nothing(
    tmp_path, key_file, two_registers, capsys
):
    rows = [dict(two_registers[0][0], date_of_birth="31.02.1990")]
    register = tmp_path / "register.csv"
    write_register(register, rows)
    out = tmp_path / "encodings.csv"
    assert run("encode", register, "--key-file", key_file, "--country", "RS", "--out", out) == 1
    assert "line 2, column date_of_birth, value '31.02.1990'" in capsys.readouterr().err
    assert not out.exists()
    assert run("encode", register, "--key-file", key_file, "--country", "Serbia", "--out", out) == 1
    assert (
        run(
            "encode", register, "--key-file", tmp_path / "none.key", "--country", "RS", "--out", out
        )
        == 1
    )
    assert not out.exists()


def test_usage_errors_exit_with_two(tmp_path):
    assert run("link") == 2
    assert run("encode", tmp_path / "register.csv") == 2
    assert run("keygen", "--out", tmp_path / "k") == 0
    assert run("keygen", "--out", tmp_path / "k") == 1


def test_the_linkage_commands_run_without_django():
    code = (
        "import sys, thbhub.cli, thbhub.linkage.cli, thbhub.linkage.synthetic;"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'Django imported'"
    )
    # A fresh interpreter: this test process has Django loaded by pytest-django already.
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)  # noqa: S603 — fixed arguments
    assert done.returncode == 0, done.stderr
