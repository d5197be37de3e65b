"""Reading the victim register (DESIGN 6.2) and reading and writing encodings files.

Every problem is reported with the file, line, column, value and the fix,
and nothing is written unless the whole input is good.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from thbhub.linkage import LinkageError
from thbhub.linkage.encoding import BYTES, KNOWN_SCHEMES, SCHEME, Identity
from thbhub.linkage.normalise import linkage_names, parse_date, parse_sex

REGISTER_COLUMNS = (
    "record_id", "given_name", "family_name", "date_of_birth", "sex", "citizenship",
    "identified_in", "year_identified", "status", "exploitation",
)  # fmt: skip
ENCODING_COLUMNS = (
    "record_id", "country", "year_identified", "status", "key_id", "scheme", "encoding",
)  # fmt: skip
# Files of scheme 1 have no scheme column.
_REQUIRED_ENCODING_COLUMNS = tuple(column for column in ENCODING_COLUMNS if column != "scheme")
STATUSES = {"IDENTIFIED", "PRESUMED"}
MAX_REPORTED_ERRORS = 50
_COUNTRY = re.compile(r"[A-Z]{2}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
_YEAR = re.compile(r"(19|20)\d\d")


@dataclass(frozen=True)
class RegisterRow:
    record_id: str
    year_identified: str
    status: str
    identity: Identity


@dataclass(frozen=True)
class EncodingSet:
    """One encodings file: metadata per record and the packed encodings."""

    path: Path
    key_id: str
    countries: list[str]
    record_ids: list[str]
    bits: npt.NDArray[np.uint8]
    # The year identified of each record ("" where the register left it empty).
    years: tuple[str, ...] = ()
    # encoding.SCHEME of the THB Hub that wrote the file.
    scheme: str = SCHEME


def identity_of(row: dict[str, str]) -> Identity:
    """The encoded fields of a register row; ValueError names a bad date or sex.

    read_register checks every cell and reports each problem with its place;
    this is for rows already known to be good (generated registers, tests).
    """
    return Identity(
        linkage_names(row["given_name"], row["family_name"]),
        parse_date(row["date_of_birth"]),
        parse_sex(row["sex"]),
    )


def check_country(code: str) -> str:
    if not _COUNTRY.fullmatch(code):
        msg = (
            f"--country {code!r}: give the ISO 3166-1 alpha-2 code in capitals, "
            "e.g. RS (XK for Kosovo*)"
        )
        raise LinkageError(msg)
    return code


def csv_rows(path: Path, what: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a UTF-8 CSV separated by ',' or ';'."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        msg = f"{path}: cannot read the {what} ({error.strerror}); check the path"
        raise LinkageError(msg) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        msg = (
            f"{path}: byte {error.start} is not UTF-8; save the file as UTF-8 "
            "(in Excel: Save As, 'CSV UTF-8 (Comma delimited)')"
        )
        raise LinkageError(msg) from None
    first_line = text.split("\n", 1)[0]
    # Excel in locales with a decimal comma (most of the region) separates with ';'.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [column.strip().lower() for column in next(reader, [])]
    yield 1, {name: name for name in header}
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            msg = (
                f"{path}, line {reader.line_num}: {len(row)} cells instead of {len(header)}; "
                f"every row needs exactly the columns of the header (separator {delimiter!r})"
            )
            raise LinkageError(msg)
        yield reader.line_num, dict(zip(header, row, strict=True))


def _check_header(path: Path, header: dict[str, str], required: tuple[str, ...]) -> None:
    missing = [column for column in required if column not in header]
    if missing:
        msg = (
            f"{path}, line 1: missing column(s) {', '.join(missing)}; "
            f"the header must name {', '.join(required)}"
        )
        raise LinkageError(msg)


def read_register(path: Path) -> list[RegisterRow]:
    """The register's rows, checked; all errors at once in one LinkageError."""
    rows = csv_rows(path, "register")
    _, header = next(rows, (1, {}))
    _check_header(path, header, REGISTER_COLUMNS)
    result: list[RegisterRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}

    def error(line: int, column: str, value: str, fix: str) -> None:
        errors.append(f"{path}, line {line}, column {column}, value {value!r}: {fix}")

    for line, row in rows:
        record_id = row["record_id"].strip()
        if not record_id:
            error(line, "record_id", record_id, "every row needs a record id")
        elif record_id in seen:
            error(
                line,
                "record_id",
                record_id,
                f"the id is already on line {seen[record_id]}; make ids unique",
            )
        seen.setdefault(record_id, line)
        parts = linkage_names(row["given_name"], row["family_name"])
        if not parts:
            error(
                line,
                "given_name",
                row["given_name"],
                "a row needs a given or family name to be linked; fill one in or leave the row out",
            )
        try:
            date = parse_date(row["date_of_birth"])
        except ValueError as problem:
            error(line, "date_of_birth", row["date_of_birth"], f"{problem}")
            date = None
        try:
            sex = parse_sex(row["sex"])
        except ValueError as problem:
            error(line, "sex", row["sex"], f"{problem}")
            sex = ""
        year = row["year_identified"].strip()
        if year and not _YEAR.fullmatch(year):
            error(
                line,
                "year_identified",
                year,
                "give the year as four digits, e.g. 2024, or leave it empty",
            )
        status = row["status"].strip().upper()
        if status and status not in STATUSES:
            error(line, "status", row["status"], "expected IDENTIFIED, PRESUMED or an empty cell")
        result.append(RegisterRow(record_id, year, status, Identity(parts, date, sex)))
    if errors:
        shown = errors[:MAX_REPORTED_ERRORS]
        more = len(errors) - len(shown)
        tail = f"\n... and {more} more" if more else ""
        raise LinkageError(
            "\n".join(shown) + tail + "\nNothing was written; correct the register and run again."
        )
    if not result:
        msg = f"{path}: the register has no rows"
        raise LinkageError(msg)
    return result


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a failed run never leaves half an output."""
    folder = path.resolve().parent
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as output:
            output.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_encodings(
    path: Path, rows: list[RegisterRow], country: str, key_id: str, bits: npt.NDArray[np.uint8]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ENCODING_COLUMNS)
    for row, encoding in zip(rows, bits, strict=True):
        code = base64.b64encode(encoding.tobytes()).decode("ascii")
        writer.writerow(
            (row.record_id, country, row.year_identified, row.status, key_id, SCHEME, code)
        )
    write_atomically(path, buffer.getvalue())


_ENCODINGS_FIX = (
    "use the file exactly as `thbhub linkage encode` wrote it, or encode the register again"
)


def _scheme_of(where: str, row: dict[str, str]) -> str:
    scheme = row.get("scheme", "1").strip()
    if scheme not in KNOWN_SCHEMES:
        msg = (
            f"{where}, column scheme, value {scheme!r}: not an encoding scheme this "
            f"THB Hub knows ({', '.join(KNOWN_SCHEMES)}); if a newer THB Hub wrote the "
            f"file, update THB Hub here, otherwise {_ENCODINGS_FIX}"
        )
        raise LinkageError(msg)
    return scheme


def _encoding_of(where: str, row: dict[str, str]) -> bytes:
    try:
        encoding = base64.b64decode(row["encoding"], validate=True)
    except (binascii.Error, ValueError):
        msg = f"{where}, column encoding: not valid base64; {_ENCODINGS_FIX}"
        raise LinkageError(msg) from None
    if len(encoding) != BYTES:
        size = len(encoding)
        msg = f"{where}, column encoding: {size} bytes instead of {BYTES}; {_ENCODINGS_FIX}"
        raise LinkageError(msg)
    return encoding


def _one_of(path: Path, values: set[str], what: str, fix: str) -> str:
    if len(values) > 1:
        msg = f"{path}: rows made with different {what} ({', '.join(sorted(values))}); {fix}"
        raise LinkageError(msg)
    return values.pop()


def read_encodings(path: Path) -> EncodingSet:
    """An encodings file, refused with a clear error when altered or malformed."""
    rows = csv_rows(path, "encodings file")
    _, header = next(rows, (1, {}))
    _check_header(path, header, _REQUIRED_ENCODING_COLUMNS)
    fix = _ENCODINGS_FIX
    key_ids: set[str] = set()
    schemes: set[str] = set()
    countries: list[str] = []
    record_ids: list[str] = []
    years: list[str] = []
    chunks: list[bytes] = []
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        where = f"{path}, line {line}"
        country, record_id, key_id = row["country"], row["record_id"], row["key_id"]
        if not _COUNTRY.fullmatch(country):
            msg = f"{where}, column country, value {country!r}: not an ISO alpha-2 code; {fix}"
            raise LinkageError(msg)
        if not record_id or (country, record_id) in seen:
            msg = f"{where}, column record_id, value {record_id!r}: empty or repeated; {fix}"
            raise LinkageError(msg)
        seen.add((country, record_id))
        if not _KEY_ID.fullmatch(key_id):
            msg = f"{where}, column key_id, value {key_id!r}: not a key id; {fix}"
            raise LinkageError(msg)
        key_ids.add(key_id)
        schemes.add(_scheme_of(where, row))
        chunks.append(_encoding_of(where, row))
        countries.append(country)
        record_ids.append(record_id)
        years.append(row["year_identified"].strip())
    if not chunks:
        msg = f"{path}: the encodings file has no rows; {fix}"
        raise LinkageError(msg)
    key_id = _one_of(path, key_ids, "keys", "encode each register with the one shared key")
    scheme = _one_of(
        path,
        schemes,
        "encoding schemes",
        "encode the whole register again with one version of THB Hub",
    )
    bits = np.frombuffer(b"".join(chunks), dtype=np.uint8).reshape(len(chunks), BYTES)
    return EncodingSet(path, key_id, countries, record_ids, bits, tuple(years), scheme)
