"""Uploading a filled template: what is typed is stored, and every mistake is
named by sheet, row and column while nothing is stored."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from tests.statistics.builders import STANDARD_TOTALS
from tests.statistics.rounds import open_round, submission_of
from tests.statistics.workbooks import (
    WORKBOOK_YEAR,
    consistent_values,
    fill,
    input_rows,
    key_of,
    open_workbook,
    save,
    totals_only,
)
from thbhub.statistics.models import Answer, Round, StoredObservation, SubmissionVersion
from thbhub.statistics.services import UploadResult, submission_upload_file
from thbhub.statistics.standard import Issue
from thbhub.statistics.workbook import submission_template

pytestmark = pytest.mark.django_db

VICTIMS_TOTAL = ("VICTIMS", *["TOTAL"] * 8)
FEMALE_VICTIMS = ("VICTIMS", "TOTAL", "F", *["TOTAL"] * 6)


@pytest.fixture
def round_(users) -> Round:  # type: ignore[no-untyped-def]
    return open_round(users["secretariat"], year=WORKBOOK_YEAR)


@pytest.fixture
def blank(users, round_: Round) -> bytes:  # type: ignore[no-untyped-def]
    content, _name = submission_template(
        actor=users["rs.statistician"], submission=submission_of(round_, "RS")
    )
    return content


def upload(users, round_: Round, data: bytes, filename: str = "rs.xlsx") -> UploadResult:  # type: ignore[no-untyped-def]
    return submission_upload_file(
        actor=users["rs.statistician"],
        round=round_,
        country_id="RS",
        data=data,
        filename=filename,
    )


def stored() -> dict[tuple[str, ...], tuple[int | None, str, str]]:
    """The rows of the latest version."""
    latest = SubmissionVersion.objects.filter(submission__round__year=WORKBOOK_YEAR).order_by(
        "-number"
    )[0]
    return {
        key_of(row.__dict__): (row.value, row.flag, row.note)
        for row in StoredObservation.objects.filter(version=latest)
    }


def refused(users, round_: Round, data: bytes, filename: str = "rs.xlsx") -> list[Issue]:  # type: ignore[no-untyped-def]
    result = upload(users, round_, data, filename)
    assert result.version is None
    assert not SubmissionVersion.objects.filter(submission__round=round_).exists()
    assert result.report.errors
    return result.report.errors


def where(issue: Issue) -> tuple[str, int, str]:
    return (issue.sheet, issue.row, issue.column)


def test_a_full_fill_stores_what_was_typed(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    values = consistent_values(blank)
    question = round_.questions.order_by("number").first()
    assert question is not None
    filled = fill(
        blank,
        values,
        notes={VICTIMS_TOTAL: "New shelter opened"},
        flags={VICTIMS_TOTAL: "p"},
        methodology={
            "data_authority": "Ministry of Interior",
            "includes_presumed": "Yes",
            "returned_nationals_domestic": "no",
        },
        answers={question.pk: "Two large operations."},
    )
    result = upload(users, round_, filled)
    assert result.version is not None, [str(issue) for issue in result.report.errors]
    expected = {
        key: (
            value,
            "p" if key == VICTIMS_TOTAL else "",
            "New shelter opened" if key == VICTIMS_TOTAL else "",
        )
        for key, value in values.items()
    }
    assert stored() == expected
    version = result.version
    assert version.source_name == "rs.xlsx"
    assert version.methodology["data_authority"] == "Ministry of Interior"
    assert version.methodology["includes_presumed"] == "yes"
    assert version.methodology["returned_nationals_domestic"] == "no"
    assert version.methodology["legal_definition"] == ""
    assert Answer.objects.get(version=version).text == "Two large operations."
    # Excel rows are kept, so a reviewer can find a figure in the file.
    row = input_rows(open_workbook(filled))[VICTIMS_TOTAL].row
    assert (
        StoredObservation.objects.get(
            version=version,
            **dict(
                zip(
                    (
                        "measure",
                        "status",
                        "sex",
                        "age",
                        "citizenship",
                        "exploitation",
                        "exploitation_country",
                        "identified_in",
                        "service",
                    ),
                    VICTIMS_TOTAL,
                    strict=True,
                )
            ),
        ).source_row
        == row
    )


def test_totals_only_is_a_valid_submission(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    totals = totals_only(blank, STANDARD_TOTALS)
    assert len(totals) == len(STANDARD_TOTALS)
    result = upload(users, round_, fill(blank, totals))
    assert result.version is not None, [str(issue) for issue in result.report.errors]
    assert not result.report.warnings
    assert stored() == {key: (value, "", "") for key, value in totals.items()}


def test_zero_is_stored_and_an_empty_cell_is_not(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    result = upload(users, round_, fill(blank, {VICTIMS_TOTAL: 0, FEMALE_VICTIMS: None}))
    assert result.version is not None
    assert stored() == {VICTIMS_TOTAL: (0, "", "")}


def test_an_unknown_figure_with_a_note_is_kept_as_not_known(
    users, round_: Round, blank: bytes
) -> None:  # type: ignore[no-untyped-def]
    filled = fill(blank, {VICTIMS_TOTAL: 5}, notes={FEMALE_VICTIMS: "Not recorded by sex"})
    assert upload(users, round_, filled).version is not None
    assert stored()[FEMALE_VICTIMS] == (None, "", "Not recorded by sex")


def test_wrong_values_are_named_by_sheet_row_and_column(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    rows = input_rows(open_workbook(blank))
    women = ("VICTIMS", "TOTAL", "F", "CHILD", *["TOTAL"] * 5)
    men = ("VICTIMS", "TOTAL", "M", "ADULT", *["TOTAL"] * 5)
    filled = fill(blank, {VICTIMS_TOTAL: 10, FEMALE_VICTIMS: "many", women: 2.5, men: -3})  # type: ignore[dict-item]
    errors = refused(users, round_, filled)
    sheet = "Victims - sex, age"
    assert [(where(e), e.value) for e in errors] == [
        ((sheet, rows[key].row, "value"), text)
        for key, text in sorted(
            [(FEMALE_VICTIMS, "many"), (women, "2.5"), (men, "-3")],
            key=lambda item: rows[item[0]].row,
        )
    ]
    messages = " ".join(e.message for e in errors)
    assert "Not a number" in messages and "whole numbers" in messages and "negative" in messages


def test_a_sum_error_names_the_excel_rows(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    rows = input_rows(open_workbook(blank))
    female = FEMALE_VICTIMS
    male = ("VICTIMS", "TOTAL", "M", *["TOTAL"] * 6)
    unknown = ("VICTIMS", "TOTAL", "UNK", *["TOTAL"] * 6)
    errors = refused(
        users, round_, fill(blank, {VICTIMS_TOTAL: 10, female: 5, male: 4, unknown: 3})
    )
    (error,) = errors
    assert where(error) == ("Victims - sex, age", rows[VICTIMS_TOTAL].row, "value")
    assert error.rule == "sum"
    assert set(error.rows) == {rows[key].row for key in (VICTIMS_TOTAL, female, male, unknown)}


def test_a_wrong_flag_is_named(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    rows = input_rows(open_workbook(blank))
    (error,) = refused(users, round_, fill(blank, {VICTIMS_TOTAL: 3}, flags={VICTIMS_TOTAL: "x"}))
    assert where(error) == ("Victims - sex, age", rows[VICTIMS_TOTAL].row, "flag")


def test_an_empty_template_asks_for_figures(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    (error,) = refused(users, round_, blank)
    assert where(error) == ("Victims - sex, age", 4, "value")
    assert "No figure is filled in" in error.message


@pytest.mark.parametrize(
    ("data", "filename", "says"),
    [
        (b"country,year,measure\nRS,2022,VICTIMS\n", "rs.xlsx", "looks like a text or CSV file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "rs.xls", "old Excel 97-2003"),
        (b"PK\x03\x04 broken beyond repair", "rs.xlsx", "damaged or is not an Excel workbook"),
        (b"", "rs.xlsx", "The file is empty"),
    ],
    ids=["csv-renamed", "old-xls", "corrupt-zip", "empty"],
)
def test_a_file_that_is_not_a_workbook(
    users, round_: Round, data: bytes, filename: str, says: str
) -> None:  # type: ignore[no-untyped-def]
    (error,) = refused(users, round_, data, filename)
    assert (error.sheet, error.row) == (filename, 0)
    assert says in error.message


def test_a_workbook_that_is_not_the_template(users, round_: Round) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    (error,) = refused(users, round_, save(Workbook()))
    assert "not a THB Hub questionnaire template" in error.message
    assert "Download the template" in error.message


def test_a_missing_or_renamed_sheet(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    workbook = open_workbook(fill(blank, {VICTIMS_TOTAL: 5}))
    workbook["Victims - citizenship"].title = "Citizenship"
    del workbook["Methodology"]
    errors = refused(users, round_, save(workbook))
    assert sorted((e.sheet, e.row) for e in errors) == [
        ("Methodology", 0),
        ("Victims - citizenship", 0),
    ]
    renamed = next(e for e in errors if e.sheet == "Victims - citizenship")
    assert "renamed or deleted" in renamed.message
    assert "Give it back its name “Victims - citizenship”" in renamed.message


def test_edited_codes_and_labels_in_locked_columns(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    workbook = open_workbook(fill(blank, {VICTIMS_TOTAL: 5}))
    sheet = workbook["Victims - sex, age"]
    headers = [cell.value for cell in sheet[3]]
    sheet.cell(row=5, column=headers.index("sex") + 1, value="M")
    sheet.cell(row=6, column=headers.index("Sex") + 1, value="Women")
    errors = refused(users, round_, save(workbook))
    assert [(where(e), e.value) for e in errors] == [
        (("Victims - sex, age", 5, "sex"), "M"),
        (("Victims - sex, age", 6, "Sex"), "Women"),
    ]
    assert "This column is locked: the template has “F” here" in errors[0].message


def test_a_figure_typed_over_a_shared_cell(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    workbook = open_workbook(fill(blank, {VICTIMS_TOTAL: 5}))
    sheet = workbook["Victims - exploitation"]
    headers = [cell.value for cell in sheet[3]]
    value_column = headers.index("Number of persons (value)") + 1
    row = next(
        r
        for r in range(4, sheet.max_row + 1)
        if sheet.cell(row=r, column=value_column).protection.locked
    )
    sheet.cell(row=row, column=value_column, value=7)
    (error,) = refused(users, round_, save(workbook))
    assert where(error) == ("Victims - exploitation", row, "value")
    assert "typed on the sheet “Victims - sex, age”" in error.message


@pytest.mark.parametrize(("country", "year"), [("AL", WORKBOOK_YEAR), ("RS", WORKBOOK_YEAR - 1)])
def test_a_template_for_another_submission(users, round_: Round, country: str, year: int) -> None:  # type: ignore[no-untyped-def]
    other = open_round(users["secretariat"], year=year) if year != WORKBOOK_YEAR else round_
    content, _name = submission_template(
        actor=users["secretariat"], submission=submission_of(other, country)
    )
    filled = fill(content, {VICTIMS_TOTAL: 5})
    (error,) = refused(users, round_, filled)
    assert error.sheet == "Instructions" and error.column == "B"
    assert error.row == (3 if country != "RS" else 4)
    assert f"made for {country} {year}, but this submission is RS {WORKBOOK_YEAR}" in error.message


def test_an_unknown_methodology_answer(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    filled = fill(blank, {VICTIMS_TOTAL: 5}, methodology={"includes_presumed": "maybe"})
    (error,) = refused(users, round_, filled)
    assert (where(error), error.value) == (("Methodology", 5, "Answer"), "maybe")
    assert "write yes, no or unknown" in error.message


def _with_saved_result(
    content: bytes, sheet_title: str, cell: str, formula: str, result: str | None
) -> bytes:
    """The workbook with a formula in ``cell``, and its result saved as Excel does."""
    workbook = open_workbook(content)
    workbook[sheet_title][cell] = formula
    written = save(workbook)
    if result is None:
        return written
    index = workbook.sheetnames.index(sheet_title) + 1
    source = zipfile.ZipFile(io.BytesIO(written))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == f"xl/worksheets/sheet{index}.xml":
                text = data.decode()
                text, count = re.subn(
                    rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?',
                    rf"\1\2<v>{result}</v>",
                    text,
                )
                assert count == 1
                data = text.encode()
            out.writestr(item, data)
    return target.getvalue()


def test_a_formula_counts_with_its_saved_result(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    rows = input_rows(open_workbook(blank))
    female = rows[FEMALE_VICTIMS]
    cell = (
        f"{female.sheet.cell(row=female.row, column=female.value_column).column_letter}{female.row}"
    )
    filled = fill(blank, {VICTIMS_TOTAL: 12})
    with_result = _with_saved_result(filled, "Victims - sex, age", cell, "=5+7", "12")
    result = upload(users, round_, with_result)
    assert result.version is not None, [str(issue) for issue in result.report.errors]
    assert stored()[FEMALE_VICTIMS] == (12, "", "")


def test_a_formula_without_a_saved_result_is_refused(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    rows = input_rows(open_workbook(blank))
    female = rows[FEMALE_VICTIMS]
    cell = (
        f"{female.sheet.cell(row=female.row, column=female.value_column).column_letter}{female.row}"
    )
    filled = _with_saved_result(
        fill(blank, {VICTIMS_TOTAL: 12}), "Victims - sex, age", cell, "=5+7", None
    )
    (error,) = refused(users, round_, filled)
    assert (where(error), error.value) == (("Victims - sex, age", female.row, "value"), "=5+7")
    assert "formula whose result is not saved" in error.message


def test_other_figures_take_country_details(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    non_eu = ("VICTIMS", "TOTAL", "TOTAL", "TOTAL", "NON_EU", *["TOTAL"] * 4)
    workbook = open_workbook(fill(blank, {VICTIMS_TOTAL: 10, non_eu: 4}))
    details = workbook["Other figures"]
    row = [
        "VICTIMS",
        "TOTAL",
        "TOTAL",
        "TOTAL",
        "UA",
        "TOTAL",
        "TOTAL",
        "TOTAL",
        "TOTAL",
        3,
        "",
        "Ukraine",
    ]
    for column, value in enumerate(row, start=1):
        details.cell(row=4, column=column, value=value)
    details.cell(row=5, column=1, value="VICTIMS")
    details.cell(row=5, column=5, value="UA")
    details.cell(row=5, column=10, value=1)
    errors = refused(users, round_, save(workbook))
    # Row 5 lacks its codes: the errors name its columns.
    assert {where(e) for e in errors} >= {
        ("Other figures", 5, "status"),
        ("Other figures", 5, "sex"),
    }
    for column in range(1, 13):
        details.cell(row=5, column=column).value = None
    result = upload(users, round_, save(workbook))
    assert result.version is not None, [str(issue) for issue in result.report.errors]
    assert stored()[
        ("VICTIMS", "TOTAL", "TOTAL", "TOTAL", "UA", "TOTAL", "TOTAL", "TOTAL", "TOTAL")
    ] == (
        3,
        "",
        "Ukraine",
    )


def test_a_correction_starts_from_the_stored_version(users, round_: Round, blank: bytes) -> None:  # type: ignore[no-untyped-def]
    values = consistent_values(blank)
    assert upload(users, round_, fill(blank, values)).version is not None
    second, _name = submission_template(
        actor=users["rs.statistician"], submission=submission_of(round_, "RS")
    )
    result = upload(users, round_, fill(second, {}, notes={VICTIMS_TOTAL: "Checked again"}))
    assert result.version is not None and result.version.number == 2
    assert stored() == {
        key: (value, "", "Checked again" if key == VICTIMS_TOTAL else "")
        for key, value in values.items()
    }
