"""Reading consultations, scoped to what the user may see.

The secretariat (CONSULTATIONS_MANAGE) sees every consultation and its live
aggregate results; roles with CONSULTATIONS_VIEW see published ones only.
Nobody reads single responses: results come from ``thbhub.consultations.results``,
in aggregate and above the minimum group size. Free-text answers waiting
for review are read only by the reviewer, and each read is audited.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from thbhub.access.permissions import Perm
from thbhub.access.policies import ModelPolicy, require, user_has
from thbhub.audit.services import audit_record
from thbhub.consultations.models import (
    DEFAULT_LANGUAGE,
    Answer,
    Consultation,
    Invitation,
    InvitationState,
    QuestionKind,
    Review,
)
from thbhub.consultations.privacy import token_hash

if TYPE_CHECKING:
    from thbhub.accounts.models import User

CONSULTATION_POLICY = ModelPolicy(Consultation)


def consultations_visible_to(user: User) -> QuerySet[Consultation]:
    if user_has(user, Perm.CONSULTATIONS_MANAGE):
        return CONSULTATION_POLICY.queryset_for(user, Perm.CONSULTATIONS_MANAGE)
    return CONSULTATION_POLICY.queryset_for(user, Perm.CONSULTATIONS_VIEW).filter(
        published_on__isnull=False
    )


def access_consultation(
    user: User, pk: int | str, perm: Perm = Perm.CONSULTATIONS_VIEW
) -> Consultation:
    """One consultation the user may act on with ``perm``: 404 otherwise."""
    if perm == Perm.CONSULTATIONS_MANAGE or user_has(user, Perm.CONSULTATIONS_MANAGE):
        return CONSULTATION_POLICY.get(user, Perm.CONSULTATIONS_MANAGE, pk)
    require(user, perm)
    try:
        return consultations_visible_to(user).get(pk=pk)
    except (Consultation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_manage(user: User) -> bool:
    return user_has(user, Perm.CONSULTATIONS_MANAGE)


def state_of(consultation: Consultation, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    if today < consultation.opens_on:
        return "scheduled"
    if today > consultation.closes_on:
        return "closed"
    return "open"


def invitation_counts(consultation: Consultation) -> dict[str, int]:
    counts = Counter(consultation.invitations.values_list("state", flat=True).order_by())
    return {state: counts.get(state, 0) for state in InvitationState.values}


def respondent_count(consultation: Consultation) -> int:
    return consultation.responses.count()


def complete_languages(consultation: Consultation) -> list[str]:
    """The platform's languages in which every text of the consultation is
    written: the languages a respondent can choose."""
    texts = [consultation.title]
    for question in consultation.questions.prefetch_related("options"):
        texts.append(question.text)
        texts.extend(option.text for option in question.options.all())
    return [
        code
        for code, _name in settings.LANGUAGES
        if code == DEFAULT_LANGUAGE or all((text.get(code) or "").strip() for text in texts)
    ]


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a respondent's link names, or None. No user: the
    token itself is the respondent's only key."""
    return (
        Invitation.objects.select_related("consultation")
        .filter(token_hash=token_hash(token))
        .first()
    )


def free_texts_to_review(user: User, consultation: Consultation) -> list[Answer]:
    """Free-text answers waiting for review, in random-id order (never the
    order they arrived in). Reading them is audited: they may hold
    identifying details until reviewed."""
    require(user, Perm.CONSULTATIONS_MANAGE)
    answers = list(
        Answer.objects.filter(
            response__consultation=consultation,
            question__kind=QuestionKind.TEXT,
            review=Review.PENDING,
        )
        .select_related("question")
        .order_by("id")
    )
    if answers:
        audit_record(
            actor=user,
            action="consultations.free_text.read",
            obj=consultation,
            detail={"answers": len(answers)},
        )
    return answers


def reviewed_free_texts(consultation: Consultation) -> QuerySet[Answer]:
    return (
        Answer.objects.filter(
            response__consultation=consultation,
            question__kind=QuestionKind.TEXT,
            review__in=[Review.APPROVED, Review.REDACTED],
        )
        .select_related("question")
        .order_by("id")
    )
