"""Region aggregates: the members' 6.1 cells summed per region.

Pure functions over ``Observation``s: the callers (indicators, disclosure
control, publication, exports) read the data and the reference countries
themselves, so the same sums come out whatever the data's origin.

Relative codes keep their meaning in a sum: ``NATIONAL`` in a region row
counts victims who are nationals of the member that reported them, and
``DOMESTIC`` victims exploited inside that member. A sum that lacks members
says so in its note; it is never passed off as the region's figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from thbhub.statistics.standard import BREAKDOWNS, Observation

NATC_SEE = "NATC_SEE"
NATC_SEE_EU = "NATC_SEE_EU"
NATC_SEE_NON_EU = "NATC_SEE_NON_EU"

# Labels are marked for translation here and translated where shown
# (``region_label``): the mapping is built at import, before any language.
REGIONS: dict[str, str] = {
    NATC_SEE: gettext_noop("All members of the network"),
    NATC_SEE_EU: gettext_noop("Members that are EU member states"),
    NATC_SEE_NON_EU: gettext_noop("Members that are not EU member states"),
}

# What places a cell within one reporting country.
CellKey = tuple[object, ...]
_CELL: tuple[str, ...] = ("year", "measure", *BREAKDOWNS)


def region_label(region: str) -> str:
    return _(REGIONS[region])


def cell_key(observation: Observation) -> CellKey:
    return tuple(getattr(observation, column) for column in _CELL)


def region_members(
    region: str, *, members: Iterable[str], eu_members: frozenset[str]
) -> frozenset[str]:
    """The network members a region is made of.

    ``members`` are the reference countries with ``network_member`` set and
    ``eu_members`` those whose ``eu_status`` is member, so a country joining
    the network or the EU changes the regions without a code change.
    """
    network = frozenset(members)
    if region == NATC_SEE:
        return network
    if region == NATC_SEE_EU:
        return network & eu_members
    if region == NATC_SEE_NON_EU:
        return network - eu_members
    raise ValueError(
        _("Unknown region %(region)s: use one of %(regions)s.")
        % {"region": region, "regions": ", ".join(REGIONS)}
    )


@dataclass(frozen=True)
class CellSum:
    """One region cell: the sum and who is in it and who is not."""

    value: int
    contributors: tuple[str, ...]
    # Reported the year but left this cell out (totals only, partial breakdown).
    not_broken_down: tuple[str, ...]
    # Gave the cell as unknown (empty value), or it was suppressed.
    unknown: tuple[str, ...]
    # Sent nothing at all for the year.
    no_data: tuple[str, ...]
    flags: tuple[tuple[str, str], ...]

    @property
    def complete(self) -> bool:
        return not (self.not_broken_down or self.unknown or self.no_data)


def coverage_note(cell: CellSum, *, region_size: int, year: int) -> str:
    """Say which members a sum leaves out and which of its values are flagged."""
    parts: list[str] = []
    if not cell.complete:
        parts.append(
            _("Sum of %(given)d of %(size)d members")
            % {"given": len(cell.contributors), "size": region_size}
        )
    if cell.not_broken_down:
        parts.append(_("%(codes)s not broken down") % {"codes": ", ".join(cell.not_broken_down)})
    if cell.unknown:
        parts.append(_("%(codes)s value unknown") % {"codes": ", ".join(cell.unknown)})
    if cell.no_data:
        parts.append(
            _("%(codes)s no data for %(year)d") % {"codes": ", ".join(cell.no_data), "year": year}
        )
    if cell.flags:
        parts.append(
            _("flagged by %(members)s")
            % {"members": ", ".join(f"{code} ({flag})" for code, flag in cell.flags)}
        )
    return "; ".join(parts)


def sum_cells(
    observations: Sequence[Observation], *, members: frozenset[str]
) -> dict[CellKey, CellSum]:
    """Every cell any of ``members`` gives, summed over the members that give it.

    Rows of countries outside ``members`` (partners, region rows of a
    publication) are ignored.
    """
    by_country: dict[str, dict[CellKey, Observation]] = defaultdict(dict)
    years_reported: dict[int, set[str]] = defaultdict(set)
    order: dict[CellKey, None] = {}
    for observation in observations:
        if observation.country not in members:
            continue
        key = cell_key(observation)
        by_country[observation.country][key] = observation
        years_reported[observation.year].add(observation.country)
        order.setdefault(key, None)

    ordered_members = sorted(members)
    sums: dict[CellKey, CellSum] = {}
    for key in order:
        year = int(str(key[0]))
        reporting = years_reported[year]
        value = 0
        contributors: list[str] = []
        not_broken_down: list[str] = []
        unknown: list[str] = []
        no_data: list[str] = []
        flags: list[tuple[str, str]] = []
        for code in ordered_members:
            if code not in reporting:
                no_data.append(code)
                continue
            given = by_country[code].get(key)
            if given is None:
                not_broken_down.append(code)
            elif given.value is None:
                unknown.append(code)
            else:
                value += given.value
                contributors.append(code)
                if given.flag:
                    flags.append((code, given.flag))
        sums[key] = CellSum(
            value=value,
            contributors=tuple(contributors),
            not_broken_down=tuple(not_broken_down),
            unknown=tuple(unknown),
            no_data=tuple(no_data),
            flags=tuple(flags),
        )
    return sums


def region_aggregates(
    observations: Sequence[Observation],
    *,
    members: Iterable[str],
    eu_members: frozenset[str],
) -> list[Observation]:
    """The 6.1 rows of every region, ``country`` being the region code.

    A cell appears for a region when at least one of its members gives it
    for the year. Where no member gives a value (all unknown or suppressed)
    the region value is unknown too, never a zero.
    """
    network = frozenset(members)
    rows: list[Observation] = []
    for region in REGIONS:
        region_codes = region_members(region, members=network, eu_members=eu_members)
        if not region_codes:
            continue
        for key, cell in sum_cells(observations, members=region_codes).items():
            year, measure, *breakdowns = key
            coordinates = dict(zip(BREAKDOWNS, (str(code) for code in breakdowns), strict=True))
            rows.append(
                Observation(
                    country=region,
                    year=int(str(year)),
                    measure=str(measure),
                    value=cell.value if cell.contributors else None,
                    flag="",
                    note=coverage_note(cell, region_size=len(region_codes), year=int(str(year))),
                    source_row=0,
                    source_sheet="",
                    **coordinates,
                )
            )
    return rows
