"""Importing the List of Contacts from the circulated xlsx layout.

Every row is checked before anything is written; one error anywhere and
nothing changes, and every error names its sheet, row, column and value.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from thbhub.access.permissions import Perm
from thbhub.access.policies import country_in_reach, require
from thbhub.audit.services import audit_record
from thbhub.directory.models import ContactPerson, ContactRole, Institution, InstitutionType
from thbhub.directory.selectors import contacts_editable_by
from thbhub.directory.spreadsheet import (
    HEADERS,
    LIST_SEPARATOR,
    SHEET,
    RowError,
    ImportRow,
    ParsedSheet,
    read_xlsx,
)
from thbhub.reference.models import Country
from thbhub.reference.selectors import language_codes

if TYPE_CHECKING:
    from thbhub.accounts.models import User

ProgressCallback = Callable[[int, int], None]

REQUIRED = ["Country code", "Institution", "Institution type", "Given name", "Family name"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _split(value: Any) -> list[str]:
    return [part.strip() for part in _text(value).replace(",", LIST_SEPARATOR).split(LIST_SEPARATOR) if part.strip()]


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(_text(value))


def parse_contacts(
    actor: User,
    header: list[str],
    body: list[tuple[int, list[Any]]],
    progress: ProgressCallback | None = None,
) -> ParsedSheet:
    parsed = ParsedSheet()
    missing = [name for name in HEADERS if name not in header]
    if missing:
        parsed.errors.append(
            RowError(
                SHEET,
                1,
                ", ".join(missing),
                "",
                "The header row lacks these columns. Keep the header of an export unchanged.",
            )
        )
        return parsed
    position = {name: header.index(name) for name in HEADERS}
    countries = set(Country.objects.values_list("code", flat=True))
    languages = language_codes()
    role_codes = _lookup(ContactRole.choices)
    kind_codes = _lookup(InstitutionType.choices)
    editable_ids = set(contacts_editable_by(actor).values_list("pk", flat=True))
    seen_ids: set[int] = set()

    for done, (number, cells) in enumerate(body, start=1):
        cells = cells + [None] * (len(header) - len(cells))

        def cell(name: str, cells: list[Any] = cells) -> Any:
            return cells[position[name]]

        def error(column: str, value: Any, message: str, number: int = number) -> None:
            parsed.errors.append(RowError(SHEET, number, column, _text(value), message))

        for name in REQUIRED:
            if not _text(cell(name)):
                error(name, "", f"'{name}' is empty; fill it in.")
        contact_id: int | None = None
        if _text(cell("ID")):
            try:
                contact_id = int(_text(cell("ID")))
            except ValueError:
                error("ID", cell("ID"), "The ID must be a number from an export, or empty for a new contact.")
            else:
                if contact_id not in editable_ids:
                    error("ID", cell("ID"), "No contact with this ID is yours to change. Leave ID empty to add a new contact.")
                elif contact_id in seen_ids:
                    error("ID", cell("ID"), "This ID appears on more than one row; keep one row per contact.")
                seen_ids.add(contact_id)
        code = _text(cell("Country code")).upper()
        if code and code not in countries:
            error("Country code", code, "Not an ISO 3166-1 alpha-2 code (use XK for Kosovo*).")
        elif code and not country_in_reach(actor, Perm.DIRECTORY_EDIT, code):
            error("Country code", code, "You can change only your own country's contacts.")
        kind_raw = _text(cell("Institution type"))
        kind = kind_codes.get(kind_raw.lower(), "")
        if kind_raw and not kind:
            error("Institution type", kind_raw, "Unknown type; use a code from the 'Codes' sheet.")
        roles: list[str] = []
        for role in _split(cell("Roles")):
            if role.lower() in role_codes:
                roles.append(role_codes[role.lower()])
            else:
                error("Roles", role, "Unknown role; use codes from the 'Codes' sheet, separated by ';'.")
        spoken = [part.lower() for part in _split(cell("Languages"))]
        for language in spoken:
            if language not in languages:
                error("Languages", language, "Unknown language; use ISO 639-1 codes such as sq, sr, mk.")
        email = _text(cell("E-mail"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                error("E-mail", email, "Not an e-mail address; write it as name@example.org.")
        try:
            verified = _date(cell("Last verified"))
        except ValueError:
            error("Last verified", cell("Last verified"), "Not a date; write it as YYYY-MM-DD.")
            verified = None
        if verified and verified > datetime.date.today():  # noqa: DTZ011 — a calendar date
            error("Last verified", verified.isoformat(), "The date is in the future.")
        parsed.rows.append(
            ImportRow(
                row=number,
                contact_id=contact_id,
                country_code=code,
                institution=_text(cell("Institution")),
                institution_local=_text(cell("Institution (national language)")),
                kind=kind,
                city=_text(cell("City")),
                given_name=_text(cell("Given name")),
                family_name=_text(cell("Family name")),
                position=_text(cell("Position")),
                roles=roles,
                languages=spoken,
                email=email,
                phone=_text(cell("Telephone")),
                last_verified=verified,
            )
        )
        if progress is not None:
            progress(done, len(body))
    return parsed


def _lookup(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """Codes and their English labels, both accepted, case-insensitive."""
    table: dict[str, str] = {}
    for code, label in choices:
        table[code.lower()] = code
        table[str(label).lower()] = code
    return table


def directory_import(*, actor: User, parsed: ParsedSheet) -> dict[str, int]:
    """Write a checked import in one transaction, with one audit row."""
    require(actor, Perm.DIRECTORY_EDIT)
    if parsed.errors:
        msg = "An import with errors cannot be written."
        raise ValueError(msg)
    created = updated = institutions_created = 0
    with transaction.atomic():
        for row in parsed.rows:
            institution, made = Institution.objects.get_or_create(
                country_id=row.country_code,
                name=row.institution,
                defaults={"kind": row.kind, "name_local": row.institution_local, "city": row.city},
            )
            institutions_created += int(made)
            values = {
                "institution": institution,
                "given_name": row.given_name,
                "family_name": row.family_name,
                "position": row.position,
                "roles": row.roles,
                "languages": row.languages,
                "email": row.email,
                "phone": row.phone,
                "last_verified": row.last_verified,
            }
            if row.contact_id is None:
                ContactPerson.objects.create(**values)
                created += 1
            else:
                contact = ContactPerson.objects.get(pk=row.contact_id)
                for name, value in values.items():
                    setattr(contact, name, value)
                contact.version += 1
                contact.save()
                updated += 1
        summary = {
            "created": created,
            "updated": updated,
            "institutions_created": institutions_created,
        }
        audit_record(
            actor=actor,
            action="directory.import",
            object_type="directory.contactperson",
            detail=summary,
        )
    return summary


def import_contacts_file(
    *, actor: User, handle: IO[bytes], progress: ProgressCallback | None = None
) -> tuple[ParsedSheet, dict[str, int] | None]:
    """Read, check and, when there is no error, write an xlsx import."""
    header, body = read_xlsx(handle)
    parsed = parse_contacts(actor, header, body, progress)
    if parsed.errors:
        audit_record(
            actor=actor,
            action="directory.import",
            outcome="failed",
            object_type="directory.contactperson",
            detail={"errors": len(parsed.errors), "rows": len(body)},
        )
        return parsed, None
    return parsed, directory_import(actor=actor, parsed=parsed)
