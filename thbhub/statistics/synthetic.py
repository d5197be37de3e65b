"""Synthetic submissions for the demo data set, consistent by construction.

Each member's year is a list of invented persons with every attribute,
drawn from the member's profile (``demo_profiles``); every table row counts
them, so every breakdown sums to its total as a real register's would. The
victims who cross between members are drawn once per pair and year and
placed in both members' registers, which makes the cross-country
comparison agree where it should and the double counting real.

Shares are dealt out as quotas (largest remainder) rather than drawn one
person at a time, so a member's figures move smoothly from year to year;
only the pairing of attributes is random, from a seed per member and year.

The tests keep their own builder (tests/statistics/builders.py) so that they
check validation against an independent reading of the standard; this one
ships with the package because the demo cannot import the tests.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from thbhub.statistics.demo_profiles import (
    ANSWER_PREFIX,
    ANSWERS,
    FIRST_YEAR,
    FLOW_GAPS,
    FLOWS,
    IRREGULARITIES,
    LAST_PROFILE_YEAR,
    METHODOLOGY,
    NAMES,
    PARTNERS,
    PROFILES,
    RETURNED_NATIONALS_COUNTED,
    Irregularity,
    Operation,
    Profile,
)
from thbhub.statistics.methodology import NO, YES
from thbhub.statistics.standard import (
    BREAKDOWNS,
    COLUMNS,
    COORDINATES,
    ISO_DETAIL,
    NOT_APPLICABLE,
    TOTAL,
    VICTIM_MEASURES,
    CodeLists,
)
from thbhub.statistics.tables import CATEGORIES, TABLES, Table

OFFENDER_SEX = {"M": 0.8, "F": 0.2}
# Country details (ISO codes) given in a table, and which codes they sit under:
# victims by citizenship, by country of exploitation, and by country of
# exploitation among those identified abroad (what the cross-country
# consistency check reads on the side of the country of citizenship).
COUNTRY_DETAILS: dict[str, tuple[str, dict[str, str]]] = {
    "victims_citizenship": ("citizenship", {}),
    "victims_exploitation_country": ("exploitation_country", {}),
    "victims_identified_in": ("exploitation_country", {"identified_in": "ABROAD"}),
}
# Changes of small numbers from one year to the next, explained once.
SMALL_NUMBER = 10
SMALL_NUMBER_NOTE = "Small number: changes from one year to the next are not meaningful."
GENERIC_CHANGE_NOTE = "More or fewer cases came to light this year; no change of method."
# How often an assisted victim receives each service (several per person).
SERVICE_SHARES: dict[str, float] = {
    "ACCOMMODATION": 0.6,
    "MEDICAL": 0.5,
    "MENTAL_HEALTH": 0.15,
    "PSYCHOLOGICAL": 0.55,
    "LEGAL_AID": 0.45,
    "INTERPRETATION": 0.1,
    "EDUCATION": 0.1,
    "EMPLOYMENT": 0.15,
    "FINANCIAL": 0.3,
}


@dataclass(frozen=True)
class Victim:
    status: str
    sex: str
    age: str
    # NATIONAL, UNK or the ISO code of a foreign citizenship.
    citizenship: str
    exploitation: str
    # DOMESTIC, UNK or the ISO code of the country of exploitation.
    exploitation_country: str
    identified_in: str
    assisted: bool
    # The services an assisted victim received; often several.
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Offender:
    measure: str
    sex: str
    citizenship: str


@dataclass
class MemberYear:
    """One member's register for one year, and what is unusual about it."""

    code: str
    year: int
    profile: Profile
    irregularity: Irregularity
    victims: list[Victim]
    offenders: list[Offender]
    facts: dict[str, int] = field(default_factory=dict)

    @property
    def reports_presumed(self) -> bool:
        return self.profile.presumed_ratio > 0


def in_year(values: Sequence[int], year: int) -> int:
    """A profile's value for ``year``; years past the profile repeat its last."""
    index = min(max(year, FIRST_YEAR), LAST_PROFILE_YEAR) - FIRST_YEAR
    return values[index]


def _quota(count: int, weights: Mapping[str, float], rng: random.Random) -> list[str]:
    """``count`` codes in the given shares (largest remainder), in random order."""
    total = sum(weights.values())
    if count <= 0 or not total:
        return []
    exact = {code: count * weight / total for code, weight in weights.items()}
    dealt = {code: int(share) for code, share in exact.items()}
    left = count - sum(dealt.values())
    by_remainder = sorted(exact, key=lambda code: (dealt[code] - exact[code], code))
    for code in by_remainder[:left]:
        dealt[code] += 1
    codes = [code for code, number in dealt.items() for _ in range(number)]
    rng.shuffle(codes)
    return codes


def _places(profile: Profile, count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(citizenship, country of exploitation, identified in) for ``count``
    victims beyond the flows between members."""
    foreign = round(count * profile.foreign)
    abroad = round((count - foreign) * profile.abroad)
    domestic = count - foreign - abroad
    places = [(code, "DOMESTIC", "REPORTING") for code in _quota(foreign, profile.origins, rng)]
    places += [("NATIONAL", "DOMESTIC", "REPORTING")] * domestic
    where = _quota(abroad, profile.destinations, rng)
    share = profile.identified_abroad
    who = _quota(abroad, {"ABROAD": share, "REPORTING": 1 - share}, rng)
    places += [("NATIONAL", country, by) for country, by in zip(where, who, strict=True)]
    return places


def _flow_places(code: str, year: int) -> list[tuple[str, str, str]]:
    """The member's victims that cross between members: those it identified
    (by citizenship) and its returned nationals identified by the other."""
    places: list[tuple[str, str, str]] = []
    for (origin, destination), counts in FLOWS.items():
        crossing = in_year(counts, year)
        if destination == code:
            places += [(origin, "DOMESTIC", "REPORTING")] * crossing
        elif origin == code and code in RETURNED_NATIONALS_COUNTED:
            gaps = FLOW_GAPS.get((origin, destination))
            counted = crossing + (in_year(gaps, year) if gaps else 0)
            places += [("NATIONAL", destination, "ABROAD")] * counted
    return places


def _victims(
    profile: Profile,
    status: str,
    places: list[tuple[str, str, str]],
    rng: random.Random,
) -> list[Victim]:
    count = len(places)
    rng.shuffle(places)
    sexes = _quota(count, {"F": profile.female, "M": 1 - profile.female}, rng)
    adult = 1 - profile.children - profile.unknown_age
    ages = _quota(
        count, {"CHILD": profile.children, "ADULT": adult, "UNK": profile.unknown_age}, rng
    )
    forms = {
        "F": iter(_quota(sexes.count("F"), profile.exploitation_female, rng)),
        "M": iter(_quota(sexes.count("M"), profile.exploitation_male, rng)),
    }
    assisted = iter(_quota(count, {"yes": profile.assisted, "no": 1 - profile.assisted}, rng))
    return [
        Victim(
            status=status,
            sex=sex,
            age=age,
            citizenship=citizenship,
            exploitation=next(forms[sex]),
            exploitation_country=country,
            identified_in=by,
            assisted=next(assisted) == "yes",
        )
        for (citizenship, country, by), sex, age in zip(places, sexes, ages, strict=True)
    ]


def _with_services(victims: list[Victim], rng: random.Random) -> list[Victim]:
    """Services for the assisted victims, drawn apart from the rest of the
    register so that adding them left every other figure as it was."""
    chosen: list[Victim] = []
    for victim in victims:
        if not victim.assisted:
            chosen.append(victim)
            continue
        services = tuple(code for code, share in SERVICE_SHARES.items() if rng.random() < share)
        chosen.append(replace(victim, services=services or ("OTHER",)))
    return chosen


def _operation_victims(operation: Operation, rng: random.Random) -> list[Victim]:
    male = operation.sex_male
    return [
        Victim(
            status="IDENTIFIED",
            sex=sex,
            age="ADULT",
            citizenship=operation.citizenship,
            exploitation=operation.exploitation,
            exploitation_country="DOMESTIC",
            identified_in="REPORTING",
            assisted=True,
        )
        for sex in _quota(operation.victims, {"M": male, "F": 1 - male}, rng)
    ]


def _offenders(
    profile: Profile, identified: int, operation: Operation | None, rng: random.Random
) -> list[Offender]:
    offenders: list[Offender] = []
    foreign = profile.foreign_offenders
    citizenship = {"NATIONAL": 1 - foreign, "NON_EU": foreign * 0.7, "OTHER_EU": foreign * 0.3}
    for measure, ratio in zip(
        ("SUSPECTS", "PROSECUTED", "CONVICTED"), profile.offenders, strict=True
    ):
        count = round(identified * ratio)
        sexes = _quota(count, OFFENDER_SEX, rng)
        groups = _quota(count, citizenship, rng)
        offenders += [
            Offender(measure, sex, group) for sex, group in zip(sexes, groups, strict=True)
        ]
    if operation is not None:
        sexes = _quota(operation.suspects, OFFENDER_SEX, rng)
        offenders += [Offender("SUSPECTS", sex, "NON_EU") for sex in sexes]
    return offenders


def member_year(code: str, year: int) -> MemberYear:
    """The invented register of member ``code`` for ``year``; the same every time."""
    profile = PROFILES[code]
    irregularity = IRREGULARITIES.get((code, year), Irregularity())
    rng = random.Random(f"{code}-{year}")  # noqa: S311 — synthetic demo data, not secrets
    identified = in_year(profile.identified, year)
    flows = _flow_places(code, year)
    places = flows + _places(profile, identified - len(flows), rng)
    victims = _victims(profile, "IDENTIFIED", places, rng)
    operation = irregularity.operation
    if operation is not None:
        victims += _operation_victims(operation, rng)
    presumed = round(identified * profile.presumed_ratio)
    victims += _victims(profile, "PRESUMED", _places(profile, presumed, rng), rng)
    victims = _with_services(victims, random.Random(f"{code}-{year}-services"))  # noqa: S311 — demo data
    counted = [victim for victim in victims if victim.status == "IDENTIFIED"]
    abroad = sum(v.exploitation_country not in {"DOMESTIC", "UNK"} for v in counted)
    operation_victims = operation.victims if operation else 0
    facts = {
        "identified": len(counted),
        "presumed": len(victims) - len(counted),
        "abroad": abroad,
        "domestic": len(counted) - abroad,
        "operation": operation_victims,
        "operation_share": round(100 * operation_victims / len(counted)) if counted else 0,
        "presumed_left_out": operation.presumed_left_out if operation else 0,
        "social_services": len(counted) + irregularity.second_source_extra,
    }
    return MemberYear(
        code=code,
        year=year,
        profile=profile,
        irregularity=irregularity,
        victims=victims,
        offenders=_offenders(profile, identified, operation, rng),
        facts=facts,
    )


# From a register to the rows of a 6.1 file ----------------------------------


def _coordinate(person: Victim | Offender, column: str, country: str, codes: CodeLists) -> str:
    """The person's code in a table: ISO codes fall into their group."""
    code = str(getattr(person, column))
    if column in ISO_DETAIL and codes.is_iso_detail(column, code):
        return codes.iso_group(column, code, country)
    return code


def _categories(member: MemberYear, column: str) -> tuple[str, ...]:
    if column == "status" and not member.reports_presumed:
        return ("IDENTIFIED",)
    if column == "age" and member.irregularity.age_not_broken_down:
        return ()
    return CATEGORIES[column]


def _people(member: MemberYear, measure: str) -> list[Victim | Offender]:
    if measure == "VICTIMS":
        return list(member.victims)
    if measure == "VICTIMS_ASSISTED":
        return [victim for victim in member.victims if victim.assisted]
    return [offender for offender in member.offenders if offender.measure == measure]


def _table_rows(
    member: MemberYear, table: Table, measure: str, codes: CodeLists
) -> Iterable[dict[str, str]]:
    victim = measure in VICTIM_MEASURES
    dimensions = table.dimensions
    people = _people(member, measure)
    counts: Counter[tuple[str, ...]] = Counter()
    if dimensions == ("service",):
        # A person counts once in TOTAL and once under each service received.
        for person in people:
            counts[(TOTAL,)] += 1
            for service in getattr(person, "services", ()):
                counts[(service,)] += 1
    else:
        people_by_cell = Counter(
            tuple(_coordinate(person, column, member.code, codes) for column in dimensions)
            for person in people
        )
        # Each distinct cell counts towards every cell that totals some of its columns.
        for values, number in people_by_cell.items():
            for keep in itertools.product((True, False), repeat=len(dimensions)):
                totalled = tuple(v if k else TOTAL for v, k in zip(values, keep, strict=True))
                counts[totalled] += number
    base = dict.fromkeys(COLUMNS, "") | dict.fromkeys(BREAKDOWNS, TOTAL)
    base |= {"country": member.code, "year": str(member.year), "measure": measure}
    if not victim:
        base["status"] = NOT_APPLICABLE
    choices = [(*_categories(member, column), TOTAL) for column in dimensions]
    for combination in itertools.product(*choices):
        cell = dict(zip(dimensions, combination, strict=True))
        value = str(counts[combination])
        if (
            member.irregularity.exploitation_identified_only
            and cell.get("exploitation", TOTAL) != TOTAL
            and cell.get("status") != "IDENTIFIED"
        ):
            value = ""
        yield base | cell | {"value": value}
    if victim and table.key in COUNTRY_DETAILS:
        column, within = COUNTRY_DETAILS[table.key]
        victims = [person for person in people if isinstance(person, Victim)]
        yield from _detail_rows(member, victims, base | within, column, codes)


def _detail_rows(
    member: MemberYear,
    people: Sequence[Victim],
    base: dict[str, str],
    column: str,
    codes: CodeLists,
) -> Iterable[dict[str, str]]:
    """Rows per country code of ``column`` and status, among the people
    that have the codes ``base`` fixes."""
    fixed = {key: code for key, code in base.items() if key in BREAKDOWNS and code != TOTAL}
    by_status: Counter[tuple[str, str]] = Counter(
        (person.status, str(getattr(person, column)))
        for person in people
        if all(getattr(person, key) == code for key, code in fixed.items())
    )
    details = sorted({code for _status, code in by_status if codes.is_iso_detail(column, code)})
    for status, code in itertools.product((*_categories(member, "status"), TOTAL), details):
        if status == TOTAL:
            value = sum(n for (_status, each), n in by_status.items() if each == code)
        else:
            value = by_status[(status, code)]
        yield base | {"status": status, column: code, "value": str(value)}


def _headline(row: Mapping[str, str]) -> bool:
    """The row a reader looks at first: all victims, or all identified victims."""
    others = all(row[column] == TOTAL for column in BREAKDOWNS if column != "status")
    return row["measure"] == "VICTIMS" and others and row["status"] in {TOTAL, "IDENTIFIED"}


def submission_rows(member: MemberYear, codes: CodeLists) -> list[dict[str, str]]:
    """The rows of the member's submission, as a 6.1 CSV file would hold them."""
    irregularity = member.irregularity
    rows: dict[tuple[str, ...], dict[str, str]] = {}
    for table in TABLES:
        for measure in table.measures:
            for row in _table_rows(member, table, measure, codes):
                if irregularity.totals_only and any(
                    row[column] not in {TOTAL, NOT_APPLICABLE} for column in BREAKDOWNS
                ):
                    continue
                rows.setdefault(tuple(row[column] for column in COORDINATES), row)
    note = irregularity.note.format(**member.facts)
    for row in rows.values():
        if row["measure"] in irregularity.flagged_measures:
            row["flag"] = irregularity.flag
        if note and _headline(row):
            row["note"] = note
    return list(rows.values())


def change_note(member: MemberYear, before: int | None, value: int) -> str:
    """What the member writes beside a figure the year-on-year check questions."""
    if member.irregularity.note:
        return member.irregularity.note.format(**member.facts)
    if before is None or max(before, value) <= SMALL_NUMBER:
        return SMALL_NUMBER_NOTE
    return GENERIC_CHANGE_NOTE


def methodology(member: MemberYear) -> dict[str, str]:
    """The methodology metadata of the member's submission."""
    irregularity = member.irregularity
    fixed = METHODOLOGY[member.code]
    remarks = irregularity.remarks.format(**member.facts)
    if not member.reports_presumed:
        remarks = " ".join(
            filter(None, [remarks, "Presumed victims are not counted: only formally identified."])
        )
    return {
        "data_authority": irregularity.data_authority or fixed["data_authority"],
        "includes_presumed": YES if member.reports_presumed else NO,
        "returned_nationals_domestic": YES if member.code in RETURNED_NATIONALS_COUNTED else NO,
        "legal_definition": fixed["legal_definition"],
        "series_breaks": irregularity.series_breaks or "None.",
        "remarks": remarks,
    }


def answer_texts(member: MemberYear, questions: Iterable[tuple[int, str]]) -> dict[int, str]:
    """The member's answers to a round's questions, by question id; questions
    are (id, theme) pairs. Themes without demo answers stay unanswered."""
    index = sorted(PROFILES).index(member.code) + member.year
    facts = {
        "name": NAMES[member.code],
        "year": member.year,
        "next_year": member.year + 2,
        "partner": PARTNERS[member.code],
    }
    texts: dict[int, str] = {}
    for question_id, theme in questions:
        choices = ANSWERS.get(theme)
        if choices:
            texts[question_id] = ANSWER_PREFIX + choices[index % len(choices)].format(**facts)
    return texts
