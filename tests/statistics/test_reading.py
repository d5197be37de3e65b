# ruff: noqa: RUF001 — Cyrillic notes are what these tests are about
"""Reading 6.1 CSV files as Excel and scripts in the region write them."""

from __future__ import annotations

import pytest

from tests.statistics.builders import STANDARD_TOTALS, build_rows, to_csv, totals_row
from thbhub.statistics.reading import MalformedFileError, read_csv_bytes, read_csv_path
from thbhub.statistics.standard import COLUMNS
from thbhub.statistics.validation import validate, validate_csv

HEADER = ",".join(COLUMNS)
NOTE = "Жртве из операције „Лав“; Šabac, Tiranë"


def test_comma_and_semicolon_files_read_the_same(codes):
    rows = build_rows(STANDARD_TOTALS, seed=1)
    comma = read_csv_bytes(to_csv(rows), "rs.csv")
    semicolon = read_csv_bytes(to_csv(rows, delimiter=";", bom=True), "rs.csv")
    assert [raw.cells for raw in comma] == [raw.cells for raw in semicolon]
    assert [raw.row for raw in comma] == list(range(2, len(rows) + 2))
    assert validate(semicolon, codes).issues == []


def test_a_byte_order_mark_and_header_case_do_not_matter(codes):
    data = "\ufeff" + HEADER.upper() + "\r\n" + ",".join(totals_row("VICTIMS", value=4).values())
    [raw] = read_csv_bytes(data.encode(), "rs.csv")
    assert raw.cells["country"] == "RS"
    assert raw.cell("value") == "4"


def test_cyrillic_notes_with_separators_and_line_breaks_survive(tmp_path, codes):
    rows = [totals_row("VICTIMS", value=12, note=NOTE + "\nдруги ред")]
    rows.append(totals_row("SUSPECTS", value=3))
    path = tmp_path / "rs.csv"
    path.write_bytes(to_csv(rows, delimiter=";"))
    report = validate_csv(path, codes)
    assert report.issues == []
    assert report.observations[0].note == NOTE + "\nдруги ред"
    # The note spans two lines, so the next record starts on line 4.
    assert [obs.source_row for obs in report.observations] == [2, 4]
    assert report.observations[0].source_sheet == "rs.csv"


def test_excels_separator_line_is_honoured_and_counted():
    line = ";".join(totals_row("VICTIMS", value=4).values())
    data = f"sep=;\r\n{HEADER.replace(',', ';')}\r\n{line}\r\n"
    [raw] = read_csv_bytes(data.encode(), "rs.csv")
    assert (raw.row, raw.cell("value")) == (3, "4")
    with pytest.raises(MalformedFileError) as caught:
        read_csv_bytes(b"sep=;\ncountry;year\n", "rs.csv")
    assert caught.value.row == 2


def test_empty_columns_after_the_table_are_ignored(codes):
    line = ",".join(totals_row("VICTIMS", value=4).values())
    [raw] = read_csv_bytes(f"{HEADER},,\n{line},,\n".encode(), "rs.csv")
    assert raw.overflow == ()
    [raw] = read_csv_bytes(f"{HEADER},,\n{line},,stray\n".encode(), "rs.csv")
    assert [issue.rule for issue in validate([raw], codes).issues] == ["overflow"]


def test_blank_lines_count_and_empty_rows_are_skipped():
    line = ",".join(totals_row("VICTIMS", value=4).values())
    data = f"{HEADER}\n\n{line}\n,,,,\n,,,,,,,,,,,,\n"
    [raw] = read_csv_bytes(data.encode(), "rs.csv")
    assert raw.row == 3


def test_an_unquoted_separator_in_a_note_is_caught_on_its_row(codes):
    line = ",".join(totals_row("VICTIMS", value=4, note="police").values())
    rows = read_csv_bytes(f"{HEADER}\n{line}, NGO\n".encode(), "rs.csv")
    assert [issue.rule for issue in validate(rows, codes).errors] == ["overflow"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "rs.csv: the file is empty. Export the table as CSV with the header row " + HEADER),
        (b"\r\n  \r\n", "rs.csv: the file is empty."),
        (HEADER.encode() + b"\r\n", "rs.csv: the file has a header but no figures under it."),
        (b"PK\x03\x04rest", "rs.csv: this is an Excel workbook, not a CSV file."),
        ("x".encode("utf-16"), "rs.csv: the file is in UTF-16 ('Unicode Text')."),
        (
            HEADER.encode() + b"\nRS,2022,VICTIMS,TOTAL,F,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,1,,\xe8\n",
            "rs.csv: line 2 is not UTF-8 text, so letters such as č, ш or ë would be lost.",
        ),
        (b"name,address\nA,B\n", "rs.csv: the first line is not the header of a 6.1 table."),
        (
            b"country,year,measure,value\nRS,2022,VICTIMS,3\n",
            (
                "rs.csv: the header lacks the column(s) status, sex, age, citizenship, "
                "exploitation, exploitation_country, identified_in, flag, note. Add them;"
            ),
        ),
        (
            (HEADER + ",comment\n").encode(),
            "rs.csv: the header has column(s) the standard does not know: comment. Remove them",
        ),
        (
            (HEADER + ",note\n").encode(),
            "rs.csv: the header names note more than once. Keep one of each.",
        ),
        (
            (
                HEADER + '\nRS,2022,VICTIMS,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,TOTAL,1,,"x"y\n'
            ).encode(),
            "rs.csv: line 2 cannot be read as CSV",
        ),
    ],
)
def test_a_malformed_file_gets_one_error_naming_it(tmp_path, codes, data, message):
    with pytest.raises(MalformedFileError) as caught:
        read_csv_bytes(data, "rs.csv")
    assert str(caught.value).startswith(message)
    path = tmp_path / "rs.csv"
    path.write_bytes(data)
    report = validate_csv(path, codes)
    [issue] = report.issues
    assert issue.sheet == "rs.csv"
    assert f"rs.csv: {issue.message}".startswith(message)
    assert report.observations == []


def test_a_file_error_names_the_file_without_a_row(tmp_path, codes):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    [issue] = validate_csv(path, codes).issues
    assert str(issue).startswith("empty.csv: the file is empty.")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(MalformedFileError, match=r"^gone\.csv: the file cannot be opened"):
        read_csv_path(tmp_path / "gone.csv")
