"""The qualitative questions of a round, edited by the secretariat.

A new round starts from the questions of the round opened before it, so
the wording stays comparable from year to year; the very first round
starts from the network's default questions. Questions are numbered 1..n
without gaps in every round, and a question someone has answered is never
deleted: those answers stay readable in the versions that hold them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thbhub.access.permissions import Perm
from thbhub.access.policies import require
from thbhub.audit.services import audit_record
from thbhub.statistics.models import Answer, QuestionTheme, Round, RoundQuestion, RoundStatus

if TYPE_CHECKING:
    from thbhub.accounts.models import User

# Long enough for a question with its explanation, short enough for one screen.
MAX_QUESTION_LENGTH = 2000

DEFAULT_QUESTIONS: tuple[tuple[QuestionTheme, Promise], ...] = (
    (
        QuestionTheme.CRISES,
        gettext_lazy(
            "How did crises in the reference year (for example armed conflict and displacement "
            "in the region, mixed migration flows, economic hardship or public-health measures) "
            "affect the identification of victims and their referral to assistance? Describe "
            "any change in the number or profile of victims you attribute to them, and the "
            "measures taken in response."
        ),
    ),
    (
        QuestionTheme.LEGAL_POLICY,
        gettext_lazy(
            "Which laws, by-laws, strategies, action plans or standard operating procedures on "
            "trafficking in human beings were adopted or amended in the reference year? Give "
            "their titles and dates, and say how they change the identification, protection or "
            "counting of victims, or the prosecution of traffickers."
        ),
    ),
    (
        QuestionTheme.COOPERATION,
        gettext_lazy(
            "Describe your authorities' cooperation on trafficking cases with Europol, Eurojust "
            "and Frontex in the reference year, and any joint investigation team you took part "
            "in: how many cases or operations, with which countries, and with what results "
            "(victims identified, suspects arrested or prosecuted)."
        ),
    ),
    (
        QuestionTheme.TRANSNATIONAL_REFERRAL,
        gettext_lazy(
            "How many victims did you refer to, or receive from, another country in the "
            "reference year, and through which channels (TRM contact points, liaison officers, "
            "international organisations, NGOs)? Describe any difficulty in ensuring continuity "
            "of care, a risk assessment before return, or the safeguards for child victims."
        ),
    ),
    (
        QuestionTheme.GOOD_PRACTICES,
        gettext_lazy(
            "Describe one or two good practices from the reference year that other members "
            "could adopt (for example in identification, assistance, cross-border cooperation, "
            "data collection or the participation of survivors), with a contact person or a "
            "link to further information."
        ),
    ),
)


# What fits Round.change_threshold (4 digits, 2 decimals), as a share.
MAX_CHANGE_THRESHOLD = Decimal("9.99")
MAX_REMINDER_DAYS = 365


def round_settings_clean(
    *, change_threshold: Decimal | None, reminder_days: list[int] | None
) -> dict[str, Any]:
    """The round settings that were given, checked, as Round's fields take them."""
    chosen: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if change_threshold is not None:
        if not Decimal("0.01") <= change_threshold <= MAX_CHANGE_THRESHOLD:
            errors["change_threshold"] = _(
                "Give the year-on-year change as a percentage between 1 and %(most)d."
            ) % {"most": int(MAX_CHANGE_THRESHOLD * 100)}
        else:
            chosen["change_threshold"] = change_threshold.quantize(Decimal("0.01"))
    if reminder_days is not None:
        wrong = [day for day in reminder_days if not 1 <= day <= MAX_REMINDER_DAYS]
        if wrong:
            errors["reminder_days"] = _(
                "Reminder days are days before the deadline, between 1 and %(most)d; not %(wrong)s."
            ) % {"most": MAX_REMINDER_DAYS, "wrong": ", ".join(map(str, wrong))}
        else:
            chosen["reminder_days"] = sorted(set(reminder_days), reverse=True)
    if errors:
        raise ValidationError(errors)
    return chosen


def _require_open(round: Round) -> None:  # noqa: A002 — the domain's word
    if round.status != RoundStatus.OPEN:
        raise ValidationError(
            _("The round for %(year)d is closed: its questions can no longer be changed.")
            % {"year": round.year}
        )


def _clean(theme: str, text: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    if theme not in QuestionTheme.values:
        errors["theme"] = _("“%(theme)s” is not a theme: choose one of %(themes)s.") % {
            "theme": theme,
            "themes": ", ".join(QuestionTheme.values),
        }
    text = text.strip()
    if not text:
        errors["text"] = _("Write the question.")
    elif len(text) > MAX_QUESTION_LENGTH:
        errors["text"] = _(
            "The question has %(length)d characters; shorten it to %(limit)d at most."
        ) % {"length": len(text), "limit": MAX_QUESTION_LENGTH}
    if errors:
        raise ValidationError(errors)
    return theme, text


def round_questions_seed(*, round: Round) -> int:  # noqa: A002
    """Give a round that has no questions those of the round opened before it,
    or the default questions if no earlier round has any. Returns how many.

    Called inside the transaction that opens the round, which writes the
    audit entry.
    """
    if round.questions.exists():
        return 0
    source = (
        Round.objects.filter(questions__isnull=False)
        .exclude(pk=round.pk)
        .order_by("-opened_at", "-pk")
        .first()
    )
    if source is not None:
        pairs = list(source.questions.order_by("number").values_list("theme", "text"))
    else:
        pairs = [(str(theme), str(text)) for theme, text in DEFAULT_QUESTIONS]
    RoundQuestion.objects.bulk_create(
        RoundQuestion(round=round, number=number, theme=theme, text=text)
        for number, (theme, text) in enumerate(pairs, start=1)
    )
    return len(pairs)


def round_question_add(
    *,
    actor: User,
    round: Round,  # noqa: A002
    theme: str,
    text: str,
) -> RoundQuestion:
    """Add a question at the end of the round's list."""
    require(actor, Perm.STATS_MANAGE)
    _require_open(round)
    theme, text = _clean(theme, text)
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=round.pk).first()
        last = round.questions.aggregate(last=Max("number"))["last"] or 0
        question = RoundQuestion.objects.create(
            round=round, number=last + 1, theme=theme, text=text
        )
        audit_record(
            actor=actor,
            action="statistics.question.add",
            obj=question,
            detail={"year": round.year, "number": question.number, "theme": theme},
        )
    return question


def round_question_update(
    *, actor: User, question: RoundQuestion, theme: str, text: str
) -> RoundQuestion:
    """Change a question's theme or wording.

    Allowed after it has been answered too, to correct a mistake; the audit
    log keeps the earlier wording.
    """
    require(actor, Perm.STATS_MANAGE)
    _require_open(question.round)
    theme, text = _clean(theme, text)
    if (theme, text) == (question.theme, question.text):
        return question
    with transaction.atomic():
        before = {"theme": question.theme, "text": question.text}
        question.theme, question.text = theme, text
        question.save(update_fields=["theme", "text"])
        audit_record(
            actor=actor,
            action="statistics.question.update",
            obj=question,
            detail={"year": question.round.year, "number": question.number, "before": before},
        )
    return question


def round_question_delete(*, actor: User, question: RoundQuestion) -> None:
    """Remove a question nobody has answered, and close the gap in the numbering."""
    require(actor, Perm.STATS_MANAGE)
    _require_open(question.round)
    answered = (
        Answer.objects.filter(question=question)
        .values_list("version__submission__country_id", flat=True)
        .distinct()
    )
    countries = sorted(set(answered))
    if countries:
        raise ValidationError(
            _(
                "Question %(number)d has already been answered by %(countries)s, and those "
                "answers must stay readable in the versions that hold them, so it cannot be "
                "deleted. Edit its text instead, or move it to the end of the list."
            )
            % {"number": question.number, "countries": ", ".join(countries)}
        )
    round_ = question.round
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=round_.pk).first()
        number = question.number
        detail = {"year": round_.year, "number": number, "theme": question.theme}
        audit_record(actor=actor, action="statistics.question.delete", obj=question, detail=detail)
        question.delete()
        # One row at a time, lowest first: each takes the number just freed,
        # so the unique (round, number) constraint holds at every step.
        for later in round_.questions.filter(number__gt=number).order_by("number"):
            later.number -= 1
            later.save(update_fields=["number"])


def round_question_move(*, actor: User, question: RoundQuestion, number: int) -> RoundQuestion:
    """Put a question at position ``number`` (1 = first), shifting those between."""
    require(actor, Perm.STATS_MANAGE)
    round_ = question.round
    _require_open(round_)
    count = round_.questions.count()
    if not 1 <= number <= count:
        raise ValidationError(
            {
                "number": _("Give a position between 1 and %(count)d.") % {"count": count},
            }
        )
    start = question.number
    if number == start:
        return question
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=round_.pk).first()
        # Park the moved question on 0 (never a real position), then shift
        # the others one at a time into the place just freed.
        question.number = 0
        question.save(update_fields=["number"])
        if number > start:
            between = round_.questions.filter(number__gt=start, number__lte=number)
            for other in between.order_by("number"):
                other.number -= 1
                other.save(update_fields=["number"])
        else:
            between = round_.questions.filter(number__gte=number, number__lt=start)
            for other in between.order_by("-number"):
                other.number += 1
                other.save(update_fields=["number"])
        question.number = number
        question.save(update_fields=["number"])
        audit_record(
            actor=actor,
            action="statistics.question.move",
            obj=question,
            detail={"year": round_.year, "from": start, "to": number},
        )
    return question


def questions_of(round: Round) -> list[RoundQuestion]:  # noqa: A002
    """The questions of a round already fetched through ``access_round``."""
    return list(round.questions.order_by("number"))
