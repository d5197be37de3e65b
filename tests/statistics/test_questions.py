"""Round questions: seeded when a round opens, edited by the secretariat only."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.statistics.rounds import open_round, submission_of, totals_only_csv
from thbhub.access.policies import PermissionDenied
from thbhub.audit.models import AuditEvent
from thbhub.statistics.editing import submission_answers_save
from thbhub.statistics.models import Answer, QuestionTheme, RoundQuestion
from thbhub.statistics.questions import (
    round_question_add,
    round_question_delete,
    round_question_move,
    round_question_update,
)
from thbhub.statistics.services import round_close, submission_upload_csv

pytestmark = pytest.mark.django_db

# Years the demo data opens no round for.
EARLIER, LATER = 2016, 2017


def texts(round_) -> list[str]:  # type: ignore[no-untyped-def]
    return list(round_.questions.order_by("number").values_list("text", flat=True))


def test_the_first_round_gets_a_question_per_theme(users) -> None:  # type: ignore[no-untyped-def]
    Answer.objects.all().delete()
    RoundQuestion.objects.all().delete()
    opened = open_round(users["secretariat"], year=EARLIER)
    asked = list(opened.questions.order_by("number"))
    assert [q.number for q in asked] == list(range(1, len(asked) + 1))
    themes = {q.theme for q in asked}
    assert themes == set(QuestionTheme.values) - {QuestionTheme.OTHER}
    cooperation = next(q.text for q in asked if q.theme == QuestionTheme.COOPERATION)
    for body in ("Europol", "Eurojust", "Frontex", "joint investigation team"):
        assert body in cooperation
    event = AuditEvent.objects.get(action="statistics.round.open", object_id=str(opened.pk))
    assert event.detail["questions"] == len(asked)


def test_a_round_opened_after_another_copies_its_questions(users) -> None:  # type: ignore[no-untyped-def]
    secretariat = users["secretariat"]
    first = open_round(secretariat, year=EARLIER)
    round_question_add(
        actor=secretariat, round=first, theme="other", text="How many shelters are open?"
    )
    question = first.questions.get(number=1)
    round_question_update(
        actor=secretariat, question=question, theme=question.theme, text="Reworded question."
    )
    second = open_round(secretariat, year=LATER)
    assert texts(second) == texts(first)
    assert texts(second)[0] == "Reworded question."
    assert texts(second)[-1] == "How many shelters are open?"
    # Copies, not the same rows: editing the new round leaves the old one alone.
    round_question_update(
        actor=secretariat,
        question=second.questions.get(number=1),
        theme="crises",
        text="Only in 2022.",
    )
    assert texts(first)[0] == "Reworded question."


def test_questions_are_moved_and_deleted_without_gaps(users) -> None:  # type: ignore[no-untyped-def]
    secretariat = users["secretariat"]
    opened = open_round(secretariat, year=LATER)
    before = texts(opened)
    last = opened.questions.get(number=len(before))
    round_question_move(actor=secretariat, question=last, number=1)
    assert texts(opened) == [before[-1], *before[:-1]]
    round_question_move(actor=secretariat, question=last, number=len(before))
    assert texts(opened) == before
    round_question_delete(actor=secretariat, question=opened.questions.get(number=2))
    assert texts(opened) == [before[0], *before[2:]]
    numbers = list(opened.questions.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, len(before)))
    with pytest.raises(ValidationError, match="between 1 and"):
        round_question_move(actor=secretariat, question=last, number=99)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"statistics.question.move", "statistics.question.delete"} <= actions


def test_an_answered_question_cannot_be_deleted(users) -> None:  # type: ignore[no-untyped-def]
    secretariat = users["secretariat"]
    opened = open_round(secretariat, year=LATER)
    question = opened.questions.get(number=1)
    submission_upload_csv(
        actor=users["rs.statistician"],
        round=opened,
        country_id="RS",
        data=totals_only_csv(year=LATER),
        filename="rs.csv",
    )
    submission_answers_save(
        actor=users["rs.statistician"],
        submission=submission_of(opened, "RS"),
        answers={question.pk: "Two new shelters opened."},
    )
    with pytest.raises(ValidationError, match=r"already been answered by RS.*Edit its text"):
        round_question_delete(actor=secretariat, question=question)
    assert RoundQuestion.objects.filter(pk=question.pk).exists()
    edited = round_question_update(
        actor=secretariat, question=question, theme=question.theme, text="Clearer wording."
    )
    assert edited.text == "Clearer wording."


@pytest.mark.parametrize("username", ["rs.coordinator", "rs.statistician", "rs.rapporteur"])
def test_only_the_secretariat_edits_questions(users, username: str) -> None:  # type: ignore[no-untyped-def]
    opened = open_round(users["secretariat"], year=LATER)
    question = opened.questions.get(number=1)
    with pytest.raises(PermissionDenied):
        round_question_add(actor=users[username], round=opened, theme="other", text="Mine?")
    with pytest.raises(PermissionDenied):
        round_question_update(actor=users[username], question=question, theme="other", text="x")
    with pytest.raises(PermissionDenied):
        round_question_delete(actor=users[username], question=question)
    assert opened.questions.get(number=1).text == question.text


def test_bad_input_and_closed_rounds_change_nothing(users) -> None:  # type: ignore[no-untyped-def]
    secretariat = users["secretariat"]
    opened = open_round(secretariat, year=LATER)
    before = texts(opened)
    with pytest.raises(ValidationError) as refused:
        round_question_add(actor=secretariat, round=opened, theme="weather", text="  ")
    assert set(refused.value.message_dict) == {"theme", "text"}
    round_close(actor=secretariat, round=opened)
    with pytest.raises(ValidationError, match="closed"):
        round_question_add(actor=secretariat, round=opened, theme="other", text="Late question")
    assert texts(opened) == before
