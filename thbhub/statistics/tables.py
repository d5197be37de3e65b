"""The tables of the questionnaire: which cells of the 6.1 standard each holds.

One list serves the xlsx template (a sheet per table), the web form (a page
per table), the demo data and the report, so a table means the same
everywhere. Every cell a table holds is a 6.1 observation: the table's
dimensions take each of their categories and TOTAL, every other dimension
is TOTAL (``_Z`` for status outside the victim measures).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thbhub.statistics.standard import BREAKDOWNS, NOT_APPLICABLE, TOTAL, VICTIM_MEASURES

# The categories a table lists, in the order a reader expects them; ISO
# details below NATIONAL/OTHER_EU/NON_EU stay possible in CSV uploads.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "status": ("IDENTIFIED", "PRESUMED"),
    "sex": ("F", "M", "UNK"),
    "age": ("CHILD", "ADULT", "UNK"),
    "citizenship": ("NATIONAL", "OTHER_EU", "NON_EU", "UNK"),
    "exploitation": (
        "SEXUAL",
        "LABOUR",
        "BEGGING",
        "CRIMINAL_ACTIVITIES",
        "ORGAN_REMOVAL",
        "FORCED_MARRIAGE",
        "OTHER",
        "UNK",
    ),
    "exploitation_country": ("DOMESTIC", "OTHER_EU", "NON_EU", "UNK"),
    "identified_in": ("REPORTING", "ABROAD", "UNK"),
    "service": (
        "ACCOMMODATION",
        "MEDICAL",
        "MENTAL_HEALTH",
        "PSYCHOLOGICAL",
        "LEGAL_AID",
        "INTERPRETATION",
        "EDUCATION",
        "EMPLOYMENT",
        "FINANCIAL",
        "OTHER",
        "UNK",
    ),
}

OFFENDER_MEASURES: tuple[str, ...] = ("SUSPECTS", "PROSECUTED", "CONVICTED")


@dataclass(frozen=True)
class Table:
    key: str
    title: Promise
    measures: tuple[str, ...]
    dimensions: tuple[str, ...]

    def cells(self, measure: str) -> Iterator[dict[str, str]]:
        """Every cell's coordinates (the BREAKDOWNS only) for ``measure``."""
        base = dict.fromkeys(BREAKDOWNS, TOTAL)
        if measure not in VICTIM_MEASURES:
            base["status"] = NOT_APPLICABLE
        choices = [(*CATEGORIES[column], TOTAL) for column in self.dimensions]
        for combination in itertools.product(*choices):
            yield base | dict(zip(self.dimensions, combination, strict=True))


TABLES: tuple[Table, ...] = (
    Table(
        "victims_sex_age",
        _("Victims by status, sex and age"),
        ("VICTIMS",),
        ("status", "sex", "age"),
    ),
    Table(
        "victims_citizenship",
        _("Victims by status, sex and citizenship"),
        ("VICTIMS",),
        ("status", "sex", "citizenship"),
    ),
    Table(
        "victims_exploitation",
        _("Victims by status and form of exploitation"),
        ("VICTIMS",),
        ("status", "exploitation"),
    ),
    Table(
        "victims_exploitation_country",
        _("Victims by status and country of exploitation"),
        ("VICTIMS",),
        ("status", "exploitation_country"),
    ),
    Table(
        "victims_identified_in",
        _("Victims by status and who identified them"),
        ("VICTIMS",),
        ("status", "identified_in"),
    ),
    Table(
        "victims_assisted",
        _("Victims assisted, by status, sex and age"),
        ("VICTIMS_ASSISTED",),
        ("status", "sex", "age"),
    ),
    # One person may receive several services: the rows need not add up to
    # the TOTAL, each is at most the TOTAL.
    Table(
        "victims_assisted_service",
        _("Victims assisted, by type of service"),
        ("VICTIMS_ASSISTED",),
        ("service",),
    ),
    Table(
        "offenders",
        _("Suspects, prosecuted and convicted by sex and citizenship"),
        OFFENDER_MEASURES,
        ("sex", "citizenship"),
    ),
)

TABLES_BY_KEY: dict[str, Table] = {table.key: table for table in TABLES}
