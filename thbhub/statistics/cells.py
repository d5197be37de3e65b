"""Looking up 6.1 cells of many members and years, knowing why one is missing.

Indicators and the de-duplicated total both need "the value of this cell
for this member and year, or why there is none". A cell a member did not
give is not zero: it is zero only when the member's own rows prove it, i.e.
the categories it did give already add up to their total, or the ISO
detail's group is zero. Everything else stays unknown with its reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext, gettext_noop

from thbhub.statistics.standard import BREAKDOWNS, ISO_GROUPS, NOT_APPLICABLE, TOTAL, Observation
from thbhub.statistics.tables import CATEGORIES

# Flag a publication puts on a cell it suppressed (disclosure control).
SUPPRESSED_FLAG = "c"

_TOTALS = frozenset({TOTAL, NOT_APPLICABLE})

# measure, then the seven breakdowns in BREAKDOWNS order.
Cell = tuple[str, ...]


def cell(measure: str, **codes: str) -> Cell:
    return _cell(measure, tuple(sorted(codes.items())))


@cache
def _cell(measure: str, given: tuple[tuple[str, str], ...]) -> Cell:
    codes = dict(given)
    """A cell by the breakdowns that are not TOTAL (status _Z for offenders)."""
    unknown = set(codes) - set(BREAKDOWNS)
    if unknown:
        msg = f"Not a 6.1 breakdown: {sorted(unknown)}"
        raise ValueError(msg)
    default_status = TOTAL if measure in ("VICTIMS", "VICTIMS_ASSISTED") else NOT_APPLICABLE
    base = {"status": default_status} | dict.fromkeys(BREAKDOWNS[1:], TOTAL)
    merged = base | codes
    return (measure, *(merged[column] for column in BREAKDOWNS))


def with_code(key: Cell, column: str, code: str) -> Cell:
    position = 1 + BREAKDOWNS.index(column)
    return (*key[:position], code, *key[position + 1 :])


@dataclass(frozen=True)
class Lookup:
    """A cell's value for one member and year, or the reason there is none."""

    value: int | None
    reason: str = ""
    # Not given by the member, but its other rows prove it is zero.
    derived: bool = False

    @property
    def known(self) -> bool:
        return self.value is not None


class CellIndex:
    """The national rows of many members and years, indexed by cell."""

    def __init__(self, observations: Iterable[Observation], *, eu_members: frozenset[str]):
        self.eu_members = eu_members
        self._rows: dict[tuple[str, int], dict[Cell, Observation]] = defaultdict(dict)
        # (country, year, measure) -> whether only its total row is given.
        self._totals_only: dict[tuple[str, int, str], bool] = {}
        self._memo: dict[tuple[str, int, Cell], Lookup] = {}
        self._texts: dict[str, str] = {}
        self._details: dict[tuple[str, int, str], dict[Cell, int]] = {}
        for observation in observations:
            # COORDINATES is country, year, measure, then the breakdowns.
            key = observation.coordinates[2:]
            self._rows[(observation.country, observation.year)][key] = observation
            measure = (observation.country, observation.year, observation.measure)
            is_total = all(code in _TOTALS for code in key[1:])
            self._totals_only[measure] = self._totals_only.get(measure, True) and is_total

    def text(self, message: str) -> str:
        """``message`` translated; cached, as thousands of lookups repeat a few messages."""
        translated = self._texts.get(message)
        if translated is None:
            translated = self._texts[message] = gettext(message)
        return translated

    def reports(self, country: str, year: int) -> bool:
        return (country, year) in self._rows

    def cells(self, country: str, year: int) -> Mapping[Cell, Observation]:
        return self._rows.get((country, year), {})

    def get(self, country: str, year: int, key: Cell) -> Lookup:
        place = (country, year, key)
        found = self._memo.get(place)
        if found is None:
            found = self._memo[place] = self._lookup(country, year, key)
        return found

    def _lookup(self, country: str, year: int, key: Cell) -> Lookup:  # noqa: PLR0911 — one return per reason
        rows = self._rows.get((country, year))
        if rows is None:
            return Lookup(
                None,
                self.text(gettext_noop("%(country)s: no data for %(year)d"))
                % _place(country, year),
            )
        given = rows.get(key)
        if given is not None:
            if given.value is not None:
                return Lookup(given.value)
            if given.flag == SUPPRESSED_FLAG:
                return Lookup(
                    None,
                    self.text(gettext_noop("%(country)s: suppressed (c)")) % {"country": country},
                )
            return Lookup(
                None, self.text(gettext_noop("%(country)s: value unknown")) % {"country": country}
            )
        if self._proved_zero(country, year, rows, key):
            return Lookup(0, derived=True)
        totals_only = self._totals_only.get((country, year, key[0]))
        if totals_only is None:
            return Lookup(
                None,
                self.text(gettext_noop("%(country)s: %(measure)s not reported for %(year)d"))
                % {**_place(country, year), "measure": key[0]},
            )
        if all(code in _TOTALS for code in key[1:]):
            return Lookup(
                None, self.text(gettext_noop("%(country)s: total not given")) % {"country": country}
            )
        if totals_only:
            return Lookup(
                None, self.text(gettext_noop("%(country)s: totals only")) % {"country": country}
            )
        return Lookup(
            None,
            self.text(gettext_noop("%(country)s: not broken down this way")) % {"country": country},
        )

    def _proved_zero(
        self, country: str, year: int, rows: Mapping[Cell, Observation], key: Cell
    ) -> bool:
        for column in BREAKDOWNS:
            code = key[1 + BREAKDOWNS.index(column)]
            if code in CATEGORIES[column]:
                total = rows.get(with_code(key, column, TOTAL))
                if total is None or total.value is None:
                    continue
                siblings = [rows.get(with_code(key, column, other)) for other in CATEGORIES[column]]
                given = [row for row in siblings if row is not None]
                if any(row.value is None for row in given):
                    continue
                if sum(row.value or 0 for row in given) == total.value:
                    return True
            elif column in ISO_GROUPS and code not in _TOTALS:
                group = self._group(column, code, country)
                parent = rows.get(with_code(key, column, group))
                if parent is None or parent.value is None:
                    continue
                # The details given for the group already make up the group
                # (or the group is zero): a country not named among them has none.
                details = self._detail_sums(country, year, rows, column)
                if details.get(with_code(key, column, group), 0) == parent.value:
                    return True
        return False

    def _group(self, column: str, code: str, country: str) -> str:
        own, eu, other = ISO_GROUPS[column]
        return own if code == country else eu if code in self.eu_members else other

    def _detail_sums(
        self, country: str, year: int, rows: Mapping[Cell, Observation], column: str
    ) -> dict[Cell, int]:
        """Per group cell, the sum of the ISO details given below it; -1 when
        one of them is unknown, so that no sum proves anything."""
        place = (country, year, column)
        sums = self._details.get(place)
        if sums is None:
            sums = {}
            position = 1 + BREAKDOWNS.index(column)
            for key, observation in rows.items():
                code = key[position]
                if code in _TOTALS or code in CATEGORIES[column] or len(code) != 2:
                    continue
                parent = with_code(key, column, self._group(column, code, country))
                if observation.value is None or sums.get(parent) == -1:
                    sums[parent] = -1
                else:
                    sums[parent] = sums.get(parent, 0) + observation.value
            self._details[place] = sums
        return sums


def _place(country: str, year: int) -> dict[str, object]:
    return {"country": country, "year": year}
