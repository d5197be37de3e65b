"""What differs between any two versions of a submission: figures,
methodology metadata and answers, so a reviewer sees everything a
resubmission changed, not only the tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from thbhub.statistics.methodology import FIELDS, YES_NO_CHOICES, Kind
from thbhub.statistics.models import RoundQuestion, Submission, SubmissionVersion
from thbhub.statistics.selectors import Change, access_version, cell_changes

if TYPE_CHECKING:
    from thbhub.accounts.models import User


@dataclass(frozen=True)
class ShownField:
    """A methodology field as a reader sees it: its label and its value."""

    key: str
    label: str
    value: str


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ShownAnswer:
    number: int
    theme: str
    question: str
    answer: str


@dataclass(frozen=True)
class AnswerChange:
    number: int
    question: str
    before: str
    after: str


@dataclass(frozen=True)
class VersionDifference:
    older: SubmissionVersion
    newer: SubmissionVersion
    cells: list[Change]
    methodology: list[FieldChange]
    answers: list[AnswerChange]

    @property
    def empty(self) -> bool:
        return not (self.cells or self.methodology or self.answers)


_YES_NO = dict(YES_NO_CHOICES)


def _shown(key: str, value: str) -> str:
    kind = next((field.kind for field in FIELDS if field.key == key), Kind.TEXT)
    if kind == Kind.YES_NO and value in _YES_NO:
        return str(_YES_NO[value])
    return value


def methodology_shown(values: Mapping[str, str]) -> list[ShownField]:
    """Every methodology field in the standard's order, with yes/no in words."""
    return [
        ShownField(field.key, str(field.label), _shown(field.key, str(values.get(field.key, ""))))
        for field in FIELDS
    ]


def answers_shown(version: SubmissionVersion | None) -> list[ShownAnswer]:
    """Every question of the version's round, with the version's answer (may be empty)."""
    if version is None:
        return []
    given = dict(version.answers.values_list("question_id", "text"))
    questions = RoundQuestion.objects.filter(round_id=version.submission.round_id)
    return [
        ShownAnswer(q.number, q.get_theme_display(), q.text, given.get(q.pk, ""))
        for q in questions.order_by("number")
    ]


def _methodology_changes(older: SubmissionVersion, newer: SubmissionVersion) -> list[FieldChange]:
    changes = []
    for field in FIELDS:
        before = str(older.methodology.get(field.key, ""))
        after = str(newer.methodology.get(field.key, ""))
        if before != after:
            changes.append(
                FieldChange(
                    field.key,
                    str(field.label),
                    _shown(field.key, before),
                    _shown(field.key, after),
                )
            )
    return changes


def _answer_changes(older: SubmissionVersion, newer: SubmissionVersion) -> list[AnswerChange]:
    before = dict(older.answers.values_list("question_id", "text"))
    after = dict(newer.answers.values_list("question_id", "text"))
    changed = {pk for pk in before.keys() | after.keys() if before.get(pk) != after.get(pk)}
    questions = RoundQuestion.objects.filter(pk__in=changed).order_by("number")
    return [
        AnswerChange(q.number, q.text, before.get(q.pk, ""), after.get(q.pk, "")) for q in questions
    ]


def version_difference(
    user: User, submission: Submission, first: int, second: int
) -> VersionDifference:
    """The differences between versions ``first`` and ``second`` (either
    order) of a submission the user may see; a version out of reach or
    missing is a 404."""
    one = access_version(user, submission, first)
    other = access_version(user, submission, second)
    older, newer = (one, other) if one.number <= other.number else (other, one)
    return VersionDifference(
        older=older,
        newer=newer,
        cells=cell_changes(older, newer),
        methodology=_methodology_changes(older, newer),
        answers=_answer_changes(older, newer),
    )
