"""Register input and encodings files: clear refusals, and nothing personal in the output."""

from __future__ import annotations

import base64
import csv
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.linkage.conftest import PEOPLE
from thbhub.linkage import LinkageError
from thbhub.linkage.encoding import SCHEME, Encoder
from thbhub.linkage.files import (
    ENCODING_COLUMNS,
    REGISTER_COLUMNS,
    read_encodings,
    read_register,
    write_encodings,
)
from thbhub.linkage.keys import LinkageKey
from thbhub.linkage.normalise import fold
from thbhub.linkage.synthetic import write_register

HEADER = ",".join(REGISTER_COLUMNS)


def encode_file(
    tmp_path: Path, rows: list[dict[str, str]], key: LinkageKey, country: str = "RS"
) -> Path:
    register = tmp_path / f"{country}.csv"
    write_register(register, rows)
    records = read_register(register)
    out = tmp_path / f"{country}-encodings.csv"
    write_encodings(
        out, records, country, key.key_id, Encoder(key).encode_many(r.identity for r in records)
    )
    return out


def test_excel_files_with_bom_and_semicolons_are_read(tmp_path):
    path = tmp_path / "excel.csv"
    line = "7;Марија;Јовановић;03.05.1990;Ž;RS;RS;2023;identified;SEXUAL;LABOUR"
    path.write_bytes(("\ufeff" + HEADER.replace(",", ";") + "\n" + line + "\n").encode("utf-8"))
    # The exploitation codes, ';'-separated themselves, are quoted as Excel does.
    path.write_bytes(path.read_bytes().replace(b"SEXUAL;LABOUR", b'"SEXUAL;LABOUR"'))
    (row,) = read_register(path)
    assert row.record_id == "7" and row.status == "IDENTIFIED" and row.identity.sex == "F"
    assert row.identity.name_parts == ("marija", "jovanovic")


def test_every_bad_row_is_reported_with_line_column_value_and_fix(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "\n1,Ana,Ilić,1990-13-01,F,RS,RS,2023,IDENTIFIED,SEXUAL"
        + "\n1,Ana,Ilić,1990,Q,RS,RS,23,MAYBE,SEXUAL"
        + "\n2,,,1990,F,RS,RS,2023,PRESUMED,SEXUAL\n",
        encoding="utf-8",
    )
    with pytest.raises(LinkageError) as error:
        read_register(path)
    message = str(error.value)
    assert f"{path}, line 2, column date_of_birth, value '1990-13-01'" in message
    assert "line 3, column record_id, value '1'" in message and "already on line 2" in message
    assert "line 3, column sex, value 'Q': expected F, M, UNK" in message
    assert "line 3, column year_identified, value '23'" in message
    assert "line 3, column status, value 'MAYBE'" in message
    assert "line 4, column given_name" in message
    assert "Nothing was written" in message


def test_a_missing_column_or_a_non_utf8_file_is_refused(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("record_id,given_name\n1,Ana\n", encoding="utf-8")
    with pytest.raises(LinkageError, match=r"line 1: missing column.*family_name"):
        read_register(path)
    path.write_bytes((HEADER + "\n1,Ana,Ilić,,F,RS,RS,2023,,\n").encode("cp1250"))
    with pytest.raises(LinkageError, match=r"not UTF-8.*CSV UTF-8"):
        read_register(path)


def test_the_encodings_file_holds_no_name_and_no_date(tmp_path, key, two_registers):
    cyrillic, latin = two_registers
    outputs = [encode_file(tmp_path, cyrillic, key, "RS"), encode_file(tmp_path, latin, key, "BA")]
    for out, rows in zip(outputs, two_registers, strict=True):
        with out.open(encoding="utf-8") as handle:
            records = list(csv.DictReader(handle))
        assert tuple(records[0]) == ENCODING_COLUMNS
        visible = "\n".join(",".join(v for k, v in r.items() if k != "encoding") for r in records)
        hidden = b"".join(base64.b64decode(r["encoding"]) for r in records)
        for row in rows:
            for name in (row["given_name"], row["family_name"]):
                for form in {name, name.lower(), fold(name)}:
                    for start in range(len(form) - 3):
                        piece = form[start : start + 4]
                        assert piece.lower() not in visible.lower()
                        assert piece.encode() not in hidden
            if row["date_of_birth"]:
                assert row["date_of_birth"] not in visible
                assert not re.search(rf"\b{re.escape(row['date_of_birth'])}\b", out.read_text())


def _rewrite(path: Path, change: Callable[[list[dict[str, str]]], list[dict[str, str]]]) -> None:
    with path.open(encoding="utf-8") as handle:
        records = change(list(csv.DictReader(handle)))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(records[0]))
        writer.writeheader()
        writer.writerows(records)


def tamper(path: Path, line: int, column: str, value: str) -> None:
    def change(records: list[dict[str, str]]) -> list[dict[str, str]]:
        records[line - 2][column] = value
        return records

    _rewrite(path, change)


@pytest.mark.parametrize(
    "case",
    [
        ("encoding", "@@not base64@@", "line 3, column encoding: not valid base64"),
        (
            "encoding",
            base64.b64encode(bytes(100)).decode(),
            "line 3, column encoding: 100 bytes instead of 128",
        ),
        ("key_id", "0123456789abcdef", "rows made with different keys"),
        ("key_id", "secret", "line 3, column key_id, value 'secret'"),
        ("country", "Serbia", "line 3, column country, value 'Serbia'"),
        ("record_id", "RS-000", "line 3, column record_id, value 'RS-000': empty or repeated"),
    ],
)
def test_a_tampered_encodings_file_is_refused(tmp_path, key, two_registers, case):
    column, value, problem = case
    out = encode_file(tmp_path, two_registers[0], key)
    tamper(out, 3, column, value)
    with pytest.raises(LinkageError, match=re.escape(problem)) as error:
        read_encodings(out)
    assert str(out) in str(error.value)


def test_the_encodings_file_names_its_encoding_scheme(tmp_path, key, two_registers):
    out = encode_file(tmp_path, two_registers[0], key)
    with out.open(encoding="utf-8") as handle:
        assert {row["scheme"] for row in csv.DictReader(handle)} == {SCHEME}
    assert read_encodings(out).scheme == SCHEME


def test_a_file_from_before_the_scheme_column_is_read_as_scheme_1(tmp_path, key, two_registers):
    out = encode_file(tmp_path, two_registers[0], key)
    _rewrite(out, lambda records: [{k: v for k, v in r.items() if k != "scheme"} for r in records])
    encodings = read_encodings(out)
    assert encodings.scheme == "1"
    assert len(encodings.record_ids) == PEOPLE


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("9", "line 3, column scheme, value '9': not an encoding scheme this THB Hub knows"),
        ("1", "rows made with different encoding schemes (1, 2)"),
    ],
)
def test_an_unknown_or_mixed_scheme_is_refused(tmp_path, key, two_registers, value, problem):
    out = encode_file(tmp_path, two_registers[0], key)
    tamper(out, 3, "scheme", value)
    with pytest.raises(LinkageError, match=re.escape(problem)):
        read_encodings(out)


def test_an_encodings_file_without_a_column_is_refused(tmp_path, key, two_registers):
    out = encode_file(tmp_path, two_registers[0], key)
    lines = out.read_text(encoding="utf-8").splitlines()
    out.write_text("\n".join(",".join(line.split(",")[:-1]) for line in lines), encoding="utf-8")
    with pytest.raises(LinkageError, match=r"missing column.*encoding"):
        read_encodings(out)
