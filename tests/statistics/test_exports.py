"""Exports read back with real parsers: csv, openpyxl, and sdmx1 for SDMX."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest
import sdmx
from openpyxl import load_workbook

from tests.statistics.publications import PUBLISH_YEAR, accepted_round
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE
from thbhub.statistics.exports.eurostat import eurostat_breakdown
from thbhub.statistics.exports.rendering import FORMATS, UnknownFormatError, render_export
from thbhub.statistics.exports.structure import DIMENSIONS, DSD_FILE, build_structure
from thbhub.statistics.published_selectors import ExportData, export_data
from thbhub.statistics.publishing import round_publish
from thbhub.statistics.standard import BREAKDOWNS, COLUMNS, Observation


@pytest.fixture
def published(users) -> ExportData:
    secretariat = users["secretariat"]
    round_publish(actor=secretariat, round=accepted_round(secretariat))
    return export_data(secretariat, year=PUBLISH_YEAR, published=True)


def _key(obs: Observation) -> tuple[str, ...]:
    return tuple(obs.coordinate(column) for column in ("country", "measure", *BREAKDOWNS))


def test_the_shipped_structure_is_what_the_generator_builds() -> None:
    assert DSD_FILE.read_bytes() == build_structure(), (
        "Regenerate it: python -m thbhub.statistics.exports.structure"
    )


def test_the_structure_has_the_standard_and_the_regions() -> None:
    message = sdmx.read_sdmx(DSD_FILE)
    dsd = message.structure["THB"]
    assert [d.id for d in dsd.dimensions.components] == [*DIMENSIONS.values(), "TIME_PERIOD"]
    assert {a.id for a in dsd.attributes.components} == {"OBS_STATUS", "OBS_CONF", "OBS_COMMENT"}
    areas = message.codelist["CL_REF_AREA"]
    assert {"NATC_SEE", "NATC_SEE_EU", "NATC_SEE_NON_EU", "XK", "RS"} <= {c.id for c in areas}
    assert str(areas["XK"].name) == "Kosovo*"
    assert "UNSCR 1244/99" in str(areas["XK"].description)
    assert "VICTIMS_DEDUPLICATED" in message.codelist["CL_MEASURE"]
    assert {c.id for c in message.codelist["CL_OBS_STATUS"]} == {"e", "p", "d", "b"}


def test_csv_has_the_standard_columns_and_the_published_rows(published: ExportData) -> None:
    rendered = render_export(published, "csv")
    rows = list(csv.DictReader(io.StringIO(rendered.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(published.observations)
    for row, obs in zip(rows, published.observations, strict=True):
        assert row["value"] == ("" if obs.value is None else str(obs.value))
        assert row["flag"] == obs.flag
    assert {"NATC_SEE", "NATC_SEE_EU", "NATC_SEE_NON_EU"} <= {row["country"] for row in rows}
    assert any(row["flag"] == "c" and row["value"] == "" for row in rows)


def test_xlsx_has_numbers_codes_notes_and_the_eurostat_groups(published: ExportData) -> None:
    rendered = render_export(published, "xlsx")
    workbook = load_workbook(io.BytesIO(rendered.content))
    assert workbook.sheetnames == ["Data", "Codes", "Notes", "Eurostat groups"]
    data = list(workbook["Data"].iter_rows(values_only=True))
    assert data[0] == COLUMNS
    value_at = COLUMNS.index("value")
    flag_at = COLUMNS.index("flag")
    for row, obs in zip(data[1:], published.observations, strict=True):
        assert row[value_at] == obs.value
        assert row[value_at] is None or isinstance(row[value_at], int)
        assert (row[flag_at] or "") == obs.flag
    notes = " ".join(str(row[0]) for row in workbook["Notes"].iter_rows(values_only=True))
    assert str(KOSOVO_DESIGNATION_NOTE) in notes
    assert "suppressed" in notes
    codes = {(row[0], row[1]): row[2] for row in workbook["Codes"].iter_rows(values_only=True)}
    assert codes[("country", "XK")] == "Kosovo*"
    assert codes[("exploitation", "BEGGING")] == "Forced begging"
    groups = list(workbook["Eurostat groups"].iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(groups) if row[0] == "country")
    exploitation = COLUMNS.index("exploitation")
    assert {row[exploitation] for row in groups[header_at + 1 :]} <= {"SEXUAL", "LABOUR", "OTHER"}


def test_the_eurostat_other_group_is_the_sum_of_the_five_other_forms(published: ExportData) -> None:
    national = [o for o in published.observations if o.country == "RS" and o.measure == "VICTIMS"]
    groups = eurostat_breakdown(national)
    other_forms = ("BEGGING", "CRIMINAL_ACTIVITIES", "ORGAN_REMOVAL", "FORCED_MARRIAGE", "OTHER")
    checked = 0
    for group in (g for g in groups if g.exploitation == "OTHER"):
        parts = [
            o
            for o in national
            if o.exploitation in other_forms
            and _key(o)[:6] == _key(group)[:6]
            and _key(o)[7:] == _key(group)[7:]
        ]
        assert len(parts) == len(other_forms)
        if any(part.flag == "c" for part in parts):
            assert group.value is None and group.flag == "c"
        else:
            assert group.value == sum(part.value or 0 for part in parts)
            checked += 1
    assert checked


def _dsd() -> object:
    return sdmx.read_sdmx(DSD_FILE)


def _check_against_structure(dataset: object, message: object, source: list[Observation]) -> None:
    structure = message.structure["THB"]  # type: ignore[attr-defined]
    expected = {_key(obs): obs for obs in source}
    seen = 0
    for observation in dataset.obs:  # type: ignore[attr-defined]
        key = observation.key
        for dimension in structure.dimensions.components:
            code = str(key[dimension.id].value)
            if dimension.id == "TIME_PERIOD":
                assert code == str(PUBLISH_YEAR)
            else:
                codelist = dimension.local_representation.enumerated
                assert code in codelist, f"{dimension.id}={code} is not in {codelist.id}"
        coordinates = tuple(str(key[d].value) for d in DIMENSIONS.values())
        obs = expected[coordinates]
        attributes = {name: str(value.value) for name, value in observation.attrib.items()}
        value = observation.value
        if obs.value is None:
            assert value in (None, "") or math.isnan(float(value))
        else:
            assert float(value) == obs.value
        assert attributes["OBS_CONF"] == ("C" if obs.flag == "c" else "F")
        if obs.flag and obs.flag != "c":
            assert attributes["OBS_STATUS"] == obs.flag
        seen += 1
    assert seen == len(source)


def test_sdmx_ml_is_read_back_against_the_structure(published: ExportData, tmp_path: Path) -> None:
    path = tmp_path / "thb.xml"
    path.write_bytes(render_export(published, "sdmx-ml").content)
    structures = sdmx.read_sdmx(DSD_FILE)
    message = sdmx.read_sdmx(path, structure=structures.structure["THB"])
    _check_against_structure(message.data[0], structures, published.observations)


def test_sdmx_csv_is_read_back_against_the_structure(published: ExportData, tmp_path: Path) -> None:
    path = tmp_path / "thb.csv"
    path.write_bytes(render_export(published, "sdmx-csv").content)
    structures = sdmx.read_sdmx(DSD_FILE)
    message = sdmx.read_sdmx(path, structure=structures.dataflow["THB"])
    _check_against_structure(message.data[0], structures, published.observations)


def test_an_unknown_format_is_refused_with_the_formats_to_use(published: ExportData) -> None:
    with pytest.raises(UnknownFormatError, match=", ".join(FORMATS)):
        render_export(published, "pdf")
