"""Regional indicators computed from 6.1 observations. Pure: no database.

Every value says what it is made of: its numerator and denominator, the
members whose data it covers and the members it leaves out with the
reason (totals only, not broken down, suppressed, no data). A value that
cannot be computed is "not available" with its reason, never a zero.

A region's count sums the members that give the cell; a region's share,
rate or change uses only the members that give both its numerator and its
denominator, so the two always describe the same victims.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from thbhub.reference.loading import CODELISTS_FILE, parse_codelists
from thbhub.statistics.aggregates import NATC_SEE, REGIONS, region_label, region_members
from thbhub.statistics.cells import Cell, CellIndex, Lookup, cell
from thbhub.statistics.deduplication import MEASURE as DEDUPLICATED_MEASURE
from thbhub.statistics.deduplication import LinkageFigures, deduplicated_figure
from thbhub.statistics.figures import Figure
from thbhub.statistics.standard import Observation


class Unit:
    COUNT = "count"
    SHARE = "share"
    RATIO = "ratio"
    PER_MILLION = "per_million"
    CHANGE = "change"


@dataclass(frozen=True)
class Definition:
    key: str
    label: str
    definition: str
    unit: str
    # Indicators that only make sense for a region (e.g. the de-duplicated total).
    regions_only: bool = False
    network_only: bool = False


@dataclass(frozen=True)
class Area:
    code: str
    kind: str  # "country" or "region"
    members: tuple[str, ...]
    label: str = ""


@dataclass(frozen=True)
class IndicatorValue:
    area: str
    year: int
    indicator: str
    figure: Figure


CSV_COLUMNS: tuple[str, ...] = (
    "area",
    "year",
    "indicator",
    "unit",
    "value",
    "low",
    "high",
    "numerator",
    "denominator",
    "members",
    "missing",
    "reason",
    "method",
)


@dataclass
class IndicatorTable:
    years: list[int]
    areas: list[Area]
    definitions: dict[str, Definition]
    values: list[IndicatorValue] = field(default_factory=list)
    # Footnotes for a published output, e.g. Kosovo*'s designation note.
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index: dict[tuple[str, int, str], Figure] = {}

    def add(self, area: str, year: int, indicator: str, figure: Figure) -> None:
        self.values.append(IndicatorValue(area, year, indicator, figure))
        self._index[(area, year, indicator)] = figure

    def get(self, area: str, year: int, indicator: str) -> Figure | None:
        return self._index.get((area, year, indicator))

    def as_dict(self) -> dict[str, Any]:
        return {
            "years": self.years,
            "areas": [asdict(area) for area in self.areas],
            "definitions": [asdict(definition) for definition in self.definitions.values()],
            "values": [
                {"area": v.area, "year": v.year, "indicator": v.indicator, **asdict(v.figure)}
                for v in self.values
            ],
            "notes": self.notes,
        }

    def csv_rows(self) -> Iterable[dict[str, str]]:
        for v in self.values:
            f = v.figure
            yield {
                "area": v.area,
                "year": str(v.year),
                "indicator": v.indicator,
                "unit": self.definitions[v.indicator].unit,
                "value": _number(f.value),
                "low": _number(f.low),
                "high": _number(f.high),
                "numerator": _number(f.numerator),
                "denominator": _number(f.denominator),
                "members": " ".join(f.members),
                "missing": " ".join(f.missing),
                "reason": f.reason,
                "method": f.method,
            }


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6g}"


# What one member contributes to an indicator ---------------------------------


@dataclass(frozen=True)
class Part:
    numerator: int | None
    denominator: int | None = None
    reason: str = ""


PartOf = Callable[[CellIndex, str, int], Part]


@dataclass(frozen=True)
class Spec:
    definition: Definition
    part: PartOf
    # Count: sum of numerators. Otherwise numerator / denominator x scale.
    scale: float | None = None


def _count(key: Cell) -> PartOf:
    def part(index: CellIndex, country: str, year: int) -> Part:
        found = index.get(country, year, key)
        return Part(found.value, reason=found.reason)

    return part


def _sum_of(keys: Sequence[Cell]) -> PartOf:
    """Known only when every cell is known (or provably zero)."""

    def part(index: CellIndex, country: str, year: int) -> Part:
        found = [index.get(country, year, key) for key in keys]
        return _all_known(found)

    return part


def _all_known(found: Sequence[Lookup]) -> Part:
    unknown = [lookup for lookup in found if not lookup.known]
    if unknown:
        return Part(None, reason=unknown[0].reason)
    return Part(sum(lookup.value or 0 for lookup in found))


def _ratio(numerator: PartOf, denominator: PartOf) -> PartOf:
    def part(index: CellIndex, country: str, year: int) -> Part:
        top = numerator(index, country, year)
        bottom = denominator(index, country, year)
        return Part(top.numerator, bottom.numerator, reason=top.reason or bottom.reason)

    return part


def _per_population(numerator: PartOf, population: Mapping[tuple[str, int], int]) -> PartOf:
    def part(index: CellIndex, country: str, year: int) -> Part:
        top = numerator(index, country, year)
        people = population.get((country, year))
        reason = top.reason
        if people is None:
            reason = reason or _("%(country)s: no population figure for %(year)d") % {
                "country": country,
                "year": year,
            }
        return Part(top.numerator, people, reason=reason)

    return part


def _change(numerator: PartOf) -> PartOf:
    def part(index: CellIndex, country: str, year: int) -> Part:
        now = numerator(index, country, year)
        before = numerator(index, country, year - 1)
        if now.numerator is None or before.numerator is None:
            return Part(None, None, reason=now.reason or before.reason)
        return Part(now.numerator - before.numerator, before.numerator)

    return part


def _eu_share(eu_members: frozenset[str], total: PartOf) -> PartOf:
    def part(index: CellIndex, country: str, year: int) -> Part:
        found = total(index, country, year)
        if found.numerator is None:
            return Part(None, None, reason=found.reason)
        return Part(found.numerator if country in eu_members else 0, found.numerator)

    return part


# The Eurostat groups, read from the shipped code list ------------------------


@cache
def eurostat_groups() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Group code -> (label, ICCS code, exploitation codes), per the shipped code lists."""
    document = parse_codelists(CODELISTS_FILE)
    groups: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for group, about in document["eurostat_groups"].items():
        codes = tuple(
            entry["code"]
            for entry in document["lists"]["EXPLOITATION"]
            if entry.get("eurostat_group") == group
        )
        groups[group] = (str(about["label"]), str(about["iccs"]), codes)
    return groups


@cache
def exploitation_codes() -> tuple[tuple[str, str], ...]:
    document = parse_codelists(CODELISTS_FILE)
    return tuple(
        (entry["code"], entry["label"])
        for entry in document["lists"]["EXPLOITATION"]
        if entry["code"] != "TOTAL"
    )


# The indicators -------------------------------------------------------------

VICTIMS_TOTAL = cell("VICTIMS")


def _specs(
    *,
    population: Mapping[tuple[str, int], int],
    eu_members: frozenset[str],
    iso_places: Sequence[str],
) -> list[Spec]:
    specs: list[Spec] = []

    def add(key: str, label: str, definition: str, unit: str, part: PartOf, **extra: Any) -> None:
        scale = None if unit == Unit.COUNT else (1_000_000.0 if unit == Unit.PER_MILLION else 1.0)
        specs.append(Spec(Definition(key, label, definition, unit, **extra), part, scale))

    total = _count(VICTIMS_TOTAL)
    add(
        "victims",
        _("Registered victims"),
        _("Victims registered in the year, formally identified and presumed (VICTIMS, TOTAL)."),
        Unit.COUNT,
        total,
    )
    add(
        "victims_identified",
        _("Formally identified victims"),
        _("Victims formally identified by the competent authority (status IDENTIFIED)."),
        Unit.COUNT,
        _count(cell("VICTIMS", status="IDENTIFIED")),
    )
    add(
        "victims_presumed",
        _("Presumed victims"),
        _("Victims not (yet) formally identified (status PRESUMED)."),
        Unit.COUNT,
        _count(cell("VICTIMS", status="PRESUMED")),
    )
    add(
        "children_share",
        _("Share of children"),
        _("Victims under 18 (age CHILD) over all registered victims."),
        Unit.SHARE,
        _ratio(_count(cell("VICTIMS", age="CHILD")), total),
    )
    add(
        "women_girls_share",
        _("Share of women and girls"),
        _("Female victims of any age (sex F) over all registered victims."),
        Unit.SHARE,
        _ratio(_count(cell("VICTIMS", sex="F")), total),
    )
    exploitation_total = _count(cell("VICTIMS", exploitation="TOTAL"))
    for code, label in exploitation_codes():
        by_form = _count(cell("VICTIMS", exploitation=code))
        add(
            f"exploitation_{code.lower()}",
            _("Victims of %(form)s") % {"form": _(label).lower()},
            _("Registered victims with form of exploitation %(code)s.") % {"code": code},
            Unit.COUNT,
            by_form,
        )
        add(
            f"exploitation_{code.lower()}_share",
            _("Share: %(form)s") % {"form": _(label).lower()},
            _("Victims with form of exploitation %(code)s over all registered victims.")
            % {"code": code},
            Unit.SHARE,
            _ratio(by_form, exploitation_total),
        )
    for group, (label, iccs, codes) in eurostat_groups().items():
        grouped = _sum_of([cell("VICTIMS", exploitation=code) for code in codes])
        add(
            f"eurostat_{group.lower()}",
            _("Eurostat group: %(group)s") % {"group": _(label).lower()},
            _("Victims of %(codes)s (Eurostat group %(group)s, ICCS %(iccs)s).")
            % {"codes": " + ".join(codes), "group": group, "iccs": iccs},
            Unit.COUNT,
            grouped,
        )
        add(
            f"eurostat_{group.lower()}_share",
            _("Share of Eurostat group: %(group)s") % {"group": _(label).lower()},
            _("Eurostat group %(group)s (%(codes)s) over all registered victims.")
            % {"codes": " + ".join(codes), "group": group},
            Unit.SHARE,
            _ratio(grouped, exploitation_total),
        )
    nationals = _count(cell("VICTIMS", citizenship="NATIONAL"))
    foreigners = _sum_of(
        [cell("VICTIMS", citizenship="OTHER_EU"), cell("VICTIMS", citizenship="NON_EU")]
    )
    citizenship_total = _count(cell("VICTIMS", citizenship="TOTAL"))
    add(
        "nationals",
        _("Nationals"),
        _("Victims who are nationals of the member that registered them (NATIONAL)."),
        Unit.COUNT,
        nationals,
    )
    add(
        "foreigners",
        _("Foreigners"),
        _("Victims who are citizens of another country (OTHER_EU + NON_EU)."),
        Unit.COUNT,
        foreigners,
    )
    add(
        "nationals_share",
        _("Share of nationals"),
        _("Nationals over all registered victims."),
        Unit.SHARE,
        _ratio(nationals, citizenship_total),
    )
    add(
        "foreigners_share",
        _("Share of foreigners"),
        _("Citizens of other countries (OTHER_EU + NON_EU) over all registered victims."),
        Unit.SHARE,
        _ratio(foreigners, citizenship_total),
    )
    place_total = _count(cell("VICTIMS", exploitation_country="TOTAL"))
    abroad = _sum_of(
        [
            cell("VICTIMS", exploitation_country="OTHER_EU"),
            cell("VICTIMS", exploitation_country="NON_EU"),
        ]
    )
    add(
        "exploited_abroad",
        _("Exploited abroad"),
        _("Victims exploited outside the member that registered them (OTHER_EU + NON_EU)."),
        Unit.COUNT,
        abroad,
    )
    add(
        "exploited_abroad_share",
        _("Share exploited abroad"),
        _("Victims exploited abroad over all registered victims."),
        Unit.SHARE,
        _ratio(abroad, place_total),
    )
    for group, label in (
        ("OTHER_EU", _("Exploited in another EU member state")),
        ("NON_EU", _("Exploited in a non-EU country")),
    ):
        add(
            f"exploited_{group.lower()}",
            label,
            _("Victims with country of exploitation %(code)s.") % {"code": group},
            Unit.COUNT,
            _count(cell("VICTIMS", exploitation_country=group)),
        )
    for place in iso_places:
        add(
            f"exploited_in_{place}",
            _("Exploited in %(country)s") % {"country": place},
            _(
                "Victims whose country of exploitation is %(country)s (ISO detail); for the "
                "member %(country)s itself these are its domestic victims only if reported so."
            )
            % {"country": place},
            Unit.COUNT,
            _count(cell("VICTIMS", exploitation_country=place)),
        )
    add(
        "victims_per_million",
        _("Victims per million inhabitants"),
        _("Registered victims per million inhabitants (reference population of the year)."),
        Unit.PER_MILLION,
        _per_population(total, population),
    )
    add(
        "victims_change",
        _("Change from the year before"),
        _(
            "Registered victims minus those of the year before, over those of the year "
            "before; only members that give both years."
        ),
        Unit.CHANGE,
        _change(total),
    )
    add(
        "eu_members_share",
        _("Share registered in EU member states"),
        _("Victims registered by members that are EU member states over all members."),
        Unit.SHARE,
        _eu_share(eu_members, total),
        network_only=True,
    )
    add(
        "protection_coverage",
        _("Protection coverage"),
        _("Victims who received assistance or protection (VICTIMS_ASSISTED) over victims."),
        Unit.RATIO,
        _ratio(_count(cell("VICTIMS_ASSISTED")), total),
    )
    for measure, label, text in (
        ("SUSPECTS", _("Suspects"), _("Persons suspected of trafficking in the year.")),
        ("PROSECUTED", _("Prosecuted"), _("Persons prosecuted for trafficking in the year.")),
        ("CONVICTED", _("Convicted"), _("Persons convicted of trafficking in the year.")),
    ):
        add(measure.lower(), label, text, Unit.COUNT, _count(cell(measure)))
    add(
        "convictions_per_prosecution",
        _("Convictions per prosecution"),
        _(
            "Persons convicted over persons prosecuted in the same year; cases take years, "
            "so this is a ratio of the year's flows, not a conviction rate of a cohort."
        ),
        Unit.RATIO,
        _ratio(_count(cell("CONVICTED")), _count(cell("PROSECUTED"))),
    )
    return specs


DEDUPLICATED_KEY = "victims_deduplicated"


def _combine(
    spec: Spec, index: CellIndex, members: Sequence[str], year: int, *, region: bool
) -> Figure:
    parts = {code: spec.part(index, code, year) for code in members}
    if spec.scale is None:
        used = {code: p for code, p in parts.items() if p.numerator is not None}
        missing = {code: p for code, p in parts.items() if p.numerator is None}
        value = float(sum(p.numerator or 0 for p in used.values())) if used else None
        return _figure(index, value, value, None, used, missing, region=region, size=len(members))
    used = {code: p for code, p in parts.items() if p.numerator is not None and p.denominator}
    missing = {code: p for code, p in parts.items() if code not in used}
    top = float(sum(p.numerator or 0 for p in used.values()))
    bottom = float(sum(p.denominator or 0 for p in used.values()))
    value = round(top / bottom * spec.scale, 6) if used and bottom else None
    return _figure(
        index,
        value,
        top if used else None,
        bottom if used else None,
        used,
        missing,
        region=region,
        size=len(members),
    )


def _figure(  # noqa: PLR0917 — the parts of one figure, in reading order
    index: CellIndex,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    used: Mapping[str, Part],
    missing: Mapping[str, Part],
    *,
    region: bool,
    size: int,
) -> Figure:
    reasons = [
        p.reason or index.text(gettext_noop("%(country)s: denominator is zero")) % {"country": code}
        for code, p in missing.items()
    ]
    if value is None:
        reason = "; ".join(reasons) if reasons else index.text(gettext_noop("No data."))
    elif region and missing:
        reason = index.text(gettext_noop("%(given)d of %(size)d members; ")) % {
            "given": len(used),
            "size": size,
        }
        reason += "; ".join(reasons)
    else:
        reason = ""
    return Figure(
        value=value,
        numerator=numerator,
        denominator=denominator,
        members=tuple(used),
        missing=tuple(missing),
        reason=reason,
    )


def compute_indicators(
    observations: Sequence[Observation],
    *,
    years: Sequence[int],
    population: Mapping[tuple[str, int], int],
    members: Iterable[str],
    eu_members: frozenset[str],
    linkage: Mapping[int, LinkageFigures] | None,
    regions: bool = True,
    countries: Iterable[str] | None = None,
) -> IndicatorTable:
    """Indicators per member and region for each of ``years``.

    ``countries`` narrows the countries shown (a national user's own); with
    ``regions`` False no region is computed at all. Rows of regions in
    ``observations`` are ignored, regions being computed from the members,
    except a published VICTIMS_DEDUPLICATED row, shown as published.
    """
    network = tuple(sorted(set(members)))
    national = [o for o in observations if o.country in network]
    index = CellIndex(national, eu_members=eu_members)
    iso_places = sorted(
        {
            o.exploitation_country
            for o in national
            if len(o.exploitation_country) == 2 and o.measure == "VICTIMS" and o.year in years
        }
    )
    specs = _specs(population=population, eu_members=eu_members, iso_places=iso_places)
    shown = sorted(set(countries) & set(network)) if countries is not None else list(network)
    areas = [Area(code, "country", (code,)) for code in shown]
    if regions:
        for region in REGIONS:
            codes = region_members(region, members=network, eu_members=eu_members)
            if codes:
                areas.append(Area(region, "region", tuple(sorted(codes)), region_label(region)))
    definitions = {spec.definition.key: spec.definition for spec in specs}
    if regions:
        definitions[DEDUPLICATED_KEY] = Definition(
            DEDUPLICATED_KEY,
            _("Victims without double counting"),
            _(
                "The region's registered victims less those counted by two members (a "
                "victim identified in one member and counted again at home after return)."
            ),
            Unit.COUNT,
            regions_only=True,
        )
    # A publication carries the figure computed before disclosure control:
    # shown as published, so report, API and dashboards agree.
    published_deduplicated = {
        o.year: o
        for o in observations
        if o.country == NATC_SEE and o.measure == DEDUPLICATED_MEASURE
    }
    table = IndicatorTable(years=sorted(years), areas=areas, definitions=definitions)
    for year in table.years:
        for area in areas:
            is_region = area.kind == "region"
            for spec in specs:
                if spec.definition.network_only and area.code != "NATC_SEE":
                    continue
                table.add(
                    area.code,
                    year,
                    spec.definition.key,
                    _combine(spec, index, area.members, year, region=is_region),
                )
            if is_region and area.code == NATC_SEE and year in published_deduplicated:
                row = published_deduplicated[year]
                table.add(
                    area.code,
                    year,
                    DEDUPLICATED_KEY,
                    Figure(
                        None if row.value is None else float(row.value),
                        members=area.members,
                        reason=_("As published.") if row.value is not None else _("Suppressed."),
                        method=row.note,
                    ),
                )
            elif is_region:
                table.add(
                    area.code,
                    year,
                    DEDUPLICATED_KEY,
                    deduplicated_figure(
                        index,
                        year=year,
                        members=area.members,
                        linkage=(linkage or {}).get(year),
                        region=area.code,
                    ),
                )
    return table
