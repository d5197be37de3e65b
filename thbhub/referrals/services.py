"""Asking for, sending, answering and following cross-border referrals.

Every write takes the acting user, finds the referral through the scoped
selectors (so the other side's or a third country's users get a 404),
checks which side the user is on, writes a timeline line and an audit row
in the same transaction. The return procedure is in ``returns``.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import require, user_has
from thbhub.audit.services import audit_record
from thbhub.cases.codes import ConsentPurpose
from thbhub.cases.selectors import access_case
from thbhub.core.concurrency import update_versioned
from thbhub.directory.models import Institution
from thbhub.reference.models import Country
from thbhub.referrals.codes import (
    AWAITING_DECISION,
    DIRECTION_OF,
    RECEIVER_KINDS,
    Need,
    ReferralKind,
    ReferralPurpose,
    ReferralStatus,
    RiskLevel,
    ShareItem,
    TimelineKind,
)
from thbhub.referrals.models import (
    Referral,
    ReferralEvent,
    ReferralMessage,
    ReturnPlan,
    add_working_days,
)
from thbhub.referrals.selectors import RECEIVER, SENDER, access_referral, side_of
from thbhub.referrals.sharing import build_snapshot, cross_border_consent

if TYPE_CHECKING:
    from thbhub.accounts.models import User

DEFAULT_ACKNOWLEDGE_WORKING_DAYS = 2


def acknowledge_working_days() -> int:
    return int(
        getattr(settings, "REFERRAL_ACKNOWLEDGE_WORKING_DAYS", DEFAULT_ACKNOWLEDGE_WORKING_DAYS)
    )


# Helpers shared with thbhub.referrals.returns


def record(
    referral: Referral,
    kind: str,
    actor: User | None,
    *,
    on: datetime.date | None = None,
    note: str = "",
    country_id: str | None = None,
    **detail: object,
) -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral,
        kind=kind,
        on=on or timezone.localdate(),
        actor=actor,
        country_id=country_id
        or (actor.country_id if actor is not None else None)
        or referral.from_country_id,
        note=note.strip(),
        detail=detail,
    )


def audit(actor: User | None, action: str, referral: Referral, **detail: object) -> None:
    """One row in each country's log: both sides answer for a referral."""
    for country in {referral.from_country_id, referral.to_country_id}:
        audit_record(
            actor=actor,
            action=action,
            object_type="referrals.referral",
            object_id=referral.pk,
            country_id=country,
            detail={"reference": referral.reference, **detail},
        )


def on_side(actor: User, referral_id: int, side: str, perm: Perm) -> Referral:
    """The referral, if the actor may act on it with ``perm`` from ``side``."""
    referral = access_referral(actor, referral_id, perm)
    if side_of(actor, referral) != side:
        message = (
            _("Only the sending country can do this.")
            if side == SENDER
            else _("Only the receiving country can do this.")
        )
        raise ValidationError(message)
    return referral


def check_date(value: datetime.date, field_name: str) -> None:
    if value > timezone.localdate():
        raise ValidationError(
            {field_name: _("%(date)s is in the future.") % {"date": value.isoformat()}}
        )


def child_blockers(referral: Referral) -> list[str]:
    """What is missing before a child's return or transfer may go ahead.

    Empty for adults and for other referrals. A best-interests determination
    for the return (or the transfer) and a risk assessment must both exist
    (Council of Europe Convention, Art. 16(7)).
    """
    case = referral.case
    moving = referral.purpose == ReferralPurpose.RETURN or referral.kind == ReferralKind.TRANSFER
    if case is None or not case.presumed_child or not moving:
        return []
    missing = []
    purpose = "return" if referral.purpose == ReferralPurpose.RETURN else "transfer"
    if not case.best_interests.filter(purpose=purpose).exists():
        missing.append(
            _(
                "a best-interests determination for the %(purpose)s, recorded on case "
                "%(number)s by its case worker"
            )
            % {
                "purpose": _("return") if purpose == "return" else _("transfer"),
                "number": case.number,
            }
        )
    if not referral.events.filter(kind=TimelineKind.RISK_ASSESSMENT).exists():
        missing.append(_("a risk assessment, recorded on this referral"))
    return missing


def blocked_message(missing: list[str]) -> str:
    return _(
        "The person is a child (or of uncertain age): a return or transfer is blocked until "
        "there is %(missing)s."
    ) % {"missing": _(" and ").join(missing)}


# Services


def referral_request(
    *,
    actor: User,
    case_id: int,
    to_country: str,
    purpose: str,
    kind: str,
    needs: list[str],
    to_institution_id: int | None = None,
) -> Referral:
    """Ask for a referral of a case the actor follows: a draft for the contact point."""
    require(actor, Perm.REFERRALS_REQUEST)
    case = access_case(actor, case_id, Perm.CASES_EDIT)
    if not case.is_open:
        raise ValidationError(_("Case %(number)s is closed.") % {"number": case.number})
    code = to_country.strip().upper()
    if not Country.objects.filter(code=code).exists():
        raise ValidationError(
            {
                "to_country": _("Unknown country %(code)s: choose a country from the list.")
                % {"code": code}
            }
        )
    if code == case.country_id:
        raise ValidationError(
            {
                "to_country": _(
                    "A cross-border referral goes to another country than the case's own."
                )
            }
        )
    if purpose not in ReferralPurpose.values:
        raise ValidationError({"purpose": _("Choose the purpose of the referral.")})
    if kind not in ReferralKind.values:
        raise ValidationError({"kind": _("Choose a referral for a service or a transfer.")})
    unknown = [need for need in needs if need not in Need.values]
    if unknown:
        raise ValidationError(
            {"needs": _("Unknown need %(value)s.") % {"value": ", ".join(unknown)}}
        )
    institution = None
    if to_institution_id is not None:
        institution = Institution.objects.filter(pk=to_institution_id, country_id=code).first()
        if institution is None:
            raise ValidationError(
                {
                    "to_institution": _(
                        "Institution %(id)s is not in the List of Contacts of %(country)s."
                    )
                    % {"id": to_institution_id, "country": code}
                }
            )
    with transaction.atomic():
        referral = Referral.objects.create(
            case=case,
            from_country_id=case.country_id,
            from_agency_id=case.agency_id,
            to_country_id=code,
            to_institution=institution,
            purpose=purpose,
            direction=DIRECTION_OF[purpose],
            kind=kind,
            needs=sorted(set(needs)),
            child=case.presumed_child,
            requested_by=actor,
        )
        if purpose == ReferralPurpose.RETURN:
            ReturnPlan.objects.create(referral=referral, case=case)
        record(referral, TimelineKind.REQUESTED, actor, purpose=purpose, referral_kind=kind)
        audit(actor, "referrals.referral.request", referral, purpose=purpose, referral_kind=kind)
    return referral


def referral_share_choose(
    *,
    actor: User,
    referral: Referral,
    items: list[str],
    expected_version: int,
    override_reason: str = "",
) -> Referral:
    """Choose what the draft shares. Without the person's consent to
    cross-border sharing nothing is shared, unless a user allowed to override
    gives the reason (recorded on the case)."""
    from thbhub.cases.care import consent_gate  # noqa: PLC0415 — care imports much of cases

    referral = _draft_of_sender(actor, referral)
    unknown = [item for item in items if item not in ShareItem.values]
    if unknown:
        raise ValidationError(
            {"items": _("Unknown item %(value)s.") % {"value": ", ".join(unknown)}}
        )
    if not items:
        raise ValidationError({"items": _("Choose at least one item to share.")})
    assert referral.case is not None  # noqa: S101 — drafts always have a case
    overridden = False
    with transaction.atomic():
        if not cross_border_consent(referral):
            consent_gate(
                actor=actor,
                case=referral.case,
                purpose=ConsentPurpose.CROSS_BORDER,
                recipient=referral.to_institution,
                on=timezone.localdate(),
                action="referrals.share",
                override_reason=override_reason,
            )
            overridden = True
        chosen = [item for item in ShareItem.values if item in items]
        update_versioned(
            referral,
            expected_version=expected_version,
            shared_items=chosen,
            consent_overridden=overridden,
        )
        record(referral, TimelineKind.SHARING_CHOSEN, actor, items=chosen, override=overridden)
        audit(actor, "referrals.referral.share", referral, items=chosen, override=overridden)
    return referral


def _draft_of_sender(actor: User, referral: Referral) -> Referral:
    """A draft the actor may prepare: the case's case worker or the country's contact point."""
    perm = Perm.REFERRALS_SEND if user_has(actor, Perm.REFERRALS_SEND) else Perm.REFERRALS_REQUEST
    found = on_side(actor, referral.pk, SENDER, perm)
    if found.status != ReferralStatus.DRAFT:
        raise ValidationError(
            _("Referral %(reference)s was sent already; what it shares cannot change.")
            % {"reference": found.reference}
        )
    return found


def referral_send(*, actor: User, referral: Referral, expected_version: int) -> Referral:
    """Send the draft: its content is frozen and it appears in the receiving inbox."""
    referral = on_side(actor, referral.pk, SENDER, Perm.REFERRALS_SEND)
    if referral.status != ReferralStatus.DRAFT:
        raise ValidationError(
            _("Referral %(reference)s is %(status)s, not a draft: it cannot be sent again.")
            % {"reference": referral.reference, "status": referral.get_status_display()}
        )
    if not referral.shared_items:
        raise ValidationError(_("Choose what to share first: the referral shares nothing yet."))
    if not referral.consent_overridden and not cross_border_consent(referral):
        raise ValidationError(
            _(
                "The person's consent to cross-border sharing is no longer in force. Record "
                "it again on the case, or choose what to share again with the override reason."
            )
        )
    missing = child_blockers(referral)
    if missing:
        raise ValidationError(blocked_message(missing))
    now = timezone.now()
    snapshot = build_snapshot(referral)
    with transaction.atomic():
        update_versioned(
            referral,
            expected_version=expected_version,
            status=ReferralStatus.SENT,
            sent_at=now,
            sent_by=actor,
            snapshot=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
            acknowledge_by=add_working_days(timezone.localdate(), acknowledge_working_days()),
        )
        record(referral, TimelineKind.SENT, actor, items=list(referral.shared_items))
        audit(actor, "referrals.referral.send", referral, items=list(referral.shared_items))
    return referral


def referral_revoke(*, actor: User, referral: Referral, reason: str) -> Referral:
    referral = on_side(actor, referral.pk, SENDER, Perm.REFERRALS_SEND)
    if referral.status not in (ReferralStatus.DRAFT, *AWAITING_DECISION):
        raise ValidationError(
            _("Referral %(reference)s is %(status)s: it can be revoked only before it is accepted.")
            % {"reference": referral.reference, "status": referral.get_status_display().lower()}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for revoking the referral.")})
    with transaction.atomic():
        update_versioned(
            referral,
            expected_version=referral.version,
            status=ReferralStatus.REVOKED,
            revoked_at=timezone.now(),
            revoke_reason=reason.strip(),
        )
        record(referral, TimelineKind.REVOKED, actor, note=reason)
        audit(actor, "referrals.referral.revoke", referral)
    return referral


def referral_acknowledge(*, actor: User, referral: Referral) -> Referral:
    referral = on_side(actor, referral.pk, RECEIVER, Perm.REFERRALS_SEND)
    if referral.status != ReferralStatus.SENT:
        raise ValidationError(
            _("Referral %(reference)s is %(status)s: only a newly sent referral is acknowledged.")
            % {"reference": referral.reference, "status": referral.get_status_display().lower()}
        )
    now = timezone.now()
    with transaction.atomic():
        update_versioned(
            referral,
            expected_version=referral.version,
            status=ReferralStatus.ACKNOWLEDGED,
            acknowledged_at=now,
        )
        in_time = referral.acknowledge_by is None or timezone.localdate() <= referral.acknowledge_by
        record(referral, TimelineKind.ACKNOWLEDGED, actor, in_time=in_time)
        audit(actor, "referrals.referral.acknowledge", referral, in_time=in_time)
    return referral


def _awaiting(referral: Referral) -> None:
    if referral.status not in AWAITING_DECISION:
        raise ValidationError(
            _("Referral %(reference)s is %(status)s: it was decided or revoked already.")
            % {"reference": referral.reference, "status": referral.get_status_display().lower()}
        )


def referral_accept(*, actor: User, referral: Referral, receiving_agency_id: int) -> Referral:
    """Accept: the receiving agency gets a case of its own holding only what was shared."""
    from thbhub.referrals.linked import linked_case_open  # noqa: PLC0415 — linked builds on cases

    referral = on_side(actor, referral.pk, RECEIVER, Perm.REFERRALS_SEND)
    _awaiting(referral)
    agency = Institution.objects.filter(
        pk=receiving_agency_id, country_id=referral.to_country_id
    ).first()
    if agency is None:
        raise ValidationError(
            {
                "receiving_agency": _(
                    "Choose the agency that takes the person in from the List of Contacts of "
                    "%(country)s."
                )
                % {"country": referral.to_country_id}
            }
        )
    now = timezone.now()
    with transaction.atomic():
        case = linked_case_open(referral=referral, agency=agency, actor=actor)
        update_versioned(
            referral,
            expected_version=referral.version,
            status=ReferralStatus.ACCEPTED,
            acknowledged_at=referral.acknowledged_at or now,
            decided_at=now,
            receiving_agency=agency,
            linked_case=case,
        )
        record(
            referral, TimelineKind.ACCEPTED, actor, agency=agency.pk, referral_kind=referral.kind
        )
        audit(actor, "referrals.referral.accept", referral, agency=agency.pk, case=case.pk)
    return referral


def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    referral = on_side(actor, referral.pk, RECEIVER, Perm.REFERRALS_SEND)
    _awaiting(referral)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining, for the sender.")})
    now = timezone.now()
    with transaction.atomic():
        update_versioned(
            referral,
            expected_version=referral.version,
            status=ReferralStatus.DECLINED,
            acknowledged_at=referral.acknowledged_at or now,
            decided_at=now,
            decline_reason=reason.strip(),
        )
        record(referral, TimelineKind.DECLINED, actor, note=reason)
        audit(actor, "referrals.referral.decline", referral)
    return referral


def _follow_up_actor(actor: User, referral: Referral) -> Referral:
    """Contact points and the case workers of either side's agency follow a referral."""
    perm = Perm.REFERRALS_SEND if user_has(actor, Perm.REFERRALS_SEND) else Perm.REFERRALS_REQUEST
    return access_referral(actor, referral.pk, perm)


def referral_event_add(
    *,
    actor: User,
    referral: Referral,
    kind: str,
    on: datetime.date,
    note: str = "",
    escorted: bool = False,
) -> ReferralEvent:
    """Add a line to the continuity-of-care timeline."""
    referral = _follow_up_actor(actor, referral)
    if kind not in (
        TimelineKind.TRAVEL,
        TimelineKind.ARRIVAL,
        TimelineKind.SERVICE,
        TimelineKind.FOLLOW_UP,
        TimelineKind.FEEDBACK,
    ):
        raise ValidationError({"kind": _("Choose what happened.")})
    if referral.status in (ReferralStatus.DRAFT, ReferralStatus.REVOKED, ReferralStatus.DECLINED):
        raise ValidationError(
            _("The timeline continues only on a sent referral that was not revoked or declined.")
        )
    side = side_of(actor, referral)
    if kind in RECEIVER_KINDS and side != RECEIVER:
        raise ValidationError({"kind": _("Only the receiving country confirms this.")})
    check_date(on, "on")
    if kind == TimelineKind.TRAVEL and referral.child and not escorted:
        raise ValidationError(
            {"escorted": _("A child always travels with an escort: record who escorts the child.")}
        )
    with transaction.atomic():
        event = record(referral, kind, actor, on=on, note=note, escorted=escorted)
        audit(actor, "referrals.timeline.add", referral, kind=kind)
    return event


def risk_assessment_record(
    *, actor: User, referral: Referral, on: datetime.date, level: str, note: str
) -> ReferralEvent:
    """Record a risk assessment; a return needs one before departure."""
    referral = _follow_up_actor(actor, referral)
    if referral.status in (ReferralStatus.REVOKED, ReferralStatus.DECLINED):
        raise ValidationError(_("The referral was revoked or declined."))
    if level not in RiskLevel.values:
        raise ValidationError({"level": _("Choose the risk level.")})
    if not note.strip():
        raise ValidationError({"note": _("Summarise the risks found and the measures agreed.")})
    check_date(on, "on")
    with transaction.atomic():
        event = record(referral, TimelineKind.RISK_ASSESSMENT, actor, on=on, note=note, level=level)
        plan = ReturnPlan.objects.filter(referral=referral).first()
        if plan is not None:
            plan.risk_assessed_on = on
            plan.risk_level = level
            plan.save(update_fields=["risk_assessed_on", "risk_level"])
        audit(actor, "referrals.risk_assessment.record", referral, level=level)
    return event


def referral_message_post(*, actor: User, referral: Referral, body: str) -> ReferralMessage:
    """A message on the thread between the two contact points."""
    referral = access_referral(actor, referral.pk, Perm.REFERRALS_SEND)
    if referral.status == ReferralStatus.DRAFT:
        raise ValidationError(_("Send the referral first: the thread opens when it is sent."))
    if not body.strip():
        raise ValidationError({"body": _("Write the message.")})
    with transaction.atomic():
        message = ReferralMessage.objects.create(
            referral=referral, country_id=actor.country_id or "", author=actor, body=body.strip()
        )
        audit(actor, "referrals.message.post", referral)
    return message
