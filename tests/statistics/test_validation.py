"""The shared validation, rule by rule, with the exact messages users see."""

from __future__ import annotations

import pytest

from tests.statistics.builders import STANDARD_TOTALS, build_rows, raw_rows, totals_row
from thbhub.statistics.standard import Severity
from thbhub.statistics.validation import series_values, validate

TOTAL_KEY = ("RS", "VICTIMS", *["TOTAL"] * 8)


def row(measure: str = "VICTIMS", value: int | str | None = 10, **cells: str) -> dict[str, str]:
    base = totals_row(measure, value=None)
    base["value"] = "" if value is None else str(value)
    return base | cells


def messages(report, severity=Severity.ERROR):
    return [str(issue) for issue in report.issues if issue.severity == severity]


def test_a_full_consistent_submission_is_clean(codes):
    rows = build_rows(STANDARD_TOTALS, seed=3)
    report = validate(raw_rows(rows), codes, country="RS", year=2022)
    assert report.issues == []
    assert report.ok
    assert len(report.observations) == len(rows) > 300


def test_a_totals_only_submission_is_clean(codes):
    rows = [totals_row(measure, value=value) for measure, value in STANDARD_TOTALS.items()]
    report = validate(raw_rows(rows), codes)
    assert report.issues == []
    assert [obs.value for obs in report.observations] == list(STANDARD_TOTALS.values())


def test_empty_means_unknown_and_zero_means_none(codes):
    report = validate(raw_rows([row(value=None), row(value=0, measure="SUSPECTS")]), codes)
    assert report.ok
    assert [obs.value for obs in report.observations] == [None, 0]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1.0", "Counts are whole numbers: write 1 without the decimal part."),
        ("2,5", "Counts are whole numbers of persons: write one without a decimal part."),
        ("1,000", "Write the number without thousands separators: 1000."),
        ("1.000", "Write the number without thousands separators: 1000."),
        ("12\u00a0400", "Write the number without thousands separators: 12400."),
        (
            "-3",
            (
                "A count cannot be negative. Write the number of persons, or leave the cell empty "
                "if it is not known."
            ),
        ),
        (
            "abc",
            (
                "Not a number. Write a whole number of persons, 0 if there were none, or leave the "
                "cell empty if the number is not known."
            ),
        ),
    ],
)
def test_each_bad_value_gets_its_own_message(codes, value, message):
    report = validate(raw_rows([row(value=value)]), codes)
    [issue] = report.errors
    assert (issue.sheet, issue.row, issue.column, issue.value) == (
        "submission.csv",
        2,
        "value",
        value,
    )
    assert str(issue) == f"submission.csv, row 2, column value: {message}"
    assert report.observations == []


@pytest.mark.parametrize("year", ["22", "2022.0", "20222", "", "1850"])
def test_the_year_has_four_digits(codes, year):
    report = validate(raw_rows([row(year=year)]), codes)
    assert messages(report) == [
        "submission.csv, row 2, column year: Write the reference year as four digits, e.g. 2022."
    ]


def test_the_flag_is_one_of_eurostats_and_case_does_not_matter(codes):
    report = validate(raw_rows([row(flag="E"), row(flag="x", sex="F", value=1)]), codes)
    assert report.observations[0].flag == "e"
    assert messages(report) == [
        (
            "submission.csv, row 3, column flag: Not an observation flag. Use e (estimated), "
            "p (provisional), d (definition differs), b (break in series), or leave it empty."
        )
    ]


def test_codes_are_checked_per_column(codes):
    report = validate(raw_rows([row(sex="X"), row(country="Serbia"), row(measure="VICTIM")]), codes)
    assert messages(report) == [
        (
            "submission.csv, row 2, column sex: Not a code of the sex list. Use one of: F, M, "
            "TOTAL, UNK."
        ),
        (
            "submission.csv, row 3, column country: Not an ISO 3166-1 alpha-2 country code. Write "
            "the two-letter code, e.g. RS, or XK for Kosovo*."
        ),
        (
            "submission.csv, row 4, column measure: Not a code of the measure list. Use one of: "
            "CONVICTED, PROSECUTED, SUSPECTS, VICTIMS, VICTIMS_ASSISTED."
        ),
    ]


def test_country_codes_are_details_of_citizenship_and_exploitation_country_only(codes):
    rows = [row(value=5), row(citizenship="UA", value=2), row(exploitation_country="de", value=1)]
    report = validate(raw_rows([*rows, row(sex="UA", value=1)]), codes)
    assert report.observations[2].exploitation_country == "DE"
    assert messages(report) == [
        (
            "submission.csv, row 5, column sex: Not a code of the sex list. Use one of: F, M, "
            "TOTAL, UNK."
        )
    ]
    assert messages(validate(raw_rows([row(citizenship="ZZ")]), codes)) == [
        (
            "submission.csv, row 2, column citizenship: Not a code of the citizenship list. Use "
            "one of: NATIONAL, NON_EU, OTHER_EU, TOTAL, UNK or a two-letter country code."
        )
    ]


def test_status_depends_on_the_measure(codes):
    report = validate(
        raw_rows([row(status="_Z"), row("SUSPECTS", status="TOTAL"), row(status="IDENTIFIED")]),
        codes,
    )
    assert messages(report) == [
        "submission.csv, row 2, column status: For VICTIMS write IDENTIFIED, PRESUMED or TOTAL.",
        (
            "submission.csv, row 3, column status: Status applies to victims only: write _Z for "
            "SUSPECTS."
        ),
    ]


def test_offenders_are_not_broken_down_by_age(codes):
    report = validate(raw_rows([row("CONVICTED", age="CHILD")]), codes)
    assert messages(report) == [
        "submission.csv, row 2, column age: CONVICTED is not broken down by age: write TOTAL."
    ]


def test_an_empty_dimension_asks_for_total(codes):
    report = validate(raw_rows([row(age="")]), codes)
    assert messages(report) == [
        "submission.csv, row 2, column age: Empty. Write TOTAL where the figure is not broken down."
    ]


def test_the_submission_country_and_year_are_enforced(codes):
    report = validate(raw_rows([row(country="AL", year="2021")]), codes, country="RS", year=2022)
    assert messages(report) == [
        (
            "submission.csv, row 2, column country: This submission is for RS. Write RS or submit "
            "the row there."
        ),
        (
            "submission.csv, row 2, column year: This submission is for 2022. Write 2022 or submit "
            "the row there."
        ),
    ]


def test_duplicate_coordinates_are_refused(codes):
    report = validate(raw_rows([row(value=10), row(value=12, note="again")]), codes)
    [issue] = report.errors
    assert str(issue) == (
        "submission.csv, row 3, column value: Same country, year, measure and breakdown as "
        "row 2. Keep one of the two rows."
    )
    assert issue.rows == (2, 3)


def test_categories_must_add_up_to_their_total(codes):
    rows = [row(value=10), row(sex="F", value=6), row(sex="M", value=5), row(sex="UNK", value=0)]
    [issue] = validate(raw_rows(rows), codes).errors
    assert str(issue) == (
        "submission.csv, row 2, column value: The sex categories in rows 3, 4, 5 (F 6, M 5, "
        "UNK 0) add up to 11, but this TOTAL row says 10. Correct the categories or the total."
    )
    assert issue.rows == (2, 3, 4, 5)


def test_identified_and_presumed_make_the_total(codes):
    rows = [row(value=10), row(status="IDENTIFIED", value=7), row(status="PRESUMED", value=4)]
    assert messages(validate(raw_rows(rows), codes)) == [
        (
            "submission.csv, row 2, column value: Identified (row 3: 7) plus presumed (row 4: 4) "
            "victims make 11, but this status TOTAL row says 10. Correct one of the three."
        )
    ]


def test_identified_alone_may_be_given(codes):
    rows = [row(value=10), row(status="IDENTIFIED", value=7)]
    assert validate(raw_rows(rows), codes).issues == []


def test_children_are_not_more_than_the_total(codes):
    rows = [row(value=10), row(age="CHILD", value=11)]
    [issue] = validate(raw_rows(rows), codes).errors
    assert str(issue) == (
        "submission.csv, row 3, column value: Children (11) are more than the age TOTAL in row 2 "
        "(10). Children are part of the total: correct one of the two."
    )


def test_a_partial_breakdown_may_not_exceed_the_total(codes):
    rows = [row(value=10), row(sex="F", value=8), row(sex="M", value=3)]
    assert messages(validate(raw_rows(rows), codes)) == [
        (
            "submission.csv, row 2, column value: The sex categories given in rows 3, 4 (F 8, M 3) "
            "add up to 11, more than this TOTAL row's 10. They are part of the total: correct them "
            "or the total."
        )
    ]
    rows[1]["value"] = "7"
    assert validate(raw_rows(rows), codes).issues == []


def test_an_unknown_category_leaves_the_known_ones_below_the_total(codes):
    rows = [row(value=10), row(sex="F", value=6), row(sex="M", value=None), row(sex="UNK", value=1)]
    assert validate(raw_rows(rows), codes).issues == []
    rows[1]["value"] = "12"
    assert [issue.rule for issue in validate(raw_rows(rows), codes).errors] == ["partial_sum"]


def test_an_unknown_total_is_not_checked(codes):
    rows = [row(value=None), row(sex="F", value=6), row(sex="M", value=5), row(sex="UNK", value=0)]
    assert validate(raw_rows(rows), codes).issues == []


def test_a_breakdown_without_its_total_is_a_warning(codes):
    rows = [row(sex="F", value=6), row(sex="M", value=5)]
    report = validate(raw_rows(rows), codes)
    assert report.ok
    assert messages(report, Severity.WARNING) == [
        (
            "submission.csv, row 2, column value: The sex categories in rows 2, 3 have no sex "
            "TOTAL row with the same other columns. Add that TOTAL row so the breakdown can be "
            "checked and counted."
        )
    ]


def test_country_details_fit_in_their_group(codes):
    rows = [row(value=20), row(citizenship="OTHER_EU", value=3), row(citizenship="DE", value=2)]
    rows.append(row(citizenship="IT", value=2))
    assert messages(validate(raw_rows(rows), codes)) == [
        (
            "submission.csv, row 3, column value: The country details in rows 4, 5 (DE 2, IT 2) "
            "add up to 4, more than this OTHER_EU row's 3 that includes them. Correct the details "
            "or this row."
        )
    ]


def test_rows_with_errors_stay_out_of_the_sums(codes):
    rows = [
        row(value=10),
        row(sex="F", value="6.0"),
        row(sex="M", value=5),
        row(sex="UNK", value=0),
    ]
    assert [issue.rule for issue in validate(raw_rows(rows), codes).errors] == ["value"]


def test_a_large_change_needs_a_note(codes):
    report = validate(raw_rows([row(value=10)]), codes, previous={TOTAL_KEY: 30})
    assert report.ok
    assert messages(report, Severity.WARNING) == [
        (
            "submission.csv, row 2, column value: 10 against 30 the year before (-67%), a change "
            "over 50%. Explain it in the note column, e.g. a new method or a single large "
            "operation."
        )
    ]


def test_a_note_turns_the_change_warning_into_information(codes):
    rows = [row(value=90, note="Једна велика операција / one large operation")]
    report = validate(raw_rows(rows), codes, previous={TOTAL_KEY: 30})
    assert report.warnings == []
    assert messages(report, Severity.INFO) == [
        (
            "submission.csv, row 2, column value: 90 against 30 the year before (+200%); the note "
            "explains it."
        )
    ]


def test_the_change_threshold_is_the_callers(codes):
    previous = {TOTAL_KEY: 30}
    assert validate(raw_rows([row(value=40)]), codes, previous=previous).issues == []
    report = validate(raw_rows([row(value=40)]), codes, previous=previous, change_threshold=0.2)
    assert [issue.rule for issue in report.warnings] == ["change"]
    report = validate(raw_rows([row(value=14)]), codes, previous={TOTAL_KEY: 0})
    assert "(from none)" in str(report.warnings[0])


def test_cells_beyond_the_header_point_at_quoting(codes):
    raw = raw_rows([row()])[0]
    raw = type(raw)(sheet=raw.sheet, row=raw.row, cells=raw.cells, overflow=(" police",))
    assert messages(validate([raw], codes)) == [
        (
            "submission.csv, row 2, column note: The row has more cells than the header ( police). "
            "A note that contains a comma or semicolon must be inside double quotes."
        )
    ]


def test_the_report_runs_by_sheet_then_row_then_column(codes):
    first = raw_rows([row(flag="z", sex="Q", value="x"), row(year="x", sex="F")], sheet="Victims")
    second = raw_rows([row("SUSPECTS", status="TOTAL")], sheet="Offenders")
    report = validate([*first, *second], codes)
    placed = [(issue.sheet, issue.row, issue.column) for issue in report.issues]
    assert placed == [
        ("Victims", 2, "sex"),
        ("Victims", 2, "value"),
        ("Victims", 2, "flag"),
        ("Victims", 3, "year"),
        ("Offenders", 2, "status"),
    ]


def test_last_years_observations_give_the_previous_values(codes):
    last = validate(raw_rows(build_rows({"VICTIMS": 40}, year=2021)), codes)
    previous = series_values(last.observations)
    assert previous[TOTAL_KEY] == 40
    # The same persons a year later: nothing changed, nothing to explain.
    again = build_rows({"VICTIMS": 40}, year=2022)
    assert validate(raw_rows(again), codes, previous=previous).issues == []


def test_an_issue_reads_as_a_sentence_and_as_data(codes):
    [issue] = validate(raw_rows([row(value="abc")]), codes).issues
    assert issue.as_dict() == {
        "severity": "error",
        "sheet": "submission.csv",
        "row": 2,
        "column": "value",
        "value": "abc",
        "message": issue.message,
        "rule": "value",
        "rows": [],
    }
