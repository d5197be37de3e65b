"""Reading referrals, scoped to what the user may see.

A referral has two sides. The sending side reaches it through the country
and agency it comes from (drafts included); the receiving side only once it
is sent, through the country it goes to and, for case workers, the agency
that took the person in. Both reaches come from the permission table
through ``ModelPolicy``; a referral outside both is a 404. The shared
content is read only through ``shared_content_for``, which audits the read
in both countries.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from thbhub.access.permissions import Perm
from thbhub.access.policies import ModelPolicy, require, user_has
from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record
from thbhub.referrals.codes import DELIVERED, PERSONAL_ITEMS, ReferralStatus
from thbhub.referrals.models import Referral, ReturnFollowUp

if TYPE_CHECKING:
    from thbhub.accounts.models import User

SENDER_POLICY = ModelPolicy(Referral, country_field="from_country", agency_field="from_agency")
RECEIVER_POLICY = ModelPolicy(Referral, country_field="to_country", agency_field="receiving_agency")

SENDER = "sender"
RECEIVER = "receiver"


def outbox_for(user: User, perm: Perm = Perm.REFERRALS_VIEW) -> QuerySet[Referral]:
    return SENDER_POLICY.queryset_for(user, perm)


def inbox_for(user: User, perm: Perm = Perm.REFERRALS_VIEW) -> QuerySet[Referral]:
    """Nothing reaches the receiving side before it is sent."""
    return RECEIVER_POLICY.queryset_for(user, perm).filter(status__in=DELIVERED)


def referrals_visible_to(user: User, perm: Perm = Perm.REFERRALS_VIEW) -> QuerySet[Referral]:
    return outbox_for(user, perm) | inbox_for(user, perm)


def with_labels(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    return queryset.select_related("from_country", "to_country", "case").order_by(
        "-created_at", "-pk"
    )


def access_referral(user: User, pk: int | str, perm: Perm = Perm.REFERRALS_VIEW) -> Referral:
    """One referral the user may act on with ``perm``; 404 when out of reach.

    A referral that exists but is out of reach is recorded as a refusal.
    """
    require(user, perm)
    try:
        return (
            referrals_visible_to(user, perm)
            .select_related("from_country", "to_country", "case", "linked_case")
            .get(pk=pk)
        )
    except (Referral.DoesNotExist, ValueError, TypeError):
        if str(pk).isdigit() and Referral.objects.filter(pk=pk).exists():
            audit_record(
                actor=user,
                action="access.refused",
                outcome=Outcome.DENIED,
                object_type="referrals.referral",
                object_id=pk,
                detail={"permission": str(perm)},
            )
        raise Http404 from None


def follow_ups_due_for(user: User, *, within_days: int = 14) -> QuerySet[ReturnFollowUp]:
    """Open follow-ups of returns the user's country received, due soon or overdue."""
    horizon = timezone.localdate() + datetime.timedelta(days=within_days)
    return (
        ReturnFollowUp.objects.filter(
            plan__referral__in=inbox_for(user).values("pk"), done_on__isnull=True
        )
        .filter(due_on__lte=horizon)
        .select_related("plan__referral__from_country", "plan__referral__to_country")
        .order_by("due_on", "pk")
    )


def side_of(user: User, referral: Referral) -> str:
    """Which side of the referral the user is on; the caller has checked the reach."""
    return SENDER if user.country_id == referral.from_country_id else RECEIVER


def content_visible(user: User, referral: Referral) -> bool:
    """A revoked referral's content is withdrawn from the receiving side."""
    if side_of(user, referral) == RECEIVER:
        return referral.status != ReferralStatus.REVOKED
    return True


def shared_content_for(user: User, referral: Referral, *, purpose: str = "view") -> dict[str, Any]:
    """What the referral shares (for a draft: what it would share), audited.

    ``referral`` must come from ``access_referral``. Personal identifiers
    need VICTIM_DATA on top; the read is recorded in the audit log of both
    countries, so each side can see who read what.
    """
    from thbhub.referrals.sharing import build_snapshot  # noqa: PLC0415 — sharing reads cases

    if not content_visible(user, referral):
        return {}
    if referral.status == ReferralStatus.DRAFT:
        content = build_snapshot(referral) if referral.case is not None else {}
    else:
        content = referral.shared()
    if not user_has(user, Perm.VICTIM_DATA):
        items = {
            key: value
            for key, value in content.get("items", {}).items()
            if key not in PERSONAL_ITEMS
        }
        content = {**content, "items": items}
    audit_referral_read(user, referral, purpose=purpose, items=sorted(content.get("items", {})))
    return content


def audit_referral_read(user: User, referral: Referral, *, purpose: str, items: list[str]) -> None:
    detail = {"purpose": purpose, "items": items, "reference": referral.reference}
    for country in {referral.from_country_id, referral.to_country_id}:
        audit_record(
            actor=user,
            action="referrals.referral.read",
            object_type="referrals.referral",
            object_id=referral.pk,
            country_id=country,
            detail={**detail, "reader_country": user.country_id},
        )
