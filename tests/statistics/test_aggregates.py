"""Region aggregates: sums per cell, with the members left out named."""

from __future__ import annotations

import pytest

from tests.statistics.observations import row
from thbhub.statistics.aggregates import region_aggregates, region_members

MEMBERS = ["RS", "AL", "HR", "ME"]
EU = frozenset({"HR", "DE"})


def by_cell(rows, region):  # type: ignore[no-untyped-def]
    return {(o.year, o.measure, o.sex, o.citizenship): o for o in rows if o.country == region}


def test_regions_come_from_the_members_and_eu_status_given() -> None:
    assert region_members("NATC_SEE", members=MEMBERS, eu_members=EU) == {"RS", "AL", "HR", "ME"}
    assert region_members("NATC_SEE_EU", members=MEMBERS, eu_members=EU) == {"HR"}
    assert region_members("NATC_SEE_NON_EU", members=MEMBERS, eu_members=EU) == {"RS", "AL", "ME"}
    # A country joining the network is a member without any code change.
    assert "XX" in region_members("NATC_SEE", members=[*MEMBERS, "XX"], eu_members=EU)
    with pytest.raises(ValueError, match="Unknown region"):
        region_members("BALKANS", members=MEMBERS, eu_members=EU)


def test_a_complete_cell_is_the_plain_sum_without_note() -> None:
    rows = [row("RS", 2022, 50), row("AL", 2022, 30), row("HR", 2022, 20), row("ME", 2022, 7)]
    cells = by_cell(region_aggregates(rows, members=MEMBERS, eu_members=EU), "NATC_SEE")
    total = cells[(2022, "VICTIMS", "TOTAL", "TOTAL")]
    assert total.value == 50 + 30 + 20 + 7
    assert total.note == ""
    assert (total.source_row, total.source_sheet, total.flag) == (0, "", "")


def test_a_cell_some_members_do_not_break_down_names_them() -> None:
    rows = [
        row("RS", 2022, 50),
        row("RS", 2022, 30, sex="F"),
        row("HR", 2022, 20),
        row("HR", 2022, 12, sex="F"),
        row("AL", 2022, 30),  # totals only
        # ME sends nothing for 2022
    ]
    aggregates = region_aggregates(rows, members=MEMBERS, eu_members=EU)
    female = by_cell(aggregates, "NATC_SEE")[(2022, "VICTIMS", "F", "TOTAL")]
    assert female.value == 30 + 12
    assert "Sum of 2 of 4 members" in female.note
    assert "AL not broken down" in female.note
    assert "ME no data for 2022" in female.note
    eu_female = by_cell(aggregates, "NATC_SEE_EU")[(2022, "VICTIMS", "F", "TOTAL")]
    assert (eu_female.value, eu_female.note) == (12, "")
    non_eu_total = by_cell(aggregates, "NATC_SEE_NON_EU")[(2022, "VICTIMS", "TOTAL", "TOTAL")]
    assert non_eu_total.value == 50 + 30
    assert "Sum of 2 of 3 members" in non_eu_total.note


def test_unknown_values_count_as_missing_and_no_member_gives_unknown() -> None:
    rows = [
        row("RS", 2022, 50),
        row("RS", 2022, None, sex="M"),
        row("AL", 2022, 30),
        row("AL", 2022, 11, sex="M"),
        row("HR", 2022, 5),
        row("HR", 2022, None, flag="c", sex="UNK"),
        row("ME", 2022, 2),
    ]
    cells = by_cell(region_aggregates(rows, members=MEMBERS, eu_members=EU), "NATC_SEE")
    male = cells[(2022, "VICTIMS", "M", "TOTAL")]
    assert male.value == 11
    assert "RS value unknown" in male.note
    unknown_sex = cells[(2022, "VICTIMS", "UNK", "TOTAL")]
    assert unknown_sex.value is None  # never a zero made up from nothing


def test_iso_details_are_summed_per_code_and_relative_codes_kept() -> None:
    rows = [
        row("RS", 2022, 50),
        row("RS", 2022, 45, citizenship="NATIONAL"),
        row("RS", 2022, 3, citizenship="UA"),
        row("HR", 2022, 20),
        row("HR", 2022, 15, citizenship="NATIONAL"),
        row("HR", 2022, 2, citizenship="UA"),
        row("HR", 2022, 1, citizenship="RS"),
    ]
    cells = by_cell(region_aggregates(rows, members=["RS", "HR"], eu_members=EU), "NATC_SEE")
    assert cells[(2022, "VICTIMS", "TOTAL", "NATIONAL")].value == 45 + 15
    assert cells[(2022, "VICTIMS", "TOTAL", "UA")].value == 3 + 2
    serbian_citizens = cells[(2022, "VICTIMS", "TOTAL", "RS")]
    assert serbian_citizens.value == 1
    assert "RS not broken down" in serbian_citizens.note


def test_years_and_non_members_are_kept_apart() -> None:
    rows = [
        row("RS", 2021, 40),
        row("RS", 2022, 50),
        row("DE", 2022, 900),  # a partner's row is no member's
        row("NATC_SEE", 2022, 1),  # nor is an earlier region row
    ]
    aggregates = region_aggregates(rows, members=["RS"], eu_members=EU)
    cells = by_cell(aggregates, "NATC_SEE")
    assert cells[(2021, "VICTIMS", "TOTAL", "TOTAL")].value == 40
    assert cells[(2022, "VICTIMS", "TOTAL", "TOTAL")].value == 50
    assert {o.country for o in aggregates} == {"NATC_SEE", "NATC_SEE_NON_EU"}
