"""Importing the List of Contacts from the circulated xlsx layout.

Every row is checked before anything is written; one error anywhere and
nothing changes, and every error names its sheet, row, column and value.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, country_in_reach, require
from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record
from thbhub.directory.models import ContactPerson, ContactRole, Institution, InstitutionType
from thbhub.directory.selectors import contacts_editable_by
from thbhub.directory.spreadsheet import (
    HEADERS,
    LIST_SEPARATOR,
    SHEET,
    ImportRow,
    ParsedSheet,
    RowError,
    UnreadableFileError,
    read_xlsx,
)
from thbhub.reference.models import Country
from thbhub.reference.selectors import language_codes

if TYPE_CHECKING:
    from thbhub.accounts.models import User

ProgressCallback = Callable[[int, int], None]

REQUIRED = ["Country code", "Institution", "Institution type", "Given name", "Family name"]

# Column -> the model field whose length limit applies. SQLite would store a
# longer value silently and PostgreSQL would stop the whole import with a
# database error, so the limit is checked here with the row and column.
LENGTH_LIMITS: dict[str, tuple[type[Institution] | type[ContactPerson], str]] = {
    "Institution": (Institution, "name"),
    "Institution (national language)": (Institution, "name_local"),
    "City": (Institution, "city"),
    "Given name": (ContactPerson, "given_name"),
    "Family name": (ContactPerson, "family_name"),
    "Position": (ContactPerson, "position"),
}

# Institution fields that rows of the same institution must agree on.
INSTITUTION_COLUMNS = {
    "kind": "Institution type",
    "institution_local": "Institution (national language)",
    "city": "City",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _split(value: Any) -> list[str]:
    text = _text(value).replace(",", LIST_SEPARATOR)
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(_text(value))


def _lookup(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """Codes and their English labels, both accepted, case-insensitive."""
    table: dict[str, str] = {}
    for code, label in choices:
        table[code.lower()] = code
        table[str(label).lower()] = code
    return table


@dataclass
class _Checks:
    """What every row is checked against, looked up once per file."""

    actor: User
    countries: set[str]
    languages: set[str]
    role_codes: dict[str, str]
    kind_codes: dict[str, str]
    editable_ids: set[int]
    seen_ids: set[int] = field(default_factory=set)
    # (country, institution name) -> the first row that names it.
    institutions: dict[tuple[str, str], ImportRow] = field(default_factory=dict)

    @classmethod
    def for_actor(cls, actor: User) -> _Checks:
        return cls(
            actor=actor,
            countries=set(Country.objects.values_list("code", flat=True)),
            languages=language_codes(),
            role_codes=_lookup(ContactRole.choices),
            kind_codes=_lookup(InstitutionType.choices),
            editable_ids=set(contacts_editable_by(actor).values_list("pk", flat=True)),
        )


class _Row:
    """One sheet row being read: its cells by header, and its errors."""

    def __init__(
        self, number: int, cells: list[Any], position: dict[str, int], errors: list[RowError]
    ) -> None:
        self.number = number
        self.cells = cells
        self.position = position
        self.errors = errors

    def cell(self, name: str) -> Any:
        index = self.position[name]
        return self.cells[index] if index < len(self.cells) else None

    def text(self, name: str) -> str:
        return _text(self.cell(name))

    def error(self, column: str, value: Any, message: str) -> None:
        self.errors.append(RowError(SHEET, self.number, column, _text(value), message))


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
                _("The header row lacks these columns. Keep the header of an export unchanged."),
            )
        )
        return parsed
    if not body:
        parsed.errors.append(
            RowError(
                SHEET, 2, "", "", _("The sheet has no contacts under the header: add one per row.")
            )
        )
        return parsed
    position = {name: header.index(name) for name in HEADERS}
    checks = _Checks.for_actor(actor)
    for done, (number, cells) in enumerate(body, start=1):
        row = _Row(number, cells, position, parsed.errors)
        parsed.rows.append(_parse_row(row, checks))
        if progress is not None:
            progress(done, len(body))
    # Listed as they appear on the sheet: row by row, left to right.
    order = {name: index for index, name in enumerate(HEADERS)}
    parsed.errors.sort(key=lambda error: (error.row, order.get(error.column, len(order))))
    return parsed


def _parse_row(row: _Row, checks: _Checks) -> ImportRow:
    for name in REQUIRED:
        if not row.text(name):
            row.error(name, "", _("'%(column)s' is empty; fill it in.") % {"column": name})
    for column, (model, field_name) in LENGTH_LIMITS.items():
        model_field = model._meta.get_field(field_name)
        limit = model_field.max_length if isinstance(model_field, models.Field) else None
        if limit is not None and len(row.text(column)) > limit:
            row.error(
                column,
                row.text(column),
                _("Longer than %(limit)d characters; shorten it.") % {"limit": limit},
            )
    code = _parse_country(row, checks)
    parsed = ImportRow(
        row=row.number,
        contact_id=_parse_id(row, checks),
        country_code=code,
        institution=row.text("Institution"),
        institution_local=row.text("Institution (national language)"),
        kind=_parse_kind(row, checks),
        city=row.text("City"),
        given_name=row.text("Given name"),
        family_name=row.text("Family name"),
        position=row.text("Position"),
        roles=_parse_roles(row, checks),
        languages=_parse_languages(row, checks),
        email=_parse_email(row),
        phone=row.text("Telephone"),
        last_verified=_parse_verified(row),
    )
    _check_same_institution(row, parsed, checks)
    return parsed


def _parse_id(row: _Row, checks: _Checks) -> int | None:
    raw = row.text("ID")
    if not raw:
        return None
    try:
        contact_id = int(raw)
    except ValueError:
        row.error(
            "ID", raw, _("The ID must be a number from an export, or empty for a new contact.")
        )
        return None
    if contact_id not in checks.editable_ids:
        row.error(
            "ID",
            raw,
            _("No contact with this ID is yours to change. Leave ID empty to add a new contact."),
        )
    elif contact_id in checks.seen_ids:
        row.error("ID", raw, _("This ID appears on more than one row; keep one row per contact."))
    checks.seen_ids.add(contact_id)
    return contact_id


def _parse_country(row: _Row, checks: _Checks) -> str:
    code = row.text("Country code").upper()
    if code and code not in checks.countries:
        row.error("Country code", code, _("Not an ISO 3166-1 alpha-2 code (use XK for Kosovo*)."))
    elif code and not country_in_reach(checks.actor, Perm.DIRECTORY_EDIT, code):
        row.error("Country code", code, _("You can change only your own country's contacts."))
    return code


def _parse_kind(row: _Row, checks: _Checks) -> str:
    raw = row.text("Institution type")
    kind = checks.kind_codes.get(raw.lower(), "")
    if raw and not kind:
        row.error("Institution type", raw, _("Unknown type; use a code from the 'Codes' sheet."))
    return kind


def _parse_roles(row: _Row, checks: _Checks) -> list[str]:
    roles: list[str] = []
    for role in _split(row.cell("Roles")):
        if role.lower() in checks.role_codes:
            roles.append(checks.role_codes[role.lower()])
        else:
            row.error(
                "Roles",
                role,
                _("Unknown role; use codes from the 'Codes' sheet, separated by ';'."),
            )
    return roles


def _parse_languages(row: _Row, checks: _Checks) -> list[str]:
    spoken = [part.lower() for part in _split(row.cell("Languages"))]
    for language in spoken:
        if language not in checks.languages:
            row.error(
                "Languages",
                language,
                _("Unknown language; use ISO 639-1 codes such as sq, sr, mk."),
            )
    return spoken


def _parse_email(row: _Row) -> str:
    email = row.text("E-mail")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.error("E-mail", email, _("Not an e-mail address; write it as name@example.org."))
    return email


def _parse_verified(row: _Row) -> datetime.date | None:
    try:
        verified = _date(row.cell("Last verified"))
    except ValueError:
        row.error(
            "Last verified",
            row.cell("Last verified"),
            _("Not a date; write it as YYYY-MM-DD, for example 2024-02-29."),
        )
        return None
    if verified and verified > timezone.localdate():
        row.error("Last verified", verified.isoformat(), _("The date is in the future."))
    return verified


def _check_same_institution(row: _Row, parsed: ImportRow, checks: _Checks) -> None:
    """Rows of one institution must agree on its type, local name and city:
    otherwise one of them would be lost without a word."""
    key = (parsed.country_code, parsed.institution)
    first = checks.institutions.setdefault(key, parsed)
    if first is parsed:
        return
    for attribute, column in INSTITUTION_COLUMNS.items():
        mine, theirs = getattr(parsed, attribute), getattr(first, attribute)
        if mine and theirs and mine != theirs:
            row.error(
                column,
                mine,
                _(
                    "Row %(row)d gives this institution '%(value)s'; one institution has one "
                    "value here, so make the rows agree."
                )
                % {"row": first.row, "value": theirs},
            )


def directory_import(*, actor: User, parsed: ParsedSheet) -> dict[str, int]:
    """Write a checked import in one transaction, with one audit row.

    Rows identical to the directory are left alone, so that the counts and
    the contacts' versions show what really changed. An institution named by
    the file gets the type, local name and city the file gives it (an empty
    cell keeps the current value).
    """
    require(actor, Perm.DIRECTORY_EDIT)
    if parsed.errors:
        msg = "An import with errors cannot be written."
        raise ValueError(msg)
    summary = dict.fromkeys(
        ("created", "updated", "unchanged", "institutions_created", "institutions_updated"), 0
    )
    with transaction.atomic():
        contacts = _lock_contacts(actor, parsed)
        institutions: dict[tuple[str, str], Institution] = {}
        for row in parsed.rows:
            key = (row.country_code, row.institution)
            if key not in institutions:
                institutions[key] = _institution_for(row, summary)
            values: dict[str, Any] = {
                "institution_id": institutions[key].pk,
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
                summary["created"] += 1
                continue
            contact = contacts[row.contact_id]
            if all(getattr(contact, name) == value for name, value in values.items()):
                summary["unchanged"] += 1
                continue
            for name, value in values.items():
                setattr(contact, name, value)
            contact.version += 1
            contact.save()
            summary["updated"] += 1
        audit_record(
            actor=actor,
            action="directory.import",
            object_type="directory.contactperson",
            detail=summary,
        )
    return summary


def _lock_contacts(actor: User, parsed: ParsedSheet) -> dict[int, ContactPerson]:
    """The contacts the file changes, locked, after checking again that the
    actor may change them and their countries (the file was checked before
    the transaction began)."""
    ids = {row.contact_id for row in parsed.rows if row.contact_id is not None}
    contacts = contacts_editable_by(actor).select_for_update().in_bulk(ids)
    out_of_reach = [
        row
        for row in parsed.rows
        if (row.contact_id is not None and row.contact_id not in contacts)
        or not country_in_reach(actor, Perm.DIRECTORY_EDIT, row.country_code)
    ]
    if out_of_reach:
        raise PermissionDenied(Perm.DIRECTORY_EDIT)
    return contacts


def _institution_for(row: ImportRow, summary: dict[str, int]) -> Institution:
    institution, created = Institution.objects.get_or_create(
        country_id=row.country_code,
        name=row.institution,
        defaults={"kind": row.kind, "name_local": row.institution_local, "city": row.city},
    )
    if created:
        summary["institutions_created"] += 1
        return institution
    changes = {
        name: value
        for name, value in (
            ("kind", row.kind),
            ("name_local", row.institution_local),
            ("city", row.city),
        )
        if value and getattr(institution, name) != value
    }
    if changes:
        for name, value in changes.items():
            setattr(institution, name, value)
        institution.version += 1
        institution.save()
        summary["institutions_updated"] += 1
    return institution


def import_contacts_file(
    *, actor: User, handle: IO[bytes], progress: ProgressCallback | None = None
) -> tuple[ParsedSheet, dict[str, int] | None]:
    """Read, check and, when there is no error, write an xlsx import.

    A refused file is recorded in the audit log as a failed import, whatever
    the reason, so that every attempt can be traced.
    """
    try:
        header, body = read_xlsx(handle)
    except UnreadableFileError as error:
        _record_failure(actor, {"unreadable": True, "reason": str(error)[:200]})
        raise
    parsed = parse_contacts(actor, header, body, progress)
    if parsed.errors:
        _record_failure(actor, {"errors": len(parsed.errors), "rows": len(body)})
        return parsed, None
    return parsed, directory_import(actor=actor, parsed=parsed)


def _record_failure(actor: User, detail: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        action="directory.import",
        outcome=Outcome.FAILED,
        object_type="directory.contactperson",
        detail=detail,
    )
