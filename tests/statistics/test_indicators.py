"""Indicators from hand-built rows; every expected number worked out here."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.statistics.observations import row
from thbhub.reference.loading import CODELISTS_FILE
from thbhub.statistics.indicators import CSV_COLUMNS, compute_indicators

MEMBERS = ["RS", "HR", "AL"]
EU = frozenset({"HR"})
YEAR = 2022


def serbia() -> list:  # type: ignore[type-arg]
    rows = [
        row("RS", YEAR, 50),
        row("RS", YEAR, 40, status="IDENTIFIED"),
        row("RS", YEAR, 10, status="PRESUMED"),
        row("RS", YEAR, 10, age="CHILD"),
        row("RS", YEAR, 40, age="ADULT"),
        row("RS", YEAR, 30, sex="F"),
        row("RS", YEAR, 20, sex="M"),
        row("RS", YEAR, 45, citizenship="NATIONAL"),
        row("RS", YEAR, 2, citizenship="OTHER_EU"),
        row("RS", YEAR, 3, citizenship="NON_EU"),
        row("RS", YEAR, 35, exploitation_country="DOMESTIC"),
        row("RS", YEAR, 10, exploitation_country="OTHER_EU"),
        row("RS", YEAR, 4, exploitation_country="HR"),
        row("RS", YEAR, 5, exploitation_country="NON_EU"),
        row("RS", YEAR, 40, "VICTIMS_ASSISTED"),
        row("RS", YEAR, 20, "SUSPECTS"),
        row("RS", YEAR, 10, "PROSECUTED"),
        row("RS", YEAR, 4, "CONVICTED"),
        row("RS", YEAR - 1, 40),
    ]
    # Four of the seven forms given; they add up to the total, so the
    # forms not given are known to be zero.
    for form, value in (("SEXUAL", 30), ("LABOUR", 10), ("BEGGING", 5), ("OTHER", 5)):
        rows.append(row("RS", YEAR, value, exploitation=form))
    return rows


def croatia() -> list:  # type: ignore[type-arg]
    return [
        row("HR", YEAR, 20),
        row("HR", YEAR, 4, age="CHILD"),
        row("HR", YEAR, 16, age="ADULT"),
        row("HR", YEAR, 12, sex="F"),
        row("HR", YEAR, 8, sex="M"),
        row("HR", YEAR, 12, exploitation="SEXUAL"),
        row("HR", YEAR, 8, exploitation="LABOUR"),
        row("HR", YEAR, 20, "VICTIMS_ASSISTED"),
        row("HR", YEAR, 5, "SUSPECTS"),
        row("HR", YEAR, 5, "PROSECUTED"),
        row("HR", YEAR, 5, "CONVICTED"),
        row("HR", YEAR - 1, 25),
    ]


ALBANIA = [row("AL", YEAR, 30)]  # totals only, nothing the year before
POPULATION = {("RS", YEAR): 6_700_000, ("HR", YEAR): 3_850_000}


@pytest.fixture(scope="module")
def table():  # type: ignore[no-untyped-def]
    return compute_indicators(
        [*serbia(), *croatia(), *ALBANIA],
        years=[YEAR],
        population=POPULATION,
        members=MEMBERS,
        eu_members=EU,
        linkage=None,
    )


def value(table, area: str, key: str):  # type: ignore[no-untyped-def]
    figure = table.get(area, YEAR, key)
    assert figure is not None, f"{key} missing for {area}"
    return figure


def test_counts_per_country_and_region(table) -> None:  # type: ignore[no-untyped-def]
    assert value(table, "RS", "victims").value == 50
    assert value(table, "RS", "victims_identified").value == 40
    assert value(table, "RS", "victims_presumed").value == 10
    region = value(table, "NATC_SEE", "victims")
    assert region.value == 50 + 20 + 30
    assert region.missing == ()
    assert value(table, "NATC_SEE_EU", "victims").value == 20
    assert value(table, "NATC_SEE_NON_EU", "victims").value == 50 + 30


def test_a_totals_only_member_is_not_available_never_zero(table) -> None:  # type: ignore[no-untyped-def]
    sexual = value(table, "AL", "exploitation_sexual")
    assert sexual.value is None
    assert "AL: totals only" in sexual.reason
    identified = value(table, "AL", "victims_identified")
    assert identified.value is None


def test_shares_use_members_giving_both_parts_and_say_which(table) -> None:  # type: ignore[no-untyped-def]
    children = value(table, "NATC_SEE", "children_share")
    assert children.value == pytest.approx((10 + 4) / (50 + 20))
    assert (children.numerator, children.denominator) == (14, 70)
    assert set(children.members) == {"HR", "RS"}
    assert children.missing == ("AL",)
    assert "2 of 3 members" in children.reason
    assert "AL: totals only" in children.reason
    women = value(table, "NATC_SEE", "women_girls_share")
    assert women.value == pytest.approx((30 + 12) / 70)
    assert value(table, "RS", "children_share").value == pytest.approx(10 / 50)


def test_eurostat_groups_follow_the_code_list(table) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(CODELISTS_FILE.read_text(encoding="utf-8"))
    other_codes = [
        entry["code"]
        for entry in document["lists"]["EXPLOITATION"]
        if entry.get("eurostat_group") == "OTHER"
    ]
    definition = table.definitions["eurostat_other"].definition
    assert all(code in definition for code in other_codes)
    assert "02043_02044" in definition
    # RS: begging 5 + other 5, the forms not given proved zero by the total.
    assert value(table, "RS", "eurostat_other").value == 5 + 5
    # HR gives sexual and labour only, which make its total: its "other" is 0.
    assert value(table, "HR", "eurostat_other").value == 0
    region = value(table, "NATC_SEE", "eurostat_other_share")
    assert region.value == pytest.approx((10 + 0) / (50 + 20))
    assert value(table, "NATC_SEE", "eurostat_sexual").value == 30 + 12
    assert value(table, "RS", "exploitation_organ_removal").value == 0


def test_citizenship_and_exploitation_abroad(table) -> None:  # type: ignore[no-untyped-def]
    assert value(table, "RS", "nationals").value == 45
    assert value(table, "RS", "foreigners").value == 2 + 3
    foreigners = value(table, "NATC_SEE", "foreigners_share")
    assert foreigners.value == pytest.approx(5 / 50)
    assert set(foreigners.missing) == {"HR", "AL"}
    assert "HR: not broken down this way" in foreigners.reason
    assert value(table, "RS", "exploited_abroad").value == 10 + 5
    assert value(table, "RS", "exploited_abroad_share").value == pytest.approx(15 / 50)
    assert value(table, "RS", "exploited_other_eu").value == 10
    assert value(table, "RS", "exploited_in_HR").value == 4


def test_rates_change_and_justice(table) -> None:  # type: ignore[no-untyped-def]
    rate = value(table, "RS", "victims_per_million")
    assert rate.value == pytest.approx(50 / 6.7, rel=1e-6)
    region_rate = value(table, "NATC_SEE", "victims_per_million")
    assert region_rate.value == pytest.approx(70 / 10.55, rel=1e-6)
    assert "AL: no population figure for 2022" in region_rate.reason
    change = value(table, "NATC_SEE", "victims_change")
    assert change.value == pytest.approx(((50 + 20) - (40 + 25)) / (40 + 25), rel=1e-6)
    assert change.missing == ("AL",)
    assert value(table, "NATC_SEE", "eu_members_share").value == pytest.approx(20 / 100)
    assert table.get("RS", YEAR, "eu_members_share") is None
    assert value(table, "HR", "protection_coverage").value == pytest.approx(1.0)
    assert value(table, "NATC_SEE", "protection_coverage").value == pytest.approx(60 / 70)
    assert value(table, "NATC_SEE", "suspects").value == 25
    assert value(table, "NATC_SEE", "convictions_per_prosecution").value == pytest.approx(9 / 15)
    assert value(table, "AL", "convictions_per_prosecution").value is None


def test_the_table_serialises_to_json_and_csv(table) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(json.dumps(table.as_dict()))
    victims = next(
        v for v in document["values"] if v["area"] == "NATC_SEE" and v["indicator"] == "victims"
    )
    assert victims["value"] == 100
    rows = list(csv.DictReader(io.StringIO(_csv(table))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    al_share = next(r for r in rows if r["area"] == "AL" and r["indicator"] == "children_share")
    assert al_share["value"] == ""
    assert "totals only" in al_share["reason"]


def _csv(table) -> str:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(table.csv_rows())
    return buffer.getvalue()


def test_a_national_view_has_no_regions() -> None:
    table = compute_indicators(
        serbia(),
        years=[YEAR],
        population=POPULATION,
        members=MEMBERS,
        eu_members=EU,
        linkage=None,
        regions=False,
        countries=["RS"],
    )
    assert [area.code for area in table.areas] == ["RS"]
    assert {v.area for v in table.values} == {"RS"}
    assert "victims_deduplicated" not in table.definitions


def test_a_published_deduplicated_total_is_shown_as_published() -> None:
    published = row("NATC_SEE", YEAR, 90, "VICTIMS_DEDUPLICATED", flag="e")
    published = published.__class__(**{**published.__dict__, "note": "Linkage, range 88 to 90."})
    table = compute_indicators(
        [*serbia(), *croatia(), *ALBANIA, published],
        years=[YEAR],
        population=POPULATION,
        members=MEMBERS,
        eu_members=EU,
        linkage=None,
    )
    shown = value(table, "NATC_SEE", "victims_deduplicated")
    assert shown.value == 90
    assert shown.method == "Linkage, range 88 to 90."
    # The published region row is not a member: the region's victims stay 100.
    assert value(table, "NATC_SEE", "victims").value == 100
