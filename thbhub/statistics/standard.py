"""The statistical observations standard (design brief 6.1) as plain data.

Nothing here touches the database: the web form, the xlsx template and the
CSV path all build a ``CodeLists`` once and hand plain rows to validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from django.utils.translation import gettext as _

from thbhub.reference.loading import (
    CODELISTS_FILE,
    COUNTRIES_FILE,
    parse_codelists,
    read_csv,
)

# The columns of a 6.1 file, in the order they are written.
COLUMNS: tuple[str, ...] = (
    "country",
    "year",
    "measure",
    "status",
    "sex",
    "age",
    "citizenship",
    "exploitation",
    "exploitation_country",
    "identified_in",
    "service",
    "value",
    "flag",
    "note",
)

# The dimensions a measure is broken down by; each has a TOTAL code.
BREAKDOWNS: tuple[str, ...] = (
    "status",
    "sex",
    "age",
    "citizenship",
    "exploitation",
    "exploitation_country",
    "identified_in",
    "service",
)

# Columns a file may leave out: each is then TOTAL on every row. ``service``
# came with version 2 of the code lists, so files in the first layout of
# 6.1 stay valid.
OPTIONAL_COLUMNS: frozenset[str] = frozenset({"service"})

# Breakdowns whose categories need not add up to TOTAL: one person may
# receive several services, so each service is at most TOTAL.
NON_ADDITIVE: frozenset[str] = frozenset({"service"})

# Everything that places a value: two rows with the same coordinates clash.
COORDINATES: tuple[str, ...] = ("country", "year", "measure", *BREAKDOWNS)

# Coordinates without the year: the same series in another year.
SERIES: tuple[str, ...] = ("country", "measure", *BREAKDOWNS)

# Columns whose codes come from a code list of the same name, upper-cased.
CODED: tuple[str, ...] = ("measure", *BREAKDOWNS)

# Columns that also take an ISO 3166-1 alpha-2 code as a detail below a group.
ISO_DETAIL: tuple[str, ...] = ("citizenship", "exploitation_country")

TOTAL = "TOTAL"
NOT_APPLICABLE = "_Z"
VICTIM_MEASURES: frozenset[str] = frozenset({"VICTIMS", "VICTIMS_ASSISTED"})
VICTIM_STATUSES: frozenset[str] = frozenset({"IDENTIFIED", "PRESUMED", TOTAL})

# Offenders are counted by sex and citizenship only (after Eurostat's
# collection); their other breakdowns stay TOTAL and status is _Z.
OFFENDER_BREAKDOWNS: frozenset[str] = frozenset({"sex", "citizenship"})

# Only assistance is counted by type of service; every other measure has
# service TOTAL.
SERVICE_MEASURES: frozenset[str] = frozenset({"VICTIMS_ASSISTED"})

# The group code an ISO detail code falls under, by whose country it is.
ISO_GROUPS: dict[str, tuple[str, str, str]] = {
    # column: (reporting country's own code, EU member, any other country)
    "citizenship": ("NATIONAL", "OTHER_EU", "NON_EU"),
    "exploitation_country": ("DOMESTIC", "OTHER_EU", "NON_EU"),
}

SeriesKey = tuple[str, ...]
CoordinateKey = tuple[str, ...]


def applies(measure: str, column: str) -> bool:
    """Whether ``measure`` may be broken down by ``column``."""
    if column == "service":
        return measure in SERVICE_MEASURES
    if measure in VICTIM_MEASURES:
        return column in BREAKDOWNS
    return column in OFFENDER_BREAKDOWNS


@dataclass(frozen=True)
class RawRow:
    """One row as the user wrote it, before any check.

    ``cells`` is keyed by lower-case column name; ``overflow`` holds cells
    beyond the header, usually a note with an unquoted separator.
    """

    sheet: str
    row: int
    cells: Mapping[str, str]
    overflow: tuple[str, ...] = ()

    def cell(self, column: str) -> str:
        return self.cells.get(column, "").strip()


@dataclass(frozen=True)
class Observation:
    """One checked cell of the standard, with where it came from."""

    country: str
    year: int
    measure: str
    status: str
    sex: str
    age: str
    citizenship: str
    exploitation: str
    exploitation_country: str
    identified_in: str
    value: int | None
    flag: str
    note: str
    source_row: int
    source_sheet: str
    # Last and defaulted: rows built before the SERVICE list need not name it.
    service: str = TOTAL

    def coordinate(self, column: str) -> str:
        return str(getattr(self, column))

    # Cached: the rules across rows look every row up by it many times.
    @cached_property
    def coordinates(self) -> CoordinateKey:
        return tuple(self.coordinate(column) for column in COORDINATES)

    @property
    def series_key(self) -> SeriesKey:
        return tuple(self.coordinate(column) for column in SERIES)

    def as_row(self) -> dict[str, str]:
        """The observation as a row of a 6.1 file."""
        row = {column: self.coordinate(column) for column in COLUMNS}
        row["value"] = "" if self.value is None else str(self.value)
        return row


@dataclass(frozen=True)
class CodeLists:
    """The valid codes per column, for one code-list version."""

    version: str
    codes: Mapping[str, frozenset[str]]
    countries: frozenset[str]
    eu_members: frozenset[str]
    flags: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_lists(
        cls,
        *,
        version: str,
        lists: Mapping[str, Iterable[str]],
        countries: Iterable[str],
        eu_members: Iterable[str],
    ) -> CodeLists:
        """From code lists keyed by dimension as in the reference models
        (``SEX``, ``FLAG``...), so a stored version can be used as well."""
        return cls(
            version=version,
            codes={column: frozenset(lists.get(column.upper(), ())) for column in CODED},
            countries=frozenset(countries),
            eu_members=frozenset(eu_members),
            flags=frozenset(lists.get("FLAG", ())),
        )

    @classmethod
    def from_files(
        cls, codelists: Path = CODELISTS_FILE, countries: Path = COUNTRIES_FILE
    ) -> CodeLists:
        document = parse_codelists(codelists)
        rows = read_csv(countries, ["code", "eu_status"])
        return cls.from_lists(
            version=str(document["version"]),
            lists={
                dimension: [entry["code"] for entry in entries]
                for dimension, entries in document["lists"].items()
            },
            countries=[row["code"] for row in rows],
            eu_members=[row["code"] for row in rows if row["eu_status"] == "member"],
        )

    def categories(self, column: str) -> frozenset[str]:
        """The codes that together make up TOTAL (ISO details excluded)."""
        if column == "status":
            return VICTIM_STATUSES - {TOTAL}
        return self.codes[column] - {TOTAL, NOT_APPLICABLE}

    def is_iso_detail(self, column: str, code: str) -> bool:
        return column in ISO_DETAIL and code in self.countries

    def iso_group(self, column: str, code: str, reporting_country: str) -> str:
        own, eu, other = ISO_GROUPS[column]
        if code == reporting_country:
            return own
        return eu if code in self.eu_members else other


# What validation reports -----------------------------------------------------


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Issue:
    """One finding, placed where the user has to look."""

    severity: Severity
    sheet: str
    row: int
    column: str
    value: str
    message: str
    rule: str
    # Every row the finding is about, e.g. the categories and their total.
    rows: tuple[int, ...] = ()

    def __str__(self) -> str:
        facts = {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }
        # Row 0 is the file as a whole (empty, not CSV...), which has no row to name.
        if not self.row:
            return _("%(sheet)s: %(message)s") % facts
        if not self.column:
            return _("%(sheet)s, row %(row)d: %(message)s") % facts
        return _("%(sheet)s, row %(row)d, column %(column)s: %(message)s") % facts

    def as_dict(self) -> dict[str, object]:
        """For the API and the CLI's JSON output."""
        return {
            "severity": str(self.severity),
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "rule": self.rule,
            "rows": list(self.rows),
        }


@dataclass
class ValidationReport:
    issues: list[Issue] = field(default_factory=list)
    # The rows that passed the row rules, in file order; store them only if ok.
    observations: list[Observation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == Severity.WARNING]

    @property
    def infos(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == Severity.INFO]
