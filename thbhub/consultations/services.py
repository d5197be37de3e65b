"""Running consultations, and receiving respondents' answers.

Staff writes take the acting user, check CONSULTATIONS_MANAGE and write an
audit row in the same transaction. ``response_submit`` is the one write
without a user: the respondent has no account, and it writes no audit row,
because a row with the exact time of answering would narrow down who
answered. What it records is that the invitation was used, and the answers
on a response with a random id and the day only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import require
from thbhub.audit.services import audit_record
from thbhub.consultations.models import (
    ABSOLUTE_MINIMUM_GROUP_SIZE,
    DEFAULT_LANGUAGE,
    Answer,
    Consultation,
    Invitation,
    InvitationState,
    Option,
    Question,
    QuestionKind,
    Response,
    Review,
)
from thbhub.consultations.privacy import new_token, token_hash
from thbhub.consultations.selectors import respondent_count
from thbhub.core.concurrency import update_versioned

if TYPE_CHECKING:
    from thbhub.accounts.models import User

MAX_BATCH = 500
MAX_TEXT_LENGTH = 2000
SCALE_LIMITS = (0, 10)


@dataclass
class ConsultationData:
    title: dict[str, str]
    purpose: dict[str, str]
    opens_on: datetime.date
    closes_on: datetime.date
    minimum_group_size: int


@dataclass
class QuestionData:
    kind: str
    text: dict[str, str]
    options: list[dict[str, str]] = field(default_factory=list)
    required: bool = False
    breakdown: bool = False
    scale_min: int = 1
    scale_max: int = 5


def _clean_texts(texts: dict[str, str]) -> dict[str, str]:
    return {code.lower(): value.strip() for code, value in texts.items() if value and value.strip()}


def _check_consultation(data: ConsultationData) -> None:
    errors: dict[str, list[str]] = {}
    if not _clean_texts(data.title).get(DEFAULT_LANGUAGE):
        errors["title"] = [_("Give the title at least in English; other languages may follow.")]
    if data.closes_on < data.opens_on:
        errors["closes_on"] = [_("The closing date must be on or after the opening date.")]
    if data.minimum_group_size < ABSOLUTE_MINIMUM_GROUP_SIZE:
        errors["minimum_group_size"] = [
            _(
                "Results are never shown for fewer than %(minimum)d respondents: "
                "choose %(minimum)d or more."
            )
            % {"minimum": ABSOLUTE_MINIMUM_GROUP_SIZE}
        ]
    if errors:
        raise ValidationError(errors)


def consultation_create(*, actor: User, data: ConsultationData) -> Consultation:
    require(actor, Perm.CONSULTATIONS_MANAGE)
    _check_consultation(data)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            title=_clean_texts(data.title),
            purpose=_clean_texts(data.purpose),
            opens_on=data.opens_on,
            closes_on=data.closes_on,
            minimum_group_size=data.minimum_group_size,
            created_by=actor,
        )
        audit_record(actor=actor, action="consultations.consultation.create", obj=consultation)
    return consultation


def consultation_update(
    *, actor: User, consultation: Consultation, expected_version: int, data: ConsultationData
) -> Consultation:
    require(actor, Perm.CONSULTATIONS_MANAGE)
    _check_consultation(data)
    changes: dict[str, Any] = {
        "title": _clean_texts(data.title),
        "purpose": _clean_texts(data.purpose),
        "opens_on": data.opens_on,
        "closes_on": data.closes_on,
        "minimum_group_size": data.minimum_group_size,
    }
    changed = sorted(
        name for name, value in changes.items() if getattr(consultation, name) != value
    )
    with transaction.atomic():
        update_versioned(consultation, expected_version=expected_version, **changes)
        audit_record(
            actor=actor,
            action="consultations.consultation.update",
            obj=consultation,
            detail={"fields": changed},
        )
    consultation.refresh_from_db()
    return consultation


def _refuse_if_answered(consultation: Consultation) -> None:
    if respondent_count(consultation):
        raise ValidationError(
            _(
                "Answers have come in, so the questions can no longer change: "
                "the results would mix different questions. Open a new consultation instead."
            )
        )


def _check_question(data: QuestionData) -> None:
    errors: dict[str, list[str]] = {}
    if data.kind not in QuestionKind.values:
        errors["kind"] = [_("Choose the kind of question.")]
    if not _clean_texts(data.text).get(DEFAULT_LANGUAGE):
        errors["text"] = [_("Write the question at least in English.")]
    choices = data.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
    options = [_clean_texts(option) for option in data.options]
    if choices and (len(options) < 2 or any(not o.get(DEFAULT_LANGUAGE) for o in options)):
        errors["options"] = [_("A choice needs at least two options, each written in English.")]
    if not choices and data.options:
        errors["options"] = [_("Only single- and multiple-choice questions have options.")]
    if data.breakdown and data.kind != QuestionKind.SINGLE:
        errors["breakdown"] = [_("Results can only be broken down by a single-choice question.")]
    low, high = SCALE_LIMITS
    if data.kind == QuestionKind.SCALE and not (low <= data.scale_min < data.scale_max <= high):
        errors["scale_max"] = [
            _("A scale runs from a lower to a higher number, between %(low)d and %(high)d.")
            % {"low": low, "high": high}
        ]
    if errors:
        raise ValidationError(errors)


def question_add(*, actor: User, consultation: Consultation, data: QuestionData) -> Question:
    require(actor, Perm.CONSULTATIONS_MANAGE)
    _check_question(data)
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        _refuse_if_answered(locked)
        last = locked.questions.aggregate(last=Max("position"))["last"] or 0
        is_scale = data.kind == QuestionKind.SCALE
        question = Question.objects.create(
            consultation=locked,
            position=last + 1,
            kind=data.kind,
            text=_clean_texts(data.text),
            required=data.required,
            breakdown=data.breakdown,
            scale_min=data.scale_min if is_scale else 1,
            scale_max=data.scale_max if is_scale else 5,
        )
        Option.objects.bulk_create(
            Option(question=question, position=index, text=_clean_texts(texts))
            for index, texts in enumerate(data.options, start=1)
        )
        audit_record(
            actor=actor,
            action="consultations.question.add",
            obj=question,
            detail={"consultation": locked.pk, "kind": data.kind, "options": len(data.options)},
        )
    return question


def question_delete(*, actor: User, question: Question) -> None:
    require(actor, Perm.CONSULTATIONS_MANAGE)
    with transaction.atomic():
        _refuse_if_answered(question.consultation)
        audit_record(
            actor=actor,
            action="consultations.question.delete",
            obj=question,
            detail={"consultation": question.consultation_id},
        )
        question.delete()


@dataclass(frozen=True)
class IssuedInvitation:
    reference: int
    token: str


def invitations_issue(
    *, actor: User, consultation: Consultation, count: int
) -> list[IssuedInvitation]:
    """A batch of single-use links. The tokens are returned this once and
    never stored: the hub keeps only their hashes."""
    require(actor, Perm.CONSULTATIONS_MANAGE)
    if not 1 <= count <= MAX_BATCH:
        raise ValidationError(
            {"count": [_("Issue between 1 and %(most)d links at a time.") % {"most": MAX_BATCH}]}
        )
    if timezone.localdate() > consultation.closes_on:
        raise ValidationError(
            _("The consultation closed on %(date)s: links to it could not be used.")
            % {"date": consultation.closes_on.isoformat()}
        )
    if not consultation.questions.exists():
        raise ValidationError(_("Add the questions first: a link opens the questions."))
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        batch = (locked.invitations.aggregate(last=Max("batch"))["last"] or 0) + 1
        tokens = [new_token() for _index in range(count)]
        Invitation.objects.bulk_create(
            Invitation(consultation=locked, token_hash=token_hash(token), batch=batch)
            for token in tokens
        )
        references = dict(locked.invitations.filter(batch=batch).values_list("token_hash", "pk"))
        audit_record(
            actor=actor,
            action="consultations.invitations.issue",
            obj=locked,
            detail={"batch": batch, "count": count},
        )
    return [IssuedInvitation(references[token_hash(token)], token) for token in tokens]


def invitations_revoke(
    *, actor: User, consultation: Consultation, references: list[int] | None = None
) -> int:
    """Withdraw unused links: those named, or every unused one."""
    require(actor, Perm.CONSULTATIONS_MANAGE)
    with transaction.atomic():
        unused = consultation.invitations.filter(state=InvitationState.UNUSED)
        if references is not None:
            unknown = set(references) - set(
                consultation.invitations.filter(pk__in=references).values_list("pk", flat=True)
            )
            if unknown:
                raise ValidationError(
                    {
                        "references": [
                            _("No link of this consultation has the number %(numbers)s.")
                            % {"numbers": ", ".join(f"#{n}" for n in sorted(unknown))}
                        ]
                    }
                )
            unused = unused.filter(pk__in=references)
        revoked = unused.update(state=InvitationState.REVOKED)
        audit_record(
            actor=actor,
            action="consultations.invitations.revoke",
            obj=consultation,
            detail={"count": revoked, "all_unused": references is None},
        )
    return revoked


class InvitationUnusable(Exception):  # noqa: N818 — reads as a state, like Django's DoesNotExist
    """The link cannot be used; ``reason`` says why, for the respondent's page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def invitation_problem(invitation: Invitation | None, today: datetime.date) -> str | None:
    """Why a link cannot be used now: invalid, used, revoked, not_open, closed; or None."""
    if invitation is None:
        return "invalid"
    if invitation.state == InvitationState.USED:
        return "used"
    if invitation.state == InvitationState.REVOKED:
        return "revoked"
    if today < invitation.consultation.opens_on:
        return "not_open"
    if today > invitation.consultation.closes_on:
        return "closed"
    return None


Answers = dict[int, Any]


def check_answers(questions: list[Question], answers: Answers) -> dict[int, str]:
    """Problems by question id, in plain words; empty when all is well."""
    problems: dict[int, str] = {}
    for question in questions:
        value = answers.get(question.pk)
        empty = value in (None, "", [], ())
        if empty:
            if question.required:
                problems[question.pk] = _("Please answer this question.")
            continue
        option_ids = {option.pk for option in question.options.all()}
        if question.kind == QuestionKind.SINGLE and value not in option_ids:
            problems[question.pk] = _("Please choose one of the answers.")
        elif question.kind == QuestionKind.MULTIPLE and not set(value or []) <= option_ids:
            problems[question.pk] = _("Please choose among the answers shown.")
        elif question.kind == QuestionKind.SCALE and not (
            isinstance(value, int) and question.scale_min <= value <= question.scale_max
        ):
            problems[question.pk] = _("Please choose a number from %(low)d to %(high)d.") % {
                "low": question.scale_min,
                "high": question.scale_max,
            }
        elif question.kind == QuestionKind.TEXT and len(str(value)) > MAX_TEXT_LENGTH:
            problems[question.pk] = _("Please keep your answer under %(most)d characters.") % {
                "most": MAX_TEXT_LENGTH
            }
    return problems


def response_submit(*, token: str, answers: Answers) -> None:
    """Store one respondent's answers and mark their link used, together.

    Nothing ties the two: the response gets a random id and the day only,
    and the invitation keeps no time and no reference to the response.
    """
    today = timezone.localdate()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("consultation")
            .filter(token_hash=token_hash(token))
            .first()
        )
        problem = invitation_problem(invitation, today)
        if problem is not None or invitation is None:
            raise InvitationUnusable(problem or "invalid")
        consultation = invitation.consultation
        questions = list(consultation.questions.prefetch_related("options"))
        problems = check_answers(questions, answers)
        if problems:
            raise ValidationError({str(pk): [message] for pk, message in problems.items()})
        # Every invitation of the consultation is rewritten in the one
        # statement that marks this one used. On PostgreSQL a row keeps the
        # id of the transaction that last wrote it (xmin); were only this
        # invitation written, its xmin would equal the new response's and
        # join the two. This way all invitations share it.
        Invitation.objects.filter(consultation=consultation).update(
            state=Case(
                When(pk=invitation.pk, then=Value(InvitationState.USED)),
                default=F("state"),
            )
        )
        response = Response.objects.create(consultation=consultation, submitted_on=today)
        Answer.objects.bulk_create(_answer_rows(response, questions, answers))


def _answer_rows(response: Response, questions: list[Question], answers: Answers) -> list[Answer]:
    rows: list[Answer] = []
    for question in questions:
        value = answers.get(question.pk)
        if value in (None, "", [], ()):
            continue
        if question.kind == QuestionKind.SINGLE:
            rows.append(Answer(response=response, question=question, option_id=value))
        elif question.kind == QuestionKind.MULTIPLE:
            rows.extend(
                Answer(response=response, question=question, option_id=option_id)
                for option_id in sorted(set(value or []))
            )
        elif question.kind == QuestionKind.SCALE:
            rows.append(Answer(response=response, question=question, scale_value=value))
        else:
            rows.append(
                Answer(
                    response=response,
                    question=question,
                    text=str(value).strip(),
                    review=Review.PENDING,
                )
            )
    return rows


def answer_review(*, actor: User, answer: Answer, decision: str, shown_text: str = "") -> Answer:
    """Approve a free text as written, approve it with identifying details
    removed (``shown_text``), or reject it."""
    require(actor, Perm.CONSULTATIONS_MANAGE)
    if answer.question.kind != QuestionKind.TEXT:
        raise ValidationError(_("Only free-text answers are reviewed."))
    if decision == Review.APPROVED:
        shown = answer.text
    elif decision == Review.REDACTED:
        shown = shown_text.strip()
        if not shown:
            raise ValidationError(
                {
                    "shown_text": [
                        _("Write the text as it may be shown, without identifying details.")
                    ]
                }
            )
    elif decision == Review.REJECTED:
        shown = ""
    else:
        raise ValidationError({"decision": [_("Choose approve, remove details or reject.")]})
    with transaction.atomic():
        answer.review = decision
        answer.shown_text = shown
        answer.save(update_fields=["review", "shown_text"])
        audit_record(
            actor=actor,
            action="consultations.answer.review",
            obj=answer.question.consultation,
            detail={"decision": decision, "question": answer.question_id},
        )
    return answer


def consultation_publish(*, actor: User, consultation: Consultation) -> Consultation:
    """Make the aggregate results readable by the roles with CONSULTATIONS_VIEW."""
    require(actor, Perm.CONSULTATIONS_MANAGE)
    if respondent_count(consultation) < consultation.minimum_group_size:
        raise ValidationError(
            _(
                "Fewer than %(minimum)d people have answered: there is nothing to publish "
                "until at least %(minimum)d have."
            )
            % {"minimum": consultation.minimum_group_size}
        )
    with transaction.atomic():
        consultation.published_on = timezone.localdate()
        consultation.save(update_fields=["published_on"])
        audit_record(actor=actor, action="consultations.consultation.publish", obj=consultation)
    return consultation
