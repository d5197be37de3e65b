"""The return procedure of a return referral.

The person decides voluntarily to return; the sending (destination)
country assesses the risks before departure, which is refused without
that assessment, and a child leaves only with a best-interests
determination for the return and an escort. The receiving (origin)
country confirms the hand-over, and follows up at 3, 6 and 12 months.
"""

from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import user_has
from thbhub.referrals.codes import FOLLOW_UP_MONTHS, ReferralStatus, ReturnStatus, TimelineKind
from thbhub.referrals.models import Referral, ReturnFollowUp, ReturnPlan
from thbhub.referrals.selectors import RECEIVER, SENDER
from thbhub.referrals.services import (
    audit,
    check_date,
    on_side,
    record,
)

if TYPE_CHECKING:
    from thbhub.accounts.models import User


def add_months(start: datetime.date, months: int) -> datetime.date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _plan(actor: User, referral: Referral, side: str) -> tuple[Referral, ReturnPlan]:
    perm = Perm.REFERRALS_SEND if user_has(actor, Perm.REFERRALS_SEND) else Perm.REFERRALS_REQUEST
    found = on_side(actor, referral.pk, side, perm)
    plan = ReturnPlan.objects.filter(referral=found).first()
    if plan is None:
        raise ValidationError(
            _("Referral %(reference)s is not a return: it has no return procedure.")
            % {"reference": found.reference}
        )
    return found, plan


def return_missing_before_departure(referral: Referral, plan: ReturnPlan) -> list[str]:
    """What must exist before the person leaves, in words the user can act on."""
    missing = []
    if referral.status != ReferralStatus.ACCEPTED:
        missing.append(_("the receiving country's acceptance of the referral"))
    if plan.voluntary_decision_on is None:
        missing.append(_("the person's voluntary decision to return"))
    if plan.risk_assessed_on is None:
        missing.append(_("a pre-departure risk assessment"))
    case = referral.case
    if referral.child and case is not None and not case.best_interests.filter(purpose="return"):
        missing.append(_("a best-interests determination for the return (the person is a child)"))
    return missing


def return_voluntary_decision(
    *, actor: User, referral: Referral, decided_on: datetime.date, note: str = ""
) -> ReturnPlan:
    referral, plan = _plan(actor, referral, SENDER)
    check_date(decided_on, "decided_on")
    with transaction.atomic():
        plan.voluntary_decision_on = decided_on
        plan.save(update_fields=["voluntary_decision_on"])
        record(referral, TimelineKind.VOLUNTARY_DECISION, actor, on=decided_on, note=note)
        audit(actor, "referrals.return.decision", referral)
    return plan


def return_depart(
    *, actor: User, referral: Referral, departed_on: datetime.date, escorted: bool
) -> ReturnPlan:
    """The person left: refused without the risk assessment (and a child's safeguards)."""
    referral, plan = _plan(actor, referral, SENDER)
    if plan.status != ReturnStatus.PLANNED:
        raise ValidationError(_("The departure was recorded already."))
    missing = return_missing_before_departure(referral, plan)
    if missing:
        raise ValidationError(
            _("The person cannot leave yet: record %(missing)s first.")
            % {"missing": _(" and ").join(missing)}
        )
    check_date(departed_on, "departed_on")
    if referral.child and not escorted:
        raise ValidationError(
            {"escorted": _("A child always travels with an escort: record who escorts the child.")}
        )
    with transaction.atomic():
        plan.departed_on = departed_on
        plan.escorted = escorted
        plan.status = ReturnStatus.DEPARTED
        plan.save(update_fields=["departed_on", "escorted", "status"])
        record(referral, TimelineKind.DEPARTURE, actor, on=departed_on, escorted=escorted)
        audit(actor, "referrals.return.depart", referral, escorted=escorted)
    return plan


def return_handover_confirm(
    *, actor: User, referral: Referral, handed_over_on: datetime.date, note: str = ""
) -> ReturnPlan:
    """The receiving side confirms the hand-over; the follow-ups fall due from it."""
    referral, plan = _plan(actor, referral, RECEIVER)
    if plan.status != ReturnStatus.DEPARTED:
        raise ValidationError(_("The hand-over is confirmed after the departure, and only once."))
    check_date(handed_over_on, "handed_over_on")
    assert plan.departed_on is not None  # noqa: S101 — set with the DEPARTED status
    if handed_over_on < plan.departed_on:
        raise ValidationError(
            {"handed_over_on": _("The hand-over cannot be before the departure.")}
        )
    with transaction.atomic():
        plan.handed_over_on = handed_over_on
        plan.status = ReturnStatus.HANDED_OVER
        plan.save(update_fields=["handed_over_on", "status"])
        ReturnFollowUp.objects.bulk_create(
            ReturnFollowUp(plan=plan, months=months, due_on=add_months(handed_over_on, months))
            for months in FOLLOW_UP_MONTHS
        )
        record(referral, TimelineKind.HANDOVER, actor, on=handed_over_on, note=note)
        audit(actor, "referrals.return.handover", referral)
    return plan


def return_follow_up_done(
    *, actor: User, referral: Referral, months: int, done_on: datetime.date, note: str = ""
) -> ReturnFollowUp:
    referral, plan = _plan(actor, referral, RECEIVER)
    follow_up = plan.follow_ups.filter(months=months, done_on__isnull=True).first()
    if follow_up is None:
        raise ValidationError(
            _("There is no open %(months)s-month follow-up on this return.") % {"months": months}
        )
    check_date(done_on, "done_on")
    with transaction.atomic():
        follow_up.done_on = done_on
        follow_up.note = note.strip()
        follow_up.done_by = actor
        follow_up.save(update_fields=["done_on", "note", "done_by"])
        record(referral, TimelineKind.FOLLOW_UP, actor, on=done_on, note=note, months=months)
        audit(actor, "referrals.return.follow_up", referral, months=months)
    return follow_up
