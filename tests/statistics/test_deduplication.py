"""VICTIMS_DEDUPLICATED on cases small enough to work out by hand."""

from __future__ import annotations

import pytest

from tests.statistics.observations import row
from thbhub.statistics.cells import CellIndex
from thbhub.statistics.deduplication import (
    LinkageFigures,
    breakdown_overlap,
    deduplicated_figure,
    deduplicated_observations,
)

YEAR = 2022
EU = frozenset({"HR", "DE"})  # EU member states; DE is no member of the network


def returnees_with_details() -> list:  # type: ignore[type-arg]
    """Albania counts 8 victims identified abroad: 5 exploited in Croatia, 2 in
    Germany (no member), 1 unknown. Croatia registers 4 Albanian citizens.
    Serbia says it has no non-EU citizens and no victims identified abroad."""
    return [
        row("AL", YEAR, 20),
        row("AL", YEAR, 12, identified_in="REPORTING"),
        row("AL", YEAR, 8, identified_in="ABROAD"),
        row("AL", YEAR, 5, identified_in="ABROAD", exploitation_country="HR"),
        row("AL", YEAR, 2, identified_in="ABROAD", exploitation_country="DE"),
        row("HR", YEAR, 30),
        row("HR", YEAR, 30, identified_in="REPORTING"),
        row("HR", YEAR, 0, identified_in="ABROAD"),
        row("HR", YEAR, 4, citizenship="AL"),
        row("RS", YEAR, 10),
        row("RS", YEAR, 10, identified_in="REPORTING"),
        row("RS", YEAR, 0, identified_in="ABROAD"),
        row("RS", YEAR, 10, citizenship="NATIONAL"),
        row("RS", YEAR, 0, citizenship="OTHER_EU"),
        row("RS", YEAR, 0, citizenship="NON_EU"),
        row("RS", YEAR, 0, citizenship="UNK"),
    ]


def figure(rows, members, linkage=None, region="NATC_SEE"):  # type: ignore[no-untyped-def]
    return deduplicated_figure(
        CellIndex(rows, eu_members=EU),
        year=YEAR,
        members=members,
        linkage=linkage,
        region=region,
    )


def test_matching_details_give_point_and_range() -> None:
    # Pair AL->HR: exactly 5 exploited in HR, HR has 4 Albanians: low = point = 4.
    # Pair AL->RS: none in RS by RS's own rows (no non-EU citizens): 0.
    # Upper: AL's 8 abroad less the 2 exploited in Germany = 6.
    result = breakdown_overlap(
        CellIndex(returnees_with_details(), eu_members=EU), year=YEAR, members=["AL", "HR", "RS"]
    )
    assert (result.total, result.low, result.point, result.high) == (60, 4, 4, 6)
    shown = figure(returnees_with_details(), ["AL", "HR", "RS"])
    assert shown.value == 60 - 4
    assert (shown.low, shown.high) == (60 - 6, 60 - 4)
    assert shown.numerator == 60
    assert "identified abroad" in shown.method


def test_margins_only_give_frechet_bounds() -> None:
    # AL: 20 victims, 15 identified abroad, 10 exploited in HR (not crossed).
    # At least 15 + 10 - 20 = 5 of the abroad victims were exploited in HR,
    # at most min(15, 10) = 10. HR counts 12 Albanians.
    rows = [
        row("AL", YEAR, 20),
        row("AL", YEAR, 15, identified_in="ABROAD"),
        row("AL", YEAR, 10, exploitation_country="HR"),
        row("HR", YEAR, 30),
        row("HR", YEAR, 0, identified_in="ABROAD"),
        row("HR", YEAR, 12, citizenship="AL"),
    ]
    result = breakdown_overlap(CellIndex(rows, eu_members=EU), year=YEAR, members=["AL", "HR"])
    assert (result.low, result.point, result.high) == (5, 10, 15)
    shown = figure(rows, ["AL", "HR"])
    assert (shown.value, shown.low, shown.high) == (50 - 10, 50 - 15, 50 - 5)


def test_complete_country_details_narrow_the_upper_bound() -> None:
    # AL: 20 victims, 10 identified abroad. Exploited: 10 at home, 6 in other
    # EU states (HR 2, DE 4: the details make up the group), 4 outside the EU
    # (TR 4: likewise), none unknown. So none in RS, a non-EU member.
    # Pair AL->HR: at least max(0, 10 + 2 - 20) = 0, at most min(10, 2) = 2;
    # HR counts 3 Albanians: low 0, point min(2, 3) = 2.
    # Pair AL->RS: 0 exploited in RS, so 0 whatever RS's details.
    # Upper: at most 2 (HR) + 0 (RS) + 0 (unknown country) = 2.
    rows = [
        row("AL", YEAR, 20),
        row("AL", YEAR, 10, identified_in="ABROAD"),
        row("AL", YEAR, 10, exploitation_country="DOMESTIC"),
        row("AL", YEAR, 6, exploitation_country="OTHER_EU"),
        row("AL", YEAR, 2, exploitation_country="HR"),
        row("AL", YEAR, 4, exploitation_country="DE"),
        row("AL", YEAR, 4, exploitation_country="NON_EU"),
        row("AL", YEAR, 4, exploitation_country="TR"),
        row("AL", YEAR, 0, exploitation_country="UNK"),
        row("HR", YEAR, 30),
        row("HR", YEAR, 0, identified_in="ABROAD"),
        row("HR", YEAR, 3, citizenship="AL"),
        row("RS", YEAR, 10),
        row("RS", YEAR, 0, identified_in="ABROAD"),
    ]
    result = breakdown_overlap(
        CellIndex(rows, eu_members=EU), year=YEAR, members=["AL", "HR", "RS"]
    )
    assert (result.low, result.point, result.high) == (0, 2, 2)
    shown = figure(rows, ["AL", "HR", "RS"])
    assert (shown.value, shown.low, shown.high) == (60 - 2, 60 - 2, 60 - 0)


def test_a_member_without_identified_in_leaves_only_a_range() -> None:
    rows = [
        row("AL", YEAR, 20),
        row("HR", YEAR, 30),
        row("HR", YEAR, 0, identified_in="ABROAD"),
    ]
    shown = figure(rows, ["AL", "HR"])
    assert shown.value is None
    assert (shown.low, shown.high) == (50 - 20, 50 - 0)
    assert "AL does not say who identified its victims" in shown.reason


def test_a_member_without_a_total_is_left_out_and_named() -> None:
    rows = [*returnees_with_details(), row("ME", YEAR - 1, 3)]
    shown = figure(rows, ["AL", "HR", "ME", "RS"])
    assert shown.numerator == 60
    assert shown.missing == ("ME",)
    assert "3 of 4 members" in shown.reason


def test_linkage_results_take_precedence() -> None:
    linkage = LinkageFigures(
        year=YEAR,
        duplicates=7,
        overlap={"AL": {"HR": 5}, "HR": {"RS": 2}},
        threshold=0.75,
        source_name="matches-2022.csv",
    )
    shown = figure(returnees_with_details(), ["AL", "HR", "RS"], linkage)
    assert shown.value == 60 - 7
    assert (shown.low, shown.high) == (None, None)
    assert "0.75" in shown.method
    # Albania and Serbia were matched with Croatia only: nothing between them.
    non_eu = figure(returnees_with_details(), ["AL", "RS"], linkage, region="NATC_SEE_NON_EU")
    assert non_eu.value == 20 + 10


def test_precision_and_recall_widen_the_linkage_figure() -> None:
    linkage = LinkageFigures(
        year=YEAR, duplicates=8, overlap={}, threshold=0.8, precision=0.9, recall=0.8
    )
    shown = figure(returnees_with_details(), ["AL", "HR", "RS"], linkage)
    # 8 matches, 90 % true: 7.2 true duplicates found, which is 80 % of all: 9.
    assert shown.value == pytest.approx(60 - 9)
    assert (shown.low, shown.high) == (pytest.approx(60 - 9), 60 - 8)


def test_region_row_for_exports() -> None:
    rows = deduplicated_observations(
        returnees_with_details(), years=[YEAR], members=["AL", "HR", "RS"], eu_members=EU
    )
    assert len(rows) == 1
    (exported,) = rows
    assert (exported.country, exported.measure, exported.status) == (
        "NATC_SEE",
        "VICTIMS_DEDUPLICATED",
        "TOTAL",
    )
    assert exported.value == 56
    assert exported.flag == "e"
    assert "Range 54 to 56" in exported.note
    assert exported.as_row()["identified_in"] == "TOTAL"
