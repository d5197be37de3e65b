"""The 6.1 standard as data: columns, code lists and which breakdowns apply."""

from __future__ import annotations

import json

from thbhub.reference.loading import CODELISTS_FILE
from thbhub.statistics.standard import (
    COLUMNS,
    CodeLists,
    Observation,
    applies,
)


def test_columns_follow_the_brief():
    assert COLUMNS == (
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
        # Code lists version 2: victims assisted by type of service.
        "service",
        "value",
        "flag",
        "note",
    )


def test_code_lists_come_from_the_shipped_file(codes):
    document = json.loads(CODELISTS_FILE.read_text(encoding="utf-8"))
    assert codes.version == document["version"]
    for column in ("measure", "sex", "age", "exploitation", "identified_in"):
        expected = {entry["code"] for entry in document["lists"][column.upper()]}
        assert codes.codes[column] == expected
    assert codes.flags == {"e", "p", "d", "b"}


def test_countries_include_kosovo_and_know_the_eu(codes):
    assert {"XK", "RS", "MD", "DE"} <= codes.countries
    assert {"BG", "HR", "RO", "SI", "DE"} <= codes.eu_members
    assert not {"RS", "AL", "XK", "MD"} & codes.eu_members


def test_categories_leave_out_total_and_not_applicable(codes):
    assert codes.categories("sex") == {"F", "M", "UNK"}
    assert codes.categories("status") == {"IDENTIFIED", "PRESUMED"}
    assert "TOTAL" not in codes.categories("exploitation")


def test_country_details_fall_in_their_group(codes):
    assert codes.iso_group("citizenship", "RS", "RS") == "NATIONAL"
    assert codes.iso_group("citizenship", "DE", "RS") == "OTHER_EU"
    assert codes.iso_group("citizenship", "UA", "RS") == "NON_EU"
    assert codes.iso_group("exploitation_country", "RS", "RS") == "DOMESTIC"
    assert codes.iso_group("citizenship", "BG", "BG") == "NATIONAL"


def test_offenders_are_broken_down_by_sex_and_citizenship_only():
    assert applies("VICTIMS", "identified_in")
    assert applies("VICTIMS_ASSISTED", "age")
    assert applies("CONVICTED", "sex")
    assert applies("SUSPECTS", "citizenship")
    assert not applies("PROSECUTED", "age")
    assert not applies("SUSPECTS", "exploitation")


def test_code_lists_can_be_built_from_stored_lists():
    built = CodeLists.from_lists(
        version="9",
        lists={"SEX": ["F", "M", "TOTAL"], "FLAG": ["e"]},
        countries=["RS"],
        eu_members=[],
    )
    assert built.codes["sex"] == {"F", "M", "TOTAL"}
    assert built.codes["age"] == frozenset()
    assert built.flags == {"e"}


def test_an_observation_writes_back_as_a_row():
    observation = Observation(
        country="RS",
        year=2022,
        measure="VICTIMS",
        status="TOTAL",
        sex="F",
        age="TOTAL",
        citizenship="TOTAL",
        exploitation="TOTAL",
        exploitation_country="TOTAL",
        identified_in="TOTAL",
        value=None,
        flag="e",
        note="Процена",
        source_row=2,
        source_sheet="rs.csv",
    )
    row = observation.as_row()
    assert list(row) == list(COLUMNS)
    assert row["value"] == ""
    assert row["year"] == "2022"
    assert observation.series_key == ("RS", "VICTIMS", "TOTAL", "F", *["TOTAL"] * 6)
