"""A consultation's results, in aggregate, above the minimum group size.

Rules (each protects respondents in a small advisory board):

- Nothing is shown until the consultation as a whole has at least the
  minimum number of respondents.
- A question's results are shown only when at least the minimum number of
  respondents answered it.
- A breakdown (results by the answer to a single-choice question) shows a
  group only when the group reaches the minimum size, and only when the
  groups shown leave out either nobody or at least the minimum number of
  people: otherwise subtracting the groups shown from the overall result
  would give away the answers of the few left out. The same check is made
  per question inside the breakdown.
- Free texts are shown only once a reviewer has approved them (as written
  or with identifying details removed), and only in the overall results:
  a quote shown inside a small group would say who wrote it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from thbhub.consultations.models import (
    Answer,
    Consultation,
    Option,
    Question,
    QuestionKind,
    Review,
)


@dataclass(frozen=True)
class OptionResult:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: Question
    answered: int
    shown: bool
    options: list[OptionResult] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    texts_waiting: int = 0

    @property
    def label(self) -> str:
        return self.question.display_text

    @property
    def kind(self) -> str:
        return str(self.question.kind)


@dataclass
class GroupResult:
    label: str
    size: int
    shown: bool
    questions: list[QuestionResult] = field(default_factory=list)


@dataclass
class BreakdownResult:
    question: Question
    groups: list[GroupResult]

    @property
    def label(self) -> str:
        return self.question.display_text


@dataclass
class ConsultationResults:
    consultation: Consultation
    respondents: int
    minimum: int
    questions: list[QuestionResult]
    breakdowns: list[BreakdownResult]

    @property
    def shown(self) -> bool:
        return self.respondents >= self.minimum


@dataclass
class _Answers:
    """Everything needed from one response, keyed by question id."""

    options: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    scale: dict[int, int] = field(default_factory=dict)
    text: dict[int, str] = field(default_factory=dict)


def shown_groups(sizes: dict[int, int], total: int, minimum: int) -> set[int]:
    """The groups that may be shown: each of at least ``minimum``, and the
    people outside them either none or at least ``minimum``. The smallest
    group shown is hidden until that holds (ties: the later key first)."""
    if total < minimum:
        return set()
    shown = {key for key, size in sizes.items() if size >= minimum}
    while shown and 0 < total - sum(sizes[key] for key in shown) < minimum:
        shown.remove(min(shown, key=lambda key: (sizes[key], -key)))
    return shown


def consultation_results(consultation: Consultation) -> ConsultationResults:
    questions = list(consultation.questions.prefetch_related("options"))
    minimum = consultation.minimum_group_size
    responses = _load(consultation)
    waiting: dict[int, int] = defaultdict(int)
    for question_id in Answer.objects.filter(
        response__consultation=consultation,
        question__kind=QuestionKind.TEXT,
        review=Review.PENDING,
    ).values_list("question_id", flat=True):
        waiting[question_id] += 1
    if len(responses) < minimum:
        return ConsultationResults(consultation, len(responses), minimum, [], [])
    overall = [
        _question_result(question, responses, minimum, texts=True, waiting=waiting[question.pk])
        for question in questions
    ]
    breakdowns = [
        _breakdown(question, questions, responses, minimum)
        for question in questions
        if question.breakdown and question.kind == QuestionKind.SINGLE
    ]
    return ConsultationResults(consultation, len(responses), minimum, overall, breakdowns)


def _load(consultation: Consultation) -> list[_Answers]:
    by_response: dict[object, _Answers] = defaultdict(_Answers)
    rows = Answer.objects.filter(response__consultation=consultation).order_by("id")
    for answer in rows.only("response_id", "question_id", "option_id", "scale_value", "review"):
        entry = by_response[answer.response_id]
        if answer.option_id is not None:
            entry.options[answer.question_id].add(answer.option_id)
        elif answer.scale_value is not None:
            entry.scale[answer.question_id] = answer.scale_value
    for answer in rows.filter(review__in=[Review.APPROVED, Review.REDACTED]).only(
        "response_id", "question_id", "shown_text"
    ):
        by_response[answer.response_id].text[answer.question_id] = answer.shown_text
    # Responses without any stored answer (every question optional and
    # skipped) still count as respondents.
    for response_id in consultation.responses.values_list("id", flat=True):
        by_response[response_id]
    return list(by_response.values())


def _answered(question: Question, responses: Iterable[_Answers]) -> list[_Answers]:
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return [r for r in responses if r.options.get(question.pk)]
    if question.kind == QuestionKind.SCALE:
        return [r for r in responses if question.pk in r.scale]
    return []


def _question_result(
    question: Question,
    responses: list[_Answers],
    minimum: int,
    *,
    texts: bool,
    waiting: int = 0,
    force_hidden: bool = False,
) -> QuestionResult:
    if question.kind == QuestionKind.TEXT:
        shown_texts = sorted(r.text[question.pk] for r in responses if question.pk in r.text)
        return QuestionResult(
            question,
            answered=len(shown_texts),
            shown=texts,
            texts=shown_texts if texts else [],
            texts_waiting=waiting,
        )
    answered = _answered(question, responses)
    result = QuestionResult(
        question, answered=len(answered), shown=len(answered) >= minimum and not force_hidden
    )
    if not result.shown:
        return result
    if question.kind == QuestionKind.SCALE:
        values = [r.scale[question.pk] for r in answered]
        result.mean = round(sum(values) / len(values), 1)
        result.options = [
            _option(str(value), sum(1 for v in values if v == value), len(values))
            for value in range(question.scale_min, question.scale_max + 1)
        ]
    else:
        options: list[Option] = list(question.options.all())
        result.options = [
            _option(
                option.display_text,
                sum(1 for r in answered if option.pk in r.options[question.pk]),
                len(answered),
            )
            for option in options
        ]
    return result


def _option(label: str, count: int, answered: int) -> OptionResult:
    return OptionResult(label, count, round(100 * count / answered) if answered else 0)


def _breakdown(
    by: Question, questions: list[Question], responses: list[_Answers], minimum: int
) -> BreakdownResult:
    options = list(by.options.all())
    members = {
        option.pk: [r for r in responses if option.pk in r.options.get(by.pk, set())]
        for option in options
    }
    sizes = {key: len(group) for key, group in members.items()}
    visible = shown_groups(sizes, len(responses), minimum)
    others = [q for q in questions if q.pk != by.pk and q.kind != QuestionKind.TEXT]
    # Per question, the same differencing check over the groups shown.
    per_question: dict[int, set[int]] = {}
    for question in others:
        answered = {key: len(_answered(question, members[key])) for key in visible}
        total = len(_answered(question, responses))
        per_question[question.pk] = shown_groups(answered, total, minimum)
    groups = [
        GroupResult(
            label=option.display_text,
            size=sizes[option.pk],
            shown=option.pk in visible,
            questions=[
                _question_result(
                    question,
                    members[option.pk],
                    minimum,
                    texts=False,
                    force_hidden=option.pk not in per_question[question.pk],
                )
                for question in others
            ]
            if option.pk in visible
            else [],
        )
        for option in options
    ]
    return BreakdownResult(by, groups)
