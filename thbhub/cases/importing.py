"""Bulk import of cases from a victim register (design brief 6.2).

Every row is checked first; with any error nothing is stored and every
error names the file, line, column, value and the fix. The register holds
no date of first contact nor of the decision: the first contact is taken
as 1 January of ``year_identified`` (today's date when it is empty), and an
identified person's decision date is left empty, so that indicators about
time to identification leave imported cases out.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import require
from thbhub.audit.services import audit_record
from thbhub.cases import services
from thbhub.cases.codes import CaseStatus, EventKind, Exploitation, IdentifiedBy
from thbhub.cases.models import Case
from thbhub.core.concurrency import update_versioned
from thbhub.linkage.files import REGISTER_COLUMNS
from thbhub.linkage.normalise import PartialDate, parse_date, parse_sex
from thbhub.reference.models import Country

if TYPE_CHECKING:
    from thbhub.accounts.models import User

MAX_REPORTED_ERRORS = 50
_YEAR = re.compile(r"(19|20)\d\d")


@dataclass(frozen=True)
class ImportRow:
    line: int
    record_id: str
    data: services.CaseData
    identifiers: services.IdentifierData
    status: str


class RegisterImportError(Exception):
    def __init__(self, errors: list[str]) -> None:
        shown = errors[:MAX_REPORTED_ERRORS]
        more = len(errors) - len(shown)
        tail = f"\n... and {more} more" if more else ""
        super().__init__(
            "\n".join(shown) + tail + "\nNothing was imported; correct the file and run again."
        )
        self.errors = errors


def _text(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        msg = (
            f"{name}: byte {error.start} is not UTF-8; save the file as UTF-8 "
            "(in Excel: Save As, 'CSV UTF-8 (Comma delimited)')."
        )
        raise RegisterImportError([msg]) from None


def _iso(date: PartialDate | None) -> str:
    if date is None:
        return ""
    parts = [f"{date.year:04d}"]
    if date.month is not None:
        parts.append(f"{date.month:02d}")
        if date.day is not None:
            parts.append(f"{date.day:02d}")
    return "-".join(parts)


def _header(reader: Iterator[list[str]], name: str) -> list[str]:
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [column for column in REGISTER_COLUMNS if column not in header]
    if missing:
        message = (
            f"{name}, line 1: missing column(s) {', '.join(missing)}; the header must "
            f"name {', '.join(REGISTER_COLUMNS)}"
        )
        raise RegisterImportError([message])
    return header


@dataclass
class _RowChecker:
    """Checks one row at a time, collecting every error with its place."""

    name: str
    country_id: str
    countries: set[str]
    today: datetime.date
    errors: list[str]

    def error(self, line: int, column: str, value: str, fix: str) -> None:
        self.errors.append(f"{self.name}, line {line}, column {column}, value {value!r}: {fix}")

    def partial_date(self, line: int, value: str) -> PartialDate | None:
        try:
            return parse_date(value)
        except ValueError as problem:
            self.error(line, "date_of_birth", value, str(problem))
            return None

    def sex(self, line: int, value: str) -> str:
        try:
            return parse_sex(value) or "UNK"
        except ValueError as problem:
            self.error(line, "sex", value, str(problem))
            return "UNK"

    def year(self, line: int, value: str) -> int | None:
        if not value:
            return None
        if not _YEAR.fullmatch(value) or int(value) > self.today.year:
            self.error(
                line,
                "year_identified",
                value,
                "give a past year as four digits, e.g. 2024, or leave it empty",
            )
            return None
        return int(value)

    def status(self, line: int, value: str) -> str:
        status = value.upper() or CaseStatus.PRESUMED
        if status not in (CaseStatus.PRESUMED, CaseStatus.IDENTIFIED):
            self.error(line, "status", value, "expected IDENTIFIED, PRESUMED or an empty cell")
        return status

    def exploitation(self, line: int, value: str) -> list[str]:
        forms = [code.strip().upper() for code in value.split(";") if code.strip()]
        if any(code not in Exploitation.values for code in forms):
            fix = f"use codes of 6.1 separated by ';': {', '.join(Exploitation.values)}"
            self.error(line, "exploitation", value, fix)
        return forms

    def row(self, line: int, row: dict[str, str]) -> ImportRow:
        if not row["record_id"]:
            self.error(line, "record_id", "", "every row needs a record id")
        for column in ("citizenship", "identified_in"):
            if row[column] and row[column].upper() not in self.countries:
                fix = "give an ISO 3166-1 alpha-2 code such as RS (XK for Kosovo*)"
                self.error(line, column, row[column], fix)
        born = self.partial_date(line, row["date_of_birth"])
        year = self.year(line, row["year_identified"])
        age = year - born.year if born is not None and year is not None else None
        abroad = bool(row["identified_in"]) and row["identified_in"].upper() != self.country_id
        data = services.CaseData(
            first_contact_on=datetime.date(year, 1, 1) if year else self.today,
            sex=self.sex(line, row["sex"]),
            age_at_identification=age if age is not None and 0 <= age <= services.MAX_AGE else None,
            # A birth year alone gives the age to within a year.
            age_uncertain=born is None or born.month is None,
            citizenship=row["citizenship"].upper(),
            exploitation=self.exploitation(line, row["exploitation"]),
            identified_by=IdentifiedBy.ABROAD if abroad else "",
        )
        identifiers = services.IdentifierData(
            given_names=row["given_name"], family_names=row["family_name"], date_of_birth=_iso(born)
        )
        return ImportRow(
            line, row["record_id"], data, identifiers, self.status(line, row["status"])
        )


def read_register(data: bytes, name: str, *, country_id: str) -> list[ImportRow]:
    """The rows of a 6.2 register, checked; every error at once."""
    text = _text(data, name)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = _header(reader, name)
    checker = _RowChecker(
        name=name,
        country_id=country_id,
        countries=set(Country.objects.values_list("code", flat=True)),
        today=timezone.localdate(),
        errors=[],
    )
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            checker.errors.append(
                f"{name}, line {line}: {len(cells)} cells instead of {len(header)}; every row "
                f"needs exactly the columns of the header (separator {delimiter!r})"
            )
            continue
        row = {column: value.strip() for column, value in zip(header, cells, strict=True)}
        if row["record_id"] in seen:
            fix = f"the id is already on line {seen[row['record_id']]}; make ids unique"
            checker.error(line, "record_id", row["record_id"], fix)
        seen.setdefault(row["record_id"], line)
        rows.append(checker.row(line, row))
    if checker.errors:
        raise RegisterImportError(checker.errors)
    if not rows:
        raise RegisterImportError([f"{name}: the file has no rows below the header"])
    return rows


def cases_import_register(*, actor: User, agency_id: int, data: bytes, name: str) -> list[Case]:
    """Open one case per register row in the actor's agency, all or nothing."""
    require(actor, Perm.CASES_REGISTER)
    require(actor, Perm.CASES_EDIT)
    if actor.agency_id is None or actor.agency_id != agency_id:
        raise ValidationError(
            _(
                "Agency %(given)s is not the agency of your account (%(own)s): cases are "
                "imported into the importing case worker's own agency."
            )
            % {"given": agency_id, "own": actor.agency_id or "-"}
        )
    assert actor.agency is not None  # noqa: S101 — checked just above
    rows = read_register(data, name, country_id=actor.agency.country_id)
    created = []
    with transaction.atomic():
        for row in rows:
            try:
                case = services.case_create(
                    actor=actor,
                    data=row.data,
                    identifiers=row.identifiers,
                    event_kind=EventKind.IMPORTED,
                )
            except ValidationError as problem:
                lines = [
                    f"{name}, line {row.line}, column {field}: {' '.join(messages)}"
                    for field, messages in problem.message_dict.items()
                ]
                raise RegisterImportError(lines) from None
            if row.status == CaseStatus.IDENTIFIED:
                update_versioned(case, expected_version=case.version, status=CaseStatus.IDENTIFIED)
            created.append(case)
        audit_record(
            actor=actor,
            action="cases.register.import",
            object_type="cases.case",
            detail={"rows": len(created), "file": name},
        )
    return created
