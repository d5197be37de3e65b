"""Reading a 6.1 CSV file into raw rows with their line numbers, and a raw
row (from CSV, the xlsx template or the web form) into an observation.

Files come from Excel in the region as often as from scripts: UTF-8 with or
without a byte-order mark, and a semicolon instead of a comma where the
decimal separator is a comma. Anything that cannot be read as a table stops
here with one error naming the file and the fix; cell contents are left to
validation, which reports every problem at once.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from thbhub.statistics.standard import (
    BREAKDOWNS,
    COLUMNS,
    NOT_APPLICABLE,
    OPTIONAL_COLUMNS,
    TOTAL,
    VICTIM_MEASURES,
    VICTIM_STATUSES,
    CodeLists,
    Issue,
    Observation,
    RawRow,
    Severity,
    applies,
)

if TYPE_CHECKING:
    import _csv

YEAR = re.compile(r"\d{4}")
INTEGER = re.compile(r"\d+")
NEGATIVE = re.compile(r"-\s*\d+(?:[.,]\d+)?")
# 1,000 / 1.000 / 1 000 (also with the no-break spaces Excel writes).
THOUSANDS = re.compile(r"\d{1,3}(?:[.,' \u00a0\u202f]\d{3})+")
DECIMAL = re.compile(r"\d*[.,]\d+")
SEPARATORS = re.compile(r"[.,' \u00a0\u202f]")

DELIMITERS = (",", ";")
SEP_HINT = re.compile(r"sep=([,;\t|])", re.IGNORECASE)
# Written when the user saved a workbook instead of exporting CSV: .xlsx files
# are zip archives, old .xls files are OLE2 compound documents.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class MalformedFileError(ValueError):
    """The file cannot be read as a 6.1 table; the message says why and how to fix it."""

    def __init__(self, name: str, message: str, *, row: int = 0, column: str = "") -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.row = row
        self.column = column


def read_csv_path(path: Path) -> list[RawRow]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise MalformedFileError(
            path.name, _("the file cannot be opened (%(reason)s).") % {"reason": error.strerror}
        ) from None
    return read_csv_bytes(data, path.name)


def read_csv_bytes(data: bytes, name: str) -> list[RawRow]:
    """The rows of a 6.1 CSV file; ``name`` is what messages call the file."""
    return read_csv_text(_decode(data, name), name)


def read_csv_text(text: str, name: str) -> list[RawRow]:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise MalformedFileError(
            name,
            _(
                "the file is empty. Export the table as CSV with the header row %(header)s "
                "and one row per figure."
            )
            % {"header": ",".join(COLUMNS)},
        )
    lines = text.splitlines()
    # Excel in some locales writes, and always honours, a first line "sep=;".
    hint = SEP_HINT.fullmatch(lines[0].strip())
    delimiter = hint.group(1) if hint else _delimiter(lines[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        if hint:
            next(reader)
        header = [cell.strip().lower() for cell in next(reader, [])]
        # Excel adds empty header cells when formatting ran past the table.
        while header and not header[-1]:
            header.pop()
        _check_header(header, name, reader.line_num)
        rows = _body(reader, header, name)
    except csv.Error as error:
        raise MalformedFileError(
            name,
            _(
                "line %(line)d cannot be read as CSV (%(reason)s). Check for a stray double "
                "quote; a note that contains quotes or separators must be inside double quotes."
            )
            % {"line": reader.line_num, "reason": error},
            row=reader.line_num,
        ) from None
    if not rows:
        raise MalformedFileError(
            name,
            _("the file has a header but no figures under it. Add one row per figure."),
            row=2,
        )
    return rows


def _decode(data: bytes, name: str) -> str:
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise MalformedFileError(
            name,
            _(
                "this is an Excel workbook, not a CSV file. Upload it as a workbook (.xlsx), or "
                "in Excel choose Save As > 'CSV UTF-8 (Comma delimited)'."
            ),
        )
    if data.startswith(UTF16_BOMS):
        raise MalformedFileError(
            name,
            _(
                "the file is in UTF-16 ('Unicode Text'). In Excel choose Save As > "
                "'CSV UTF-8 (Comma delimited)'."
            ),
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise MalformedFileError(
            name,
            _(
                "line %(line)d is not UTF-8 text, so letters such as č, ш or ë would be lost. "
                "In Excel choose Save As > 'CSV UTF-8 (Comma delimited)'."
            )
            % {"line": line},
            row=line,
        ) from None


def _delimiter(first_line: str) -> str:
    """The separator under which the header names the most known columns."""

    def known(delimiter: str) -> int:
        names = {cell.strip().strip('"').lower() for cell in first_line.split(delimiter)}
        return len(names & set(COLUMNS))

    return max(DELIMITERS, key=known)


def _check_header(header: list[str], name: str, line: int) -> None:
    missing = [
        column for column in COLUMNS if column not in header and column not in OPTIONAL_COLUMNS
    ]
    unknown = [column for column in header if column not in COLUMNS]
    repeated = sorted({column for column in header if column and header.count(column) > 1})
    if not set(header) & set(COLUMNS):
        raise MalformedFileError(
            name,
            _(
                "the first line is not the header of a 6.1 table. Put the header row "
                "%(header)s first, separated by commas or semicolons."
            )
            % {"header": ",".join(COLUMNS)},
            row=line,
        )
    if missing:
        raise MalformedFileError(
            name,
            _(
                "the header lacks the column(s) %(columns)s. Add them; the full header is "
                "%(header)s."
            )
            % {"columns": ", ".join(missing), "header": ",".join(COLUMNS)},
            row=line,
            column=", ".join(missing),
        )
    if unknown:
        shown = [column or _("(empty)") for column in unknown]
        raise MalformedFileError(
            name,
            _(
                "the header has column(s) the standard does not know: %(columns)s. Remove them "
                "or rename them; the full header is %(header)s."
            )
            % {"columns": ", ".join(shown), "header": ",".join(COLUMNS)},
            row=line,
            column=", ".join(shown),
        )
    if repeated:
        raise MalformedFileError(
            name,
            _("the header names %(columns)s more than once. Keep one of each.")
            % {"columns": ", ".join(repeated)},
            row=line,
            column=", ".join(repeated),
        )


def _body(reader: _csv._reader, header: list[str], name: str) -> list[RawRow]:
    rows: list[RawRow] = []
    # A quoted note may span lines, so a record starts on the line after the
    # previous record ended.
    start = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            rows.append(
                RawRow(
                    sheet=name,
                    row=start,
                    cells=dict(zip(header, cells, strict=False)),
                    overflow=tuple(cell for cell in cells[len(header) :] if cell.strip()),
                )
            )
        start = reader.line_num + 1
    return rows


# From a raw row to an observation ----------------------------------------------


class _Row:
    """One raw row being checked, collecting its errors."""

    def __init__(self, raw: RawRow) -> None:
        self.raw = raw
        self.issues: list[Issue] = []

    def error(self, column: str, message: str, rule: str) -> None:
        value = self.raw.cell(column) if column in COLUMNS else ""
        self.issues.append(
            Issue(Severity.ERROR, self.raw.sheet, self.raw.row, column, value, message, rule)
        )


def parse_row(
    raw: RawRow, codes: CodeLists, *, country: str | None = None, year: int | None = None
) -> tuple[Observation | None, list[Issue]]:
    """The observation in ``raw`` and its errors; no observation if any."""
    row = _Row(raw)
    if raw.overflow:
        row.error("note", _overflow_message(raw), "overflow")
    coded = {
        "country": _check_country(row, codes, country),
        "measure": _check_code(row, "measure", codes),
    }
    measure = coded["measure"]
    for column in BREAKDOWNS:
        coded[column] = _check_breakdown(row, column, measure, codes)
    parsed_year = _check_year(row, year)
    value = _check_value(row)
    flag = _check_flag(row, codes)
    if row.issues or parsed_year is None:
        return None, row.issues
    observation = Observation(
        **coded,
        year=parsed_year,
        value=value,
        flag=flag,
        note=raw.cell("note"),
        source_row=raw.row,
        source_sheet=raw.sheet,
    )
    return observation, []


def _overflow_message(raw: RawRow) -> str:
    return _(
        "The row has more cells than the header (%(extra)s). A note that contains a comma or "
        "semicolon must be inside double quotes."
    ) % {"extra": ", ".join(raw.overflow)}


def _check_country(row: _Row, codes: CodeLists, expected: str | None) -> str:
    code = row.raw.cell("country").upper()
    if code not in codes.countries:
        row.error(
            "country",
            _(
                "Not an ISO 3166-1 alpha-2 country code. Write the two-letter code, e.g. RS, "
                "or XK for Kosovo*."
            ),
            "code",
        )
    elif expected is not None and code != expected:
        row.error(
            "country",
            _("This submission is for %(expected)s. Write %(expected)s or submit the row there.")
            % {"expected": expected},
            "country",
        )
    return code


def _check_year(row: _Row, expected: int | None) -> int | None:
    text = row.raw.cell("year")
    if not YEAR.fullmatch(text) or not 1900 <= int(text) <= 2099:
        row.error("year", _("Write the reference year as four digits, e.g. 2022."), "year")
        return None
    if expected is not None and int(text) != expected:
        row.error(
            "year",
            _("This submission is for %(expected)d. Write %(expected)d or submit the row there.")
            % {"expected": expected},
            "year",
        )
    return int(text)


def _check_code(row: _Row, column: str, codes: CodeLists) -> str:
    code = row.raw.cell(column).upper()
    if code not in codes.codes[column]:
        row.error(
            column,
            _("Not a code of the %(column)s list. Use one of: %(codes)s.")
            % {"column": column, "codes": ", ".join(sorted(codes.codes[column]))},
            "code",
        )
    return code


def _check_breakdown(row: _Row, column: str, measure: str, codes: CodeLists) -> str:
    if column in OPTIONAL_COLUMNS and column not in row.raw.cells:
        return TOTAL
    code = row.raw.cell(column).upper()
    if column == "status":
        return _check_status(row, code, measure, codes)
    if not code:
        row.error(column, _("Empty. Write TOTAL where the figure is not broken down."), "code")
    elif measure in codes.codes["measure"] and not applies(measure, column) and code != TOTAL:
        row.error(
            column,
            _("%(measure)s is not broken down by %(column)s: write TOTAL.")
            % {"measure": measure, "column": column},
            "applies",
        )
    elif not codes.is_iso_detail(column, code) and code not in codes.codes[column]:
        extra = (
            _(" or a two-letter country code")
            if column in ("citizenship", "exploitation_country")
            else ""
        )
        row.error(
            column,
            _("Not a code of the %(column)s list. Use one of: %(codes)s%(extra)s.")
            % {"column": column, "codes": ", ".join(sorted(codes.codes[column])), "extra": extra},
            "code",
        )
    return code


def _check_status(row: _Row, code: str, measure: str, codes: CodeLists) -> str:
    if measure not in codes.codes["measure"]:
        # Which statuses are right depends on the measure, whose own error says enough.
        return code
    if measure in VICTIM_MEASURES and code not in VICTIM_STATUSES:
        row.error(
            "status",
            _("For %(measure)s write IDENTIFIED, PRESUMED or TOTAL.") % {"measure": measure},
            "code",
        )
    elif measure not in VICTIM_MEASURES and code != NOT_APPLICABLE:
        row.error(
            "status",
            _("Status applies to victims only: write _Z for %(measure)s.") % {"measure": measure},
            "code",
        )
    return code


def _check_value(row: _Row) -> int | None:
    text = row.raw.cell("value")
    if not text:
        return None
    if INTEGER.fullmatch(text):
        return int(text)
    if NEGATIVE.fullmatch(text):
        message = _(
            "A count cannot be negative. Write the number of persons, or leave the cell empty "
            "if it is not known."
        )
    elif THOUSANDS.fullmatch(text):
        message = _("Write the number without thousands separators: %(digits)s.") % {
            "digits": SEPARATORS.sub("", text)
        }
    elif DECIMAL.fullmatch(text) and set(re.split(r"[.,]", text)[1]) == {"0"}:
        message = _("Counts are whole numbers: write %(whole)s without the decimal part.") % {
            "whole": re.split(r"[.,]", text)[0] or "0"
        }
    elif DECIMAL.fullmatch(text):
        message = _("Counts are whole numbers of persons: write one without a decimal part.")
    else:
        message = _(
            "Not a number. Write a whole number of persons, 0 if there were none, or leave the "
            "cell empty if the number is not known."
        )
    row.error("value", message, "value")
    return None


def _check_flag(row: _Row, codes: CodeLists) -> str:
    flag = row.raw.cell("flag").lower()
    if flag and flag not in codes.flags:
        row.error(
            "flag",
            _(
                "Not an observation flag. Use e (estimated), p (provisional), d (definition "
                "differs), b (break in series), or leave it empty."
            ),
            "flag",
        )
    return flag
