"""Editing a submission without a file: a table's grid, the methodology and
the answers, each saved as a new version through the same validation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.statistics.rounds import open_round, submission_of, totals_only_csv, valid_csv
from thbhub.access.policies import PermissionDenied
from thbhub.statistics.editing import (
    CellInput,
    submission_answers_save,
    submission_methodology_save,
    submission_table_save,
    table_grid,
    table_summaries,
)
from thbhub.statistics.models import Submission, SubmissionVersion
from thbhub.statistics.services import submission_submit, submission_upload_csv
from thbhub.statistics.tables import TABLES, TABLES_BY_KEY
from thbhub.statistics.version_differences import version_difference

pytestmark = pytest.mark.django_db

# A year the demo data opens no round for.
EDIT_YEAR = 2016

IDENTIFIED_IN = TABLES_BY_KEY["victims_identified_in"]


def line_of(status: str, identified_in: str) -> int:
    """The grid line of a cell of the "identified in" table, found by its codes."""
    (cell,) = [
        cell
        for cell in table_grid(IDENTIFIED_IN)
        if cell.coordinates["status"] == status
        and cell.coordinates["identified_in"] == identified_in
    ]
    return cell.line


def uploaded(users, data: bytes | None = None) -> Submission:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"], year=EDIT_YEAR)
    submission_upload_csv(
        actor=users["rs.statistician"],
        round=round_,
        country_id="RS",
        data=data or totals_only_csv(year=EDIT_YEAR),
        filename="rs.csv",
    )
    return submission_of(round_, "RS")


def value_of(version: SubmissionVersion, **codes: str) -> int | None:
    filters = {"measure": "VICTIMS", "status": "TOTAL", "identified_in": "TOTAL"} | codes
    return version.observations.get(
        sex="TOTAL",
        age="TOTAL",
        citizenship="TOTAL",
        exploitation="TOTAL",
        exploitation_country="TOTAL",
        **filters,
    ).value


def test_the_grid_lists_every_cell_of_the_table_once() -> None:
    grid = table_grid(IDENTIFIED_IN)
    assert [cell.line for cell in grid] == list(range(1, 13))
    assert len({cell.key for cell in grid}) == 12
    offenders = table_grid(TABLES_BY_KEY["offenders"])
    assert {cell.measure for cell in offenders} == {"SUSPECTS", "PROSECUTED", "CONVICTED"}
    assert {cell.coordinates["status"] for cell in offenders} == {"_Z"}


def test_a_table_save_merges_into_the_latest_version(users) -> None:  # type: ignore[no-untyped-def]
    submission = uploaded(users, valid_csv(year=EDIT_YEAR))
    first = submission.latest_version()
    assert first is not None
    others_before = first.observations.exclude(measure="VICTIMS").count()
    total = value_of(first)
    assert total is not None
    # Move one victim from "identified abroad" to "identified by the reporting country".
    grid = {
        (c.coordinates["status"], c.coordinates["identified_in"]): c.line
        for c in table_grid(IDENTIFIED_IN)
    }
    cells: dict[int, CellInput] = {}
    for (status, identified_in), line in grid.items():
        value = value_of(first, status=status, identified_in=identified_in)
        cells[line] = CellInput(value="" if value is None else str(value))
    # In a status and in the status TOTAL, so that every sum still holds.
    status = next(s for s in ("IDENTIFIED", "PRESUMED") if cells[grid[(s, "ABROAD")]].value != "0")
    for moved in (status, "TOTAL"):
        reporting, abroad = grid[(moved, "REPORTING")], grid[(moved, "ABROAD")]
        cells[reporting] = CellInput(value=str(int(cells[reporting].value) + 1))
        cells[abroad] = CellInput(value=str(int(cells[abroad].value) - 1), note="One corrected.")
    result = submission_table_save(
        actor=users["rs.statistician"],
        submission=submission,
        table_key=IDENTIFIED_IN.key,
        cells=cells,
    )
    assert result.report.ok, result.report.errors
    assert result.created and result.version is not None
    second = result.version
    assert second.number == 2
    assert second.source_name == "web form: Victims by status and who identified them"
    assert value_of(second, identified_in="ABROAD") == value_of(first, identified_in="ABROAD") - 1  # type: ignore[operator]
    assert value_of(second) == total
    assert second.observations.exclude(measure="VICTIMS").count() == others_before
    assert second.observations.count() == first.observations.count()
    difference = version_difference(users["rs.statistician"], submission, 1, 2)
    assert len(difference.cells) == 4
    # Saving the same grid again changes nothing and stores no version.
    again = submission_table_save(
        actor=users["rs.statistician"],
        submission=submission,
        table_key=IDENTIFIED_IN.key,
        cells=cells,
    )
    assert not again.created and again.version == second


def test_a_sum_error_stores_nothing_and_names_the_grid_line(users) -> None:  # type: ignore[no-untyped-def]
    submission = uploaded(users)
    cells = {
        line_of("IDENTIFIED", "REPORTING"): CellInput("30"),
        line_of("IDENTIFIED", "ABROAD"): CellInput("5"),
        line_of("IDENTIFIED", "UNK"): CellInput("0"),
        line_of("IDENTIFIED", "TOTAL"): CellInput("40"),
        line_of("TOTAL", "TOTAL"): CellInput("42"),
    }
    result = submission_table_save(
        actor=users["rs.statistician"],
        submission=submission,
        table_key=IDENTIFIED_IN.key,
        cells=cells,
    )
    assert result.version is None
    (error,) = result.report.errors
    assert error.sheet == "Victims by status and who identified them"
    assert error.row == line_of("IDENTIFIED", "TOTAL")
    assert set(error.rows) == {1, 2, 3, 4}
    assert "add up to 35" in error.message and "says 40" in error.message
    assert submission.versions.count() == 1


def test_a_bad_value_is_reported_on_its_line(users) -> None:  # type: ignore[no-untyped-def]
    submission = uploaded(users)
    line = line_of("PRESUMED", "TOTAL")
    result = submission_table_save(
        actor=users["rs.statistician"],
        submission=submission,
        table_key=IDENTIFIED_IN.key,
        cells={line: CellInput("-2"), line_of("TOTAL", "TOTAL"): CellInput("42")},
    )
    (error,) = result.report.errors
    assert (error.row, error.column, error.value) == (line, "value", "-2")
    assert submission.versions.count() == 1


def test_an_emptied_value_becomes_not_known(users) -> None:  # type: ignore[no-untyped-def]
    submission = uploaded(users)
    result = submission_table_save(
        actor=users["rs.statistician"], submission=submission, table_key=IDENTIFIED_IN.key, cells={}
    )
    assert result.version is not None
    assert result.version.observations.count() == 1
    assert value_of(result.version) is None


def test_methodology_and_answers_are_new_versions_with_the_same_figures(users) -> None:  # type: ignore[no-untyped-def]
    submission = uploaded(users)
    statistician = users["rs.statistician"]
    saved = submission_methodology_save(
        actor=statistician,
        submission=submission,
        values={"data_authority": "Ministry of Interior", "includes_presumed": "YES"},
    )
    assert saved.created and saved.version is not None
    assert saved.version.number == 2
    assert saved.version.methodology["includes_presumed"] == "yes"
    assert saved.version.methodology["returned_nationals_domestic"] == "unknown"
    assert value_of(saved.version) == 42
    question = submission.round.questions.order_by("number").first()
    assert question is not None
    answered = submission_answers_save(
        actor=statistician, submission=submission, answers={question.pk: "  Fewer referrals.  "}
    )
    assert answered.version is not None and answered.version.number == 3
    assert answered.version.methodology == saved.version.methodology
    assert answered.version.answers.get().text == "Fewer referrals."
    difference = version_difference(statistician, submission, 1, 3)
    assert [change.key for change in difference.methodology] == [
        "data_authority",
        "includes_presumed",
        "returned_nationals_domestic",
    ]
    assert difference.methodology[1].after == "Yes"
    assert [(a.number, a.before, a.after) for a in difference.answers] == [
        (question.number, "", "Fewer referrals.")
    ]
    assert difference.cells == []
    # A table upload afterwards keeps both.
    submission_upload_csv(
        actor=statistician,
        round=submission.round,
        country_id="RS",
        data=totals_only_csv(year=EDIT_YEAR),
        filename="again.csv",
    )
    latest = submission.latest_version()
    assert latest is not None and latest.number == 4
    assert latest.methodology["data_authority"] == "Ministry of Interior"
    assert latest.answers.get().text == "Fewer referrals."


def test_wrong_methodology_or_answers_change_nothing(users) -> None:  # type: ignore[no-untyped-def]
    submission = uploaded(users)
    with pytest.raises(ValidationError) as refused:
        submission_methodology_save(
            actor=users["rs.statistician"],
            submission=submission,
            values={"includes_presumed": "maybe"},
        )
    assert "includes_presumed" in refused.value.message_dict
    with pytest.raises(ValidationError, match="not questions of the round"):
        submission_answers_save(
            actor=users["rs.statistician"], submission=submission, answers={999999: "Text"}
        )
    assert submission.versions.count() == 1


def test_a_submission_without_figures_cannot_be_submitted(users) -> None:  # type: ignore[no-untyped-def]
    submission = submission_of(open_round(users["secretariat"], year=EDIT_YEAR), "RS")
    saved = submission_methodology_save(
        actor=users["rs.statistician"], submission=submission, values={"data_authority": "MoI"}
    )
    assert saved.version is not None and saved.version.observations.count() == 0
    assert [s.filled for s in table_summaries(saved.version)] == [0] * len(TABLES)
    with pytest.raises(ValidationError, match="holds no figures"):
        submission_submit(actor=users["rs.statistician"], submission=submission)
    submission.refresh_from_db()
    assert submission.status == "draft"


def test_another_country_and_a_submitted_submission_are_refused(users) -> None:  # type: ignore[no-untyped-def]
    submission = uploaded(users)
    with pytest.raises(PermissionDenied):
        submission_methodology_save(
            actor=users["al.statistician"], submission=submission, values={}
        )
    submission_submit(actor=users["rs.statistician"], submission=submission)
    with pytest.raises(ValidationError, match="submitted"):
        submission_table_save(
            actor=users["rs.statistician"],
            submission=submission,
            table_key=IDENTIFIED_IN.key,
            cells={},
        )
    assert submission.versions.count() == 1
