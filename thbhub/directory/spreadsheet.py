"""The List of Contacts as a spreadsheet: the layout the secretariat
circulates, written as xlsx or CSV and read back from xlsx."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thbhub.directory.models import ContactPerson, ContactRole, InstitutionType
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE

SHEET = "List of Contacts"
CODES_SHEET = "Codes"
INSTRUCTIONS_SHEET = "Instructions"

# (header, width) in the order of the circulated list.
COLUMNS: list[tuple[str, int]] = [
    ("ID", 8),
    ("Country", 22),
    ("Country code", 8),
    ("Institution", 40),
    ("Institution (national language)", 36),
    ("Institution type", 22),
    ("City", 16),
    ("Given name", 16),
    ("Family name", 18),
    ("Position", 28),
    ("Roles", 28),
    ("Languages", 12),
    ("E-mail", 30),
    ("Telephone", 18),
    ("Last verified", 13),
    ("Needs verification", 10),
]
HEADERS = [header for header, _width in COLUMNS]
VERIFIED_INDEX = HEADERS.index("Last verified")
LIST_SEPARATOR = ";"

# What a spreadsheet program takes for the start of a formula in a CSV cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PHONE_LIKE = re.compile(r"[+\d\s()./-]+")


def contact_row(contact: ContactPerson) -> list[Any]:
    institution = contact.institution
    return [
        contact.pk,
        institution.country.name,
        institution.country_id,
        institution.name,
        institution.name_local,
        institution.kind,
        institution.city,
        contact.given_name,
        contact.family_name,
        contact.position,
        LIST_SEPARATOR.join(contact.roles),
        LIST_SEPARATOR.join(contact.languages),
        contact.email,
        contact.phone,
        contact.last_verified,
        "yes" if contact.needs_verification else "no",
    ]


def csv_safe(value: Any) -> Any:
    """Keep a spreadsheet program from running a cell as a formula.

    Text that starts like a formula gets a leading apostrophe, as OWASP
    advises against CSV injection: the cell then shows the text instead of
    running it. Telephone numbers such as "+381 11 123 456" hold no letters,
    so they cannot call a function, and are left as they are.
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PHONE_LIKE.fullmatch(value)
    ):
        return "'" + value
    return value


def write_csv(contacts: Iterable[ContactPerson]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for contact in contacts:
        row = contact_row(contact)
        verified = row[VERIFIED_INDEX]
        row[VERIFIED_INDEX] = verified.isoformat() if verified else ""
        writer.writerow([csv_safe(value) for value in row])
    # Excel opens UTF-8 CSV with Cyrillic and diacritics correctly only with a BOM.
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(contacts: Iterable[ContactPerson]) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = SHEET
    sheet.append(HEADERS)
    bold = Font(bold=True)
    for index, (_header, width) in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = bold
        sheet.cell(row=1, column=index).fill = PatternFill("solid", fgColor="DDE6EE")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    names_xk = False
    # Cells are written one by one at a known row: openpyxl's max_row and
    # sheet[row] scan every cell, which made a large export quadratic.
    row = 1
    for contact in contacts:
        row += 1
        for column, value in enumerate(contact_row(contact), start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            # openpyxl stores any text starting with "=" as a formula: a name
            # or position typed that way would run in Excel and come back
            # empty on import. Marking the cell as text keeps it as typed.
            if cell.data_type == "f":
                cell.data_type = "s"
        sheet.cell(row=row, column=VERIFIED_INDEX + 1).number_format = "yyyy-mm-dd"
        names_xk = names_xk or contact.institution.country_id == "XK"
    last_row = max(row, 2) + 500
    _add_code_validation(workbook, sheet, last_row)
    _add_instructions(workbook, names_xk=names_xk)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_code_validation(workbook: Workbook, sheet: Any, last_row: int) -> None:
    codes = workbook.create_sheet(CODES_SHEET)
    codes.append(["Institution type", "Meaning", "", "Role", "Meaning"])
    types = list(InstitutionType.choices)
    roles = list(ContactRole.choices)
    for index in range(max(len(types), len(roles))):
        row: list[Any] = ["", "", "", "", ""]
        if index < len(types):
            row[0], row[1] = types[index][0], str(types[index][1])
        if index < len(roles):
            row[3], row[4] = roles[index][0], str(roles[index][1])
        codes.append(row)
    validation = DataValidation(
        type="list",
        formula1=f"'{CODES_SHEET}'!$A$2:$A${len(types) + 1}",
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Institution type",
        error="Choose a type from the list on the Codes sheet.",
    )
    sheet.add_data_validation(validation)
    column = get_column_letter(HEADERS.index("Institution type") + 1)
    validation.add(f"{column}2:{column}{last_row}")


def _add_instructions(workbook: Workbook, *, names_xk: bool) -> None:
    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET, 0)
    lines = [
        "THB Hub: the joint List of Contacts",
        f"Exported {timezone.localtime():%Y-%m-%d %H:%M}.",
        "",
        (
            "To update the list: change rows on the 'List of Contacts' sheet and import the "
            "file in THB Hub (Directory > Import). Keep the header row and the column order."
        ),
        "ID: leave empty for a new contact; keep it to update an existing one.",
        "Country code: ISO 3166-1 alpha-2 (XK for Kosovo*).",
        "Institution type and Roles: codes from the 'Codes' sheet; several roles separated by ';'.",
        "Languages: two-letter ISO 639-1 codes separated by ';' (cnr for Montenegrin).",
        (
            "Last verified: the date the details were last confirmed, as YYYY-MM-DD. Contacts "
            "not verified for 12 months are marked 'yes' under 'Needs verification'."
        ),
        (
            "An import with any error changes nothing: THB Hub lists every error with its row "
            "and column so that all can be fixed at once."
        ),
        "This file holds personal data of the contact persons: share it only with the network.",
    ]
    if names_xk:
        lines.append(str(KOSOVO_DESIGNATION_NOTE))
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 120


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class ImportRow:
    row: int
    contact_id: int | None
    country_code: str
    institution: str
    institution_local: str
    kind: str
    city: str
    given_name: str
    family_name: str
    position: str
    roles: list[str]
    languages: list[str]
    email: str
    phone: str
    last_verified: datetime.date | None


@dataclass
class ParsedSheet:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class UnreadableFileError(ValueError):
    pass


def read_xlsx(handle: IO[bytes]) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """The header and the non-empty rows (with their sheet row numbers)."""
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        msg = _(
            "The file is not an Excel workbook (.xlsx) that can be read. Save it from Excel "
            "as 'Excel Workbook (*.xlsx)' and upload it again."
        )
        raise UnreadableFileError(msg) from error
    try:
        if SHEET not in workbook.sheetnames:
            msg = _(
                "The workbook has no sheet named '%(sheet)s'. Start from an export of the "
                "directory, which has the right sheets and columns."
            ) % {"sheet": SHEET}
            raise UnreadableFileError(msg)
        rows = workbook[SHEET].iter_rows(values_only=True)
        try:
            header = [str(value or "").strip() for value in next(rows)]
        except StopIteration:
            msg = _(
                "The sheet '%(sheet)s' is empty: it needs the header row and one row per contact."
            ) % {"sheet": SHEET}
            raise UnreadableFileError(msg) from None
        body: list[tuple[int, list[Any]]] = []
        for number, values in enumerate(rows, start=2):
            cells = list(values)
            if any(value not in (None, "") for value in cells):
                body.append((number, cells))
    finally:
        # A read-only workbook keeps the file open until it is closed.
        workbook.close()
    return header, body
