"""VICTIMS_DEDUPLICATED: a region's victims without those counted by two members.

A victim identified in one member and counted again at home after return
(``identified_in`` ABROAD) is in two national totals. Two methods, the
better first:

1. Linkage (``LinkageFigures``, from privacy-preserving record linkage of
   the registers): total = sum of national totals - victims matched across
   members. Uncertainty comes from the linkage's precision and recall when
   known, otherwise it is stated as the linkage threshold.
2. Breakdowns: for each member A and each other member B of the region

   - e(A, B): A's victims identified abroad (ABROAD) and exploited in B.
     Exact from a cell crossing identified_in ABROAD with
     exploitation_country B; otherwise bounded from the two margins:
     low = max(0, ABROAD + exploited in B - total) and
     high = min(ABROAD, exploited in B); with no detail for B, low 0 and
     high all of A's ABROAD victims.
   - c(B, A): B's victims of A's citizenship (ISO detail A in B's
     citizenship rows; the cell crossed with identified_in REPORTING when
     given, since those are the ones B identified itself).

   Assuming a victim is identified where exploited, and that victims both
   descriptions fit are the same persons:

   - lower bound: sum over pairs of min(e_low, c); 0 where c is unknown;
   - point estimate: sum over pairs of min(e_high, c), known only when every
     other member gives its citizenship detail for A;
   - upper bound: all of A's ABROAD victims except those provably exploited
     outside the network (ISO details of non-members); a member that does
     not break down identified_in could have any of its victims counted
     elsewhere, so its whole total.

   Each member's point and lower bound are capped by its upper bound.

Only members that give their total take part: the others are not in the
sum whose double counting is removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thbhub.statistics.aggregates import NATC_SEE, region_members
from thbhub.statistics.cells import CellIndex, cell
from thbhub.statistics.figures import Figure
from thbhub.statistics.standard import BREAKDOWNS, TOTAL, Observation

MEASURE = "VICTIMS_DEDUPLICATED"


@dataclass(frozen=True)
class LinkageFigures:
    """What one linkage run found for a year (models.LinkageResult)."""

    year: int
    duplicates: int
    # {"AL": {"RS": 12}}: victims matched between each pair of members.
    overlap: Mapping[str, Mapping[str, int]]
    threshold: float
    source_name: str = ""
    precision: float | None = None
    recall: float | None = None

    def duplicates_within(self, members: Iterable[str]) -> int:
        """Matched victims between members of a subset; exact when no cluster
        spans more than two members."""
        inside = set(members)
        return sum(
            count
            for a, row in self.overlap.items()
            for b, count in row.items()
            if a in inside and b in inside and a != b
        )


@dataclass(frozen=True)
class PairEvidence:
    """What the breakdowns say about victims A counts and B identified."""

    counting: str
    identifying: str
    exploited_low: int
    exploited_high: int
    citizens: int | None
    # Whether A's rows say how many were exploited in B (else: up to all ABROAD).
    detailed: bool = True

    @property
    def low(self) -> int:
        return min(self.exploited_low, self.citizens) if self.citizens is not None else 0

    @property
    def point(self) -> int | None:
        if self.citizens is not None:
            return min(self.exploited_high, self.citizens)
        # None exploited in B: nothing to share with B, whatever B's details.
        return 0 if self.detailed and self.exploited_high == 0 else None


@dataclass
class Overlap:
    """Victims counted by two members of a region, as a range."""

    total: int
    low: int = 0
    high: int = 0
    point: int | None = 0
    members: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    pairs: list[PairEvidence] = field(default_factory=list)


def _known(index: CellIndex, country: str, year: int, **codes: str) -> int | None:
    return index.get(country, year, cell("VICTIMS", **codes)).value


def _exploited_in(
    index: CellIndex, country: str, year: int, place: str, *, abroad: int, total: int
) -> tuple[int, int | None]:
    """Bounds of A's ABROAD victims exploited in ``place``; high None = no detail."""
    crossed = _known(index, country, year, identified_in="ABROAD", exploitation_country=place)
    if crossed is not None:
        return crossed, crossed
    marginal = _known(index, country, year, exploitation_country=place)
    if marginal is None:
        return 0, None
    return max(0, abroad + marginal - total), min(abroad, marginal)


def _citizens_of(index: CellIndex, country: str, year: int, citizenship: str) -> int | None:
    crossed = _known(index, country, year, citizenship=citizenship, identified_in="REPORTING")
    if crossed is not None:
        return crossed
    return _known(index, country, year, citizenship=citizenship)


def breakdown_overlap(index: CellIndex, *, year: int, members: Sequence[str]) -> Overlap:
    """The overlap between ``members``' totals, estimated from their breakdowns."""
    totals = {code: _known(index, code, year) for code in members}
    counted = [code for code, value in totals.items() if value is not None]
    result = Overlap(total=sum(totals[code] or 0 for code in counted), members=counted)
    result.missing = [code for code in members if code not in counted]
    result.reasons = [index.get(code, year, cell("VICTIMS")).reason for code in result.missing]
    network = set(members)
    point_known = True
    # Members without a citizenship detail for other members' nationals.
    no_detail: dict[str, list[str]] = {}
    for a in counted:
        total = totals[a] or 0
        abroad = _known(index, a, year, identified_in="ABROAD")
        if abroad is None:
            result.high += total
            point_known = False
            result.reasons.append(
                _(
                    "%(country)s does not say who identified its victims: all %(total)d "
                    "could be counted elsewhere"
                )
                % {"country": a, "total": total}
            )
            continue
        member = _member_overlap(
            index, year, a, abroad=abroad, total=total, others=counted, network=network
        )
        result.pairs.extend(member.pairs)
        for pair in member.pairs if member.point is None else ():
            if pair.point is None:
                no_detail.setdefault(pair.identifying, []).append(a)
        result.low += member.low
        result.high += member.high
        if member.point is None:
            point_known = False
        elif result.point is not None:
            result.point += member.point
    for b, nationalities in sorted(no_detail.items()):
        result.reasons.append(
            _("%(b)s gives no citizenship detail for %(codes)s")
            % {"b": b, "codes": ", ".join(nationalities)}
        )
    if not point_known:
        result.point = None
    return result


@dataclass(frozen=True)
class MemberOverlap:
    low: int
    point: int | None
    high: int
    pairs: list[PairEvidence]


def _member_overlap(
    index: CellIndex,
    year: int,
    a: str,
    *,
    abroad: int,
    total: int,
    others: Sequence[str],
    network: set[str],
) -> MemberOverlap:
    """How many of member ``a``'s ABROAD victims other members may also count."""
    elsewhere = sum(
        _exploited_in(index, a, year, place, abroad=abroad, total=total)[0]
        for place in _iso_places(index, a, year)
        if place not in network and place != a
    )
    high = max(0, abroad - elsewhere)
    pairs: list[PairEvidence] = []
    for b in others:
        if b == a:
            continue
        e_low, e_high = _exploited_in(index, a, year, b, abroad=abroad, total=total)
        pairs.append(
            PairEvidence(
                counting=a,
                identifying=b,
                exploited_low=e_low,
                exploited_high=abroad if e_high is None else e_high,
                citizens=_citizens_of(index, b, year, a),
                detailed=e_high is not None,
            )
        )
    # With every member's share detailed, only those and the ones exploited
    # in an unknown country can have been identified by a member.
    unknown_place = _exploited_in(index, a, year, "UNK", abroad=abroad, total=total)[1]
    if unknown_place is not None and all(pair.detailed for pair in pairs):
        high = min(high, sum(pair.exploited_high for pair in pairs) + unknown_place)
    low = min(sum(pair.low for pair in pairs), high)
    points = [pair.point for pair in pairs]
    point = None
    if abroad == 0:
        point = 0
    elif all(value is not None for value in points):
        point = min(max(sum(value or 0 for value in points), low), high)
    return MemberOverlap(low=low, point=point, high=high, pairs=pairs)


def _iso_places(index: CellIndex, country: str, year: int) -> set[str]:
    position = 1 + BREAKDOWNS.index("exploitation_country")
    return {
        key[position]
        for key in index.cells(country, year)
        if key[0] == "VICTIMS" and len(key[position]) == 2
    }


def breakdown_method() -> str:
    return _(
        "Estimated from the members' breakdowns: for each pair of members, the smaller of "
        "A's victims identified abroad and exploited in B and B's victims of A's "
        "citizenship; the range runs from the overlap both members' details agree on to "
        "all victims identified abroad whose country of exploitation is a member or "
        "unknown. Assumes a victim is identified where exploited."
    )


def linkage_method(figures: LinkageFigures) -> str:
    if figures.precision is not None and figures.recall is not None:
        return _(
            "Record linkage of the members' registers (%(file)s): victims matched across "
            "members subtracted, corrected by the linkage's precision %(precision).2f and "
            "recall %(recall).2f."
        ) % {"file": figures.source_name, "precision": figures.precision, "recall": figures.recall}
    return _(
        "Record linkage of the members' registers (%(file)s): victims matched across "
        "members subtracted. Precision and recall are not known; matches were accepted "
        "at a similarity threshold of %(threshold).2f."
    ) % {"file": figures.source_name, "threshold": figures.threshold}


def deduplicated_figure(
    index: CellIndex,
    *,
    year: int,
    members: Sequence[str],
    linkage: LinkageFigures | None,
    region: str,
) -> Figure:
    """The region's victims without double counting, with method and range."""
    overlap = breakdown_overlap(index, year=year, members=members)
    if not overlap.members:
        return Figure(
            None,
            missing=tuple(overlap.missing),
            reason="; ".join(overlap.reasons) or _("No data."),
        )
    total = overlap.total
    coverage = ""
    if overlap.missing:
        coverage = _("%(given)d of %(size)d members; ") % {
            "given": len(overlap.members),
            "size": len(members),
        }
    if linkage is not None:
        found = (
            linkage.duplicates if region == NATC_SEE else linkage.duplicates_within(overlap.members)
        )
        low = high = None
        duplicates = float(found)
        if linkage.precision is not None and linkage.recall:
            duplicates = round(found * linkage.precision / linkage.recall, 1)
            low, high = sorted((total - duplicates, float(total - found)))
        return Figure(
            value=total - duplicates,
            numerator=float(total),
            denominator=None,
            members=tuple(overlap.members),
            missing=tuple(overlap.missing),
            reason=coverage + "; ".join(overlap.reasons[: len(overlap.missing)]),
            low=low,
            high=high,
            method=linkage_method(linkage),
        )
    value = None if overlap.point is None else float(total - overlap.point)
    reason = coverage + "; ".join(overlap.reasons)
    return Figure(
        value=value,
        numerator=float(total),
        denominator=None,
        members=tuple(overlap.members),
        missing=tuple(overlap.missing),
        reason=reason,
        low=float(total - overlap.high),
        high=float(total - overlap.low),
        method=breakdown_method(),
    )


def deduplicated_observations(
    observations: Sequence[Observation],
    *,
    years: Sequence[int],
    members: Iterable[str],
    eu_members: frozenset[str],
    linkage: Mapping[int, LinkageFigures] | None = None,
) -> list[Observation]:
    """VICTIMS_DEDUPLICATED as 6.1 rows of NATC_SEE, one per year, for exports.

    The value is the point estimate (empty when only a range is known); the
    note states the method and the range. Flag e: it is an estimate.
    """
    network = sorted(region_members(NATC_SEE, members=members, eu_members=eu_members))
    index = CellIndex([o for o in observations if o.country in network], eu_members=eu_members)
    rows: list[Observation] = []
    for year in sorted(years):
        figure = deduplicated_figure(
            index,
            year=year,
            members=network,
            linkage=(linkage or {}).get(year),
            region=NATC_SEE,
        )
        if figure.numerator is None:
            continue
        parts = [figure.method]
        if figure.low is not None and figure.high is not None:
            parts.append(_("Range %(low)d to %(high)d.") % {"low": figure.low, "high": figure.high})
        if figure.reason:
            parts.append(figure.reason)
        rows.append(
            Observation(
                country=NATC_SEE,
                year=year,
                measure=MEASURE,
                status=TOTAL,
                sex=TOTAL,
                age=TOTAL,
                citizenship=TOTAL,
                exploitation=TOTAL,
                exploitation_country=TOTAL,
                identified_in=TOTAL,
                value=None if figure.value is None else round(figure.value),
                flag="e",
                note=" ".join(parts),
                source_row=0,
                source_sheet="",
            )
        )
    return rows
