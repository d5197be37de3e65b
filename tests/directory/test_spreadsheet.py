"""The List of Contacts as xlsx and CSV: what an export holds, read back
with the libraries a partner would use."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook, load_workbook

from tests.directory.sheets import cell, column, contacts_sheet, row_of, to_bytes
from thbhub.accounts.models import User
from thbhub.directory import services
from thbhub.directory.models import ContactPerson, Institution, InstitutionType
from thbhub.directory.spreadsheet import CODES_SHEET, HEADERS, INSTRUCTIONS_SHEET, SHEET
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _instructions(book: Workbook) -> str:
    return "\n".join(
        str(row[0] or "") for row in book[INSTRUCTIONS_SHEET].iter_rows(values_only=True)
    )


def test_xlsx_export_has_the_circulated_layout(client_for):
    response = client_for("rs.coordinator").get("/directory/export.xlsx", {"country": "RS"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [INSTRUCTIONS_SHEET, SHEET, CODES_SHEET]
    sheet = contacts_sheet(book)
    assert [c.value for c in sheet[1]] == HEADERS

    rs_contacts = ContactPerson.objects.filter(institution__country="RS", active=True)
    assert sheet.max_row - 1 == rs_contacts.count()
    known = rs_contacts.select_related("institution").order_by("pk").first()
    assert known is not None
    row = row_of(sheet, known.pk)
    assert cell(sheet, row, "Country") == "Serbia"
    assert cell(sheet, row, "Country code") == "RS"
    assert cell(sheet, row, "Institution") == known.institution.name
    assert cell(sheet, row, "Institution type") == known.institution.kind
    assert cell(sheet, row, "Given name") == known.given_name
    assert cell(sheet, row, "Family name") == known.family_name
    assert cell(sheet, row, "E-mail") == known.email
    assert cell(sheet, row, "Roles") == ";".join(known.roles)
    assert cell(sheet, row, "Last verified").date() == known.last_verified
    # Only Serbia is named: no Kosovo* note is needed.
    assert str(KOSOVO_DESIGNATION_NOTE) not in _instructions(book)

    validations = [dv for dv in sheet.data_validations.dataValidation if "F2" in str(dv.sqref)]
    assert len(validations) == 1
    assert validations[0].type == "list"
    assert validations[0].formula1 == f"'{CODES_SHEET}'!$A$2:$A${len(InstitutionType) + 1}"
    codes = [row[0] for row in book[CODES_SHEET].iter_rows(min_row=2, values_only=True) if row[0]]
    assert codes == list(InstitutionType.values)
    assert column("Institution type") == 6  # the validated column F


def test_xlsx_export_naming_kosovo_carries_the_designation_note(client_for):
    response = client_for("secretariat").get("/directory/export.xlsx", {"country": "XK"})
    book = load_workbook(io.BytesIO(response.content))
    sheet = contacts_sheet(book)
    assert {cell(sheet, row, "Country code") for row in range(2, sheet.max_row + 1)} == {"XK"}
    assert cell(sheet, 2, "Country") == "Kosovo*"
    assert str(KOSOVO_DESIGNATION_NOTE) in _instructions(book)


def _add_contact(
    users: dict[str, User],
    given_name: str,
    family_name: str,
    *,
    position: str = "",
    phone: str = "",
) -> ContactPerson:
    institution = Institution.objects.filter(country="RS").order_by("pk").first()
    assert institution is not None
    data = services.ContactData(
        institution_id=institution.pk,
        given_name=given_name,
        family_name=family_name,
        position=position,
        phone=phone,
    )
    return services.contact_create(actor=users["secretariat"], data=data)


def test_csv_export_keeps_cyrillic_and_diacritics_and_starts_with_a_bom(client_for, users):
    contact = _add_contact(
        users, given_name="Ștefan", family_name="Đorđević-Јовановић", position="Savetnik za ćutanje"
    )
    response = client_for("rs.coordinator").get("/directory/export.csv", {"country": "RS"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    by_id = {row[0]: dict(zip(HEADERS, row, strict=True)) for row in rows[1:]}
    mine = by_id[str(contact.pk)]
    assert mine["Given name"] == "Ștefan"
    assert mine["Family name"] == "Đorđević-Јовановић"
    assert mine["Position"] == "Savetnik za ćutanje"
    assert mine["Last verified"] == ""
    demo = ContactPerson.objects.filter(institution__country="RS", family_name__contains="ć")
    assert demo.exists()
    assert all(by_id[str(person.pk)]["Family name"] == person.family_name for person in demo)


def test_text_that_looks_like_a_formula_stays_text(client_for, users):
    contact = _add_contact(
        users,
        given_name='=HYPERLINK("http://evil.example","click")',
        family_name="@SUM(1+1)",
        phone="+381 11 123 456",
    )
    client = client_for("rs.coordinator")

    rows = csv.reader(io.StringIO(client.get("/directory/export.csv").content.decode("utf-8-sig")))
    mine = next(dict(zip(HEADERS, row, strict=True)) for row in rows if row[0] == str(contact.pk))
    # A leading apostrophe makes Excel show the cell as text instead of running it.
    assert mine["Given name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert mine["Family name"] == "'@SUM(1+1)"
    assert mine["Telephone"] == "+381 11 123 456"

    book = load_workbook(io.BytesIO(client.get("/directory/export.xlsx").content))
    sheet = contacts_sheet(book)
    row = row_of(sheet, contact.pk)
    given = sheet.cell(row, column("Given name"))
    assert given.data_type == "s"
    assert given.value == contact.given_name
    # Read back as the importer reads it, the value is what was typed.
    again = load_workbook(io.BytesIO(to_bytes(book)), read_only=True, data_only=True)
    values = next(again[SHEET].iter_rows(min_row=row, max_row=row, values_only=True))
    assert values[column("Given name") - 1] == contact.given_name
