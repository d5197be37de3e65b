"""Editing a submission from the web or the API instead of uploading a file:
one table at a time, the methodology metadata, and the answers to the
round's questions.

Every save is a new version made the way an upload makes one: the whole
content goes through the same ``validate`` as a file, and a save with any
error stores nothing. A table's grid lines are its cells in a fixed order
(``table_grid``), and validation is given those line numbers as rows, so
every error points at a line of the grid the user sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thbhub.statistics import methodology
from thbhub.statistics.code_labels import code_label
from thbhub.statistics.models import StoredObservation, Submission, SubmissionVersion
from thbhub.statistics.services import (
    previous_values,
    shipped_codes,
    submission_uploadable,
    submission_version_create,
)
from thbhub.statistics.standard import BREAKDOWNS, RawRow, ValidationReport
from thbhub.statistics.tables import TABLES, TABLES_BY_KEY, Table
from thbhub.statistics.validation import validate

if TYPE_CHECKING:
    from thbhub.accounts.models import User

# An answer long enough for a page of explanation; longer belongs in an annex.
MAX_ANSWER_LENGTH = 20000

CellKey = tuple[str, ...]  # measure, then the BREAKDOWNS in order


@dataclass(frozen=True)
class GridCell:
    """One line of a table's grid: one 6.1 cell."""

    line: int
    measure: str
    coordinates: dict[str, str]

    @property
    def key(self) -> CellKey:
        return (self.measure, *(self.coordinates[column] for column in BREAKDOWNS))


@dataclass(frozen=True)
class CellInput:
    """What the user typed in a grid line, as text: validation parses it."""

    value: str = ""
    flag: str = ""
    note: str = ""

    @property
    def empty(self) -> bool:
        return not (self.value.strip() or self.flag.strip() or self.note.strip())


@dataclass(frozen=True)
class SaveResult:
    """The validation report and the version that now holds the content.

    ``created`` is False when the save changed nothing (``version`` is then
    the latest version) or had errors (``version`` is then None).
    """

    report: ValidationReport
    version: SubmissionVersion | None
    created: bool


def table_of(key: str) -> Table:
    table = TABLES_BY_KEY.get(key)
    if table is None:
        raise ValidationError(
            _("There is no table “%(key)s”; the tables are %(keys)s.")
            % {"key": key, "keys": ", ".join(TABLES_BY_KEY)}
        )
    return table


def table_grid(table: Table) -> list[GridCell]:
    """The table's cells in grid order, measure by measure, numbered from 1."""
    cells = [
        (measure, coordinates) for measure in table.measures for coordinates in table.cells(measure)
    ]
    return [
        GridCell(line, measure, coordinates)
        for line, (measure, coordinates) in enumerate(cells, start=1)
    ]


def flag_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (code, f"{code}: {code_label('flag', code)}") for code in sorted(shipped_codes().flags)
    ]


def cell_labels(table: Table, cell: GridCell) -> list[str]:
    """The labels of the cell's codes in the table's dimensions, in order."""
    return [code_label(column, cell.coordinates[column]) for column in table.dimensions]


def _key(observation: StoredObservation) -> CellKey:
    return (observation.measure, *(getattr(observation, column) for column in BREAKDOWNS))


def _cells_of(version: SubmissionVersion | None) -> dict[CellKey, StoredObservation]:
    if version is None:
        return {}
    return {_key(obs): obs for obs in version.observations.order_by("source_row")}


def table_values(version: SubmissionVersion | None, table: Table) -> dict[int, CellInput]:
    """What the table's grid shows for a version, by line."""
    stored = _cells_of(version)
    shown: dict[int, CellInput] = {}
    for cell in table_grid(table):
        obs = stored.get(cell.key)
        if obs is not None:
            value = "" if obs.value is None else str(obs.value)
            shown[cell.line] = CellInput(value=value, flag=obs.flag, note=obs.note)
    return shown


@dataclass(frozen=True)
class TableSummary:
    table: Table
    filled: int
    cells: int


def table_summaries(version: SubmissionVersion | None) -> list[TableSummary]:
    """Per table, how many of its cells the version gives a value."""
    known = {key for key, obs in _cells_of(version).items() if obs.value is not None}
    summaries = []
    for table in TABLES:
        grid = table_grid(table)
        summaries.append(TableSummary(table, sum(cell.key in known for cell in grid), len(grid)))
    return summaries


def _row(
    submission: Submission, measure: str, coordinates: Mapping[str, str], entry: CellInput
) -> dict[str, str]:
    return {
        "country": submission.country_id,
        "year": str(submission.round.year),
        "measure": measure,
        **coordinates,
        "value": entry.value,
        "flag": entry.flag,
        "note": entry.note,
    }


def _stored_entry(obs: StoredObservation) -> CellInput:
    return CellInput("" if obs.value is None else str(obs.value), obs.flag, obs.note)


def _coordinates(obs: StoredObservation) -> dict[str, str]:
    return {column: getattr(obs, column) for column in BREAKDOWNS}


def _validate(submission: Submission, rows: Iterable[RawRow]) -> ValidationReport:
    round_ = submission.round
    return validate(
        rows,
        shipped_codes(),
        previous=previous_values(submission.country_id, round_.year),
        change_threshold=float(round_.change_threshold),
        country=submission.country_id,
        year=round_.year,
    )


def _revalidated(submission: Submission, latest: SubmissionVersion | None) -> ValidationReport:
    """The latest version's figures checked again, unchanged, as they were stored."""
    if latest is None:
        return ValidationReport()
    rows = [
        RawRow(
            sheet=obs.source_sheet or latest.source_name,
            row=obs.source_row,
            cells=_row(submission, obs.measure, _coordinates(obs), _stored_entry(obs)),
        )
        for obs in latest.observations.order_by("source_row")
    ]
    return _validate(submission, rows)


def _editable(actor: User, submission: Submission) -> Submission:
    return submission_uploadable(
        actor=actor, round=submission.round, country_id=submission.country_id
    )


def submission_table_save(
    *,
    actor: User,
    submission: Submission,
    table_key: str,
    cells: Mapping[int, CellInput],
) -> SaveResult:
    """Merge one table's grid (``cells`` by line) into the latest version's
    figures and store the result as a new version, if it has no error.

    Cells of other tables stay as they are. A line left empty that had a
    figure becomes "not known"; a line that is empty and had none stays
    absent, so an untouched grid adds nothing.
    """
    submission = _editable(actor, submission)
    table = table_of(table_key)
    latest = submission.latest_version()
    stored = _cells_of(latest)
    title = str(table.title)
    rows: list[RawRow] = []
    placed: set[CellKey] = set()
    for cell in table_grid(table):
        placed.add(cell.key)
        entry = cells.get(cell.line, CellInput())
        if cell.key in stored or not entry.empty:
            row = _row(submission, cell.measure, cell.coordinates, entry)
            rows.append(RawRow(sheet=title, row=cell.line, cells=row))
    rows.extend(_other_rows(submission, stored, placed))
    report = _validate(submission, rows)
    if not report.ok:
        # Recorded in the audit log by the version service, like a bad file.
        submission_version_create(
            actor=actor, submission=submission, report=report, source_name=title
        )
        return SaveResult(report, None, created=False)
    unchanged = {key: _stored_entry(obs) for key, obs in stored.items()}
    if latest is not None and _entries(report) == unchanged:
        return SaveResult(report, latest, created=False)
    result = submission_version_create(
        actor=actor,
        submission=submission,
        report=report,
        source_name=_("web form: %(table)s") % {"table": title},
    )
    return SaveResult(result.report, result.version, created=True)


def _entries(report: ValidationReport) -> dict[CellKey, CellInput]:
    return {
        (obs.measure, *(obs.coordinate(column) for column in BREAKDOWNS)): CellInput(
            "" if obs.value is None else str(obs.value), obs.flag, obs.note
        )
        for obs in report.observations
    }


def _other_rows(
    submission: Submission, stored: Mapping[CellKey, StoredObservation], placed: set[CellKey]
) -> list[RawRow]:
    """The figures outside the edited table, each on the line of the first
    other table that holds it, so a message about them names a grid line the
    user can open; figures no table holds (country details, cross-tables
    from a file) keep their row under "Other figures"."""
    rows: list[RawRow] = []
    for table in TABLES:
        for cell in table_grid(table):
            obs = stored.get(cell.key)
            if obs is None or cell.key in placed:
                continue
            placed.add(cell.key)
            row = _row(submission, cell.measure, cell.coordinates, _stored_entry(obs))
            rows.append(RawRow(sheet=str(table.title), row=cell.line, cells=row))
    other = _("Other figures")
    for key, obs in stored.items():
        if key not in placed:
            row = _row(submission, obs.measure, _coordinates(obs), _stored_entry(obs))
            rows.append(RawRow(sheet=other, row=obs.source_row, cells=row))
    return rows


def submission_methodology_save(
    *, actor: User, submission: Submission, values: Mapping[str, object]
) -> SaveResult:
    """Store new methodology metadata as a new version with the same figures.

    ``values`` holds every field (methodology.FIELDS); a missing one is
    empty. A wrong yes/no answer raises a ValidationError keyed by field.
    """
    submission = _editable(actor, submission)
    cleaned, errors = methodology.clean(values)
    if errors:
        raise ValidationError(errors)
    latest = submission.latest_version()
    report = _revalidated(submission, latest)
    if latest is not None and report.ok and latest.methodology == cleaned:
        return SaveResult(report, latest, created=False)
    result = submission_version_create(
        actor=actor,
        submission=submission,
        report=report,
        source_name=_("web form: methodology"),
        methodology=cleaned,
    )
    return SaveResult(result.report, result.version, created=result.version is not None)


def submission_answers_save(
    *, actor: User, submission: Submission, answers: Mapping[int, str]
) -> SaveResult:
    """Store the answers to the round's questions (by question id) as a new
    version with the same figures. A question left out has no answer."""
    submission = _editable(actor, submission)
    questions = {question.pk: question for question in submission.round.questions.all()}
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise ValidationError(
            {
                "answers": _(
                    "%(ids)s: not questions of the round for %(year)d. Answer only the questions "
                    "the round lists."
                )
                % {"ids": ", ".join(map(str, unknown)), "year": submission.round.year}
            }
        )
    cleaned = {pk: text.strip() for pk, text in answers.items() if text.strip()}
    too_long = sorted(
        questions[pk].number for pk, text in cleaned.items() if len(text) > MAX_ANSWER_LENGTH
    )
    if too_long:
        raise ValidationError(
            {
                "answers": _(
                    "The answers to questions %(numbers)s are longer than %(limit)d characters: "
                    "shorten them, or put the details in the methodology remarks."
                )
                % {"numbers": ", ".join(map(str, too_long)), "limit": MAX_ANSWER_LENGTH}
            }
        )
    latest = submission.latest_version()
    report = _revalidated(submission, latest)
    if latest is not None and report.ok and answers_of(latest) == cleaned:
        return SaveResult(report, latest, created=False)
    result = submission_version_create(
        actor=actor,
        submission=submission,
        report=report,
        source_name=_("web form: answers"),
        answers=cleaned,
    )
    return SaveResult(result.report, result.version, created=result.version is not None)


def answers_of(version: SubmissionVersion | None) -> dict[int, str]:
    """A version's answers by question id, for a version already fetched
    through ``access_version`` or ``Submission.latest_version``."""
    if version is None:
        return {}
    return dict(version.answers.values_list("question_id", "text"))
