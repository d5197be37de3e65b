"""Reading and editing directory workbooks in tests, as a user would in Excel."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from thbhub.accounts.models import User
from thbhub.directory.models import ContactPerson
from thbhub.directory.selectors import ContactFilters, contacts_for_export
from thbhub.directory.spreadsheet import HEADERS, SHEET, contact_row, write_xlsx


def export_book(user: User, *, country: str = "") -> Workbook:
    """An xlsx export, through the same selector as the web and the CLI."""
    return load_workbook(
        io.BytesIO(write_xlsx(contacts_for_export(user, ContactFilters(country=country))))
    )


def contacts_sheet(book: Workbook) -> Worksheet:
    sheet = book[SHEET]
    assert isinstance(sheet, Worksheet)
    return sheet


def column(header: str) -> int:
    return HEADERS.index(header) + 1


def row_of(sheet: Worksheet, contact_id: int) -> int:
    for number in range(2, sheet.max_row + 1):
        if sheet.cell(number, column("ID")).value == contact_id:
            return number
    msg = f"contact {contact_id} is not on the sheet"
    raise AssertionError(msg)


def cell(sheet: Worksheet, row: int, header: str) -> Any:
    return sheet.cell(row, column(header)).value


def set_cell(sheet: Worksheet, row: int, header: str, value: Any) -> None:
    sheet.cell(row, column(header)).value = value


def append_row(sheet: Worksheet, values: dict[str, Any]) -> int:
    sheet.append([values.get(header) for header in HEADERS])
    return sheet.max_row


def row_values(contact: ContactPerson, changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """A contact's row as an export writes it, with some cells changed."""
    values = dict(zip(HEADERS, contact_row(contact), strict=True))
    values.update(changes or {})
    return values


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
