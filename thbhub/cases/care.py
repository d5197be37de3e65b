"""The records of first assistance and protection, consent and child safeguards.

A service that needs the person's consent goes through ``consent_gate``:
without consent in force for that purpose and recipient it is refused,
unless a user allowed to override gives a reason, which is kept with the
case and in the audit log.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied
from thbhub.audit.services import audit_record
from thbhub.cases.codes import (
    BestInterestsPurpose,
    ConsentGiver,
    ConsentPurpose,
    EventKind,
    ServiceType,
    TaskKind,
)
from thbhub.cases.models import (
    BestInterestsDetermination,
    Case,
    Consent,
    ConsentOverride,
    ServiceDelivered,
)
from thbhub.cases.selectors import CASE_POLICY, settings_for
from thbhub.cases.services import (
    add_task,
    editable_case,
    finish_tasks,
    institution_in,
    not_in_future,
    record_event,
)
from thbhub.core.concurrency import update_versioned
from thbhub.directory.models import Institution

if TYPE_CHECKING:
    from thbhub.accounts.models import User


def consent_giver_for(case: Case) -> str:
    """Who gives consent for the person: the guardian for a child, else the person."""
    return ConsentGiver.GUARDIAN if case.presumed_child else ConsentGiver.PERSON


def consent_in_force(
    case: Case, purpose: str, recipient: Institution | None, on: datetime.date
) -> bool:
    """Consent for ``purpose`` to ``recipient`` (or to any recipient) on that day."""
    recipients = Q(recipient__isnull=True)
    if recipient is not None:
        recipients |= Q(recipient=recipient)
    # A child's consent is the guardian's; an adult's is their own, so a
    # guardian's consent ends with the person's childhood.
    return (
        case.consents.filter(
            recipients, purpose=purpose, given_on__lte=on, given_by=consent_giver_for(case)
        )
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .exists()
    )


def consent_gate(
    *,
    actor: User,
    case: Case,
    purpose: str,
    recipient: Institution | None,
    on: datetime.date,
    action: str,
    override_reason: str = "",
) -> None:
    """Let an action that needs consent through, or refuse it.

    Call inside the action's transaction: the override is recorded with it.
    """
    if consent_in_force(case, purpose, recipient, on):
        return
    label = ConsentPurpose(purpose).label
    if not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": _(
                    "There is no consent in force on %(date)s for: %(purpose)s%(to)s. "
                    "Record the person's consent first, or, if the law allows acting "
                    "without it, give the reason for the override."
                )
                % {
                    "date": on.isoformat(),
                    "purpose": label,
                    "to": f" ({recipient.name})" if recipient is not None else "",
                }
            }
        )
    if not CASE_POLICY.check(actor, Perm.CASES_CONSENT_OVERRIDE, case):
        raise PermissionDenied(Perm.CASES_CONSENT_OVERRIDE)
    ConsentOverride.objects.create(
        case=case,
        purpose=purpose,
        recipient=recipient,
        reason=override_reason.strip(),
        action=action,
        by=actor,
    )
    record_event(case, EventKind.CONSENT_OVERRIDDEN, actor, on=on, purpose=purpose, action=action)
    audit_record(
        actor=actor,
        action="cases.consent.override",
        obj=case,
        detail={"purpose": purpose, "for": action},
    )


def case_reflection_period_start(
    *,
    actor: User,
    case: Case,
    start: datetime.date,
    expected_version: int,
    days: int | None = None,
) -> Case:
    """Start the recovery and reflection period, as long as the country's law
    says (or longer), with a task that comes up before it ends."""
    editable_case(actor, case)
    settings = settings_for(case.country_id)
    length = days if days is not None else settings.reflection_period_days
    if length < settings.reflection_period_days:
        raise ValidationError(
            {
                "days": _(
                    "%(days)s days is shorter than the %(minimum)s days the law of %(country)s "
                    "gives (and the Convention's 30 days at the least)."
                )
                % {
                    "days": length,
                    "minimum": settings.reflection_period_days,
                    "country": case.country_id,
                }
            }
        )
    if case.reflection_start is not None:
        raise ValidationError(
            _("The recovery and reflection period started on %(date)s already.")
            % {"date": case.reflection_start.isoformat()}
        )
    not_in_future(start, "start")
    with transaction.atomic():
        update_versioned(
            case, expected_version=expected_version, reflection_start=start, reflection_days=length
        )
        assert case.reflection_end is not None  # noqa: S101 — both fields were just set
        add_task(
            case,
            TaskKind.REFLECTION_END,
            case.reflection_end,
            alert_days=settings.reflection_alert_days,
        )
        record_event(case, EventKind.REFLECTION_STARTED, actor, on=start, days=length)
        audit_record(
            actor=actor, action="cases.reflection.start", obj=case, detail={"days": length}
        )
    return case


def case_assistance_plan_agree(
    *,
    actor: User,
    case: Case,
    agreed_on: datetime.date,
    plan: str,
    expected_version: int,
) -> Case:
    editable_case(actor, case)
    not_in_future(agreed_on, "agreed_on")
    if not plan.strip():
        raise ValidationError({"plan": _("Write the plan's goals, services and who does what.")})
    settings = settings_for(case.country_id)
    with transaction.atomic():
        update_versioned(
            case,
            expected_version=expected_version,
            assistance_plan_agreed_on=agreed_on,
            assistance_plan=plan.strip(),
        )
        finish_tasks(case, TaskKind.ASSISTANCE_PLAN, actor, agreed_on)
        finish_tasks(case, TaskKind.REVIEW, actor, agreed_on)
        add_task(
            case,
            TaskKind.REVIEW,
            agreed_on + datetime.timedelta(days=settings.review_interval_days),
            alert_days=7,
        )
        record_event(case, EventKind.PLAN_AGREED, actor, on=agreed_on)
        audit_record(actor=actor, action="cases.plan.agree", obj=case)
    return case


def case_service_add(
    *,
    actor: User,
    case: Case,
    service: str,
    provider_id: int,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    notes: str = "",
    override_reason: str = "",
) -> ServiceDelivered:
    """Record a service. It needs consent to assistance and, from a provider
    other than the owning agency, consent to referral to that provider."""
    editable_case(actor, case)
    if service not in ServiceType.values:
        raise ValidationError({"service": _("Choose the type of service.")})
    provider = institution_in(case.country_id, provider_id, "provider")
    assert provider is not None  # noqa: S101 — provider_id is never None
    not_in_future(started_on, "started_on")
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": _("The service cannot end before it starts.")})
    with transaction.atomic():
        consent_gate(
            actor=actor,
            case=case,
            purpose=ConsentPurpose.ASSISTANCE,
            recipient=provider,
            on=started_on,
            action="cases.service.add",
            override_reason=override_reason,
        )
        if provider.pk != case.agency_id:
            consent_gate(
                actor=actor,
                case=case,
                purpose=ConsentPurpose.REFERRAL_IN_COUNTRY,
                recipient=provider,
                on=started_on,
                action="cases.service.add",
                override_reason=override_reason,
            )
        delivered = ServiceDelivered.objects.create(
            case=case,
            service=service,
            provider=provider,
            started_on=started_on,
            ended_on=ended_on,
            notes=notes.strip(),
            recorded_by=actor,
        )
        record_event(
            case,
            EventKind.SERVICE_ADDED,
            actor,
            on=started_on,
            service=service,
            provider=provider.pk,
        )
        audit_record(
            actor=actor,
            action="cases.service.add",
            obj=case,
            detail={"service": service, "provider": provider.pk},
        )
    return delivered


def case_consent_record(
    *,
    actor: User,
    case: Case,
    purpose: str,
    given_on: datetime.date,
    recipient_id: int | None = None,
    given_by: str | None = None,
) -> Consent:
    """Record consent. For a child it is the guardian's (``given_by``
    defaults to who must give it), and only once a guardian is appointed."""
    editable_case(actor, case)
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": _("Choose what the consent is for.")})
    not_in_future(given_on, "given_on")
    giver = given_by or consent_giver_for(case)
    _check_giver(case, giver, given_on)
    recipient = None
    if recipient_id is not None:
        # Cross-border recipients are in other countries; any listed institution will do.
        recipient = Institution.objects.filter(pk=recipient_id).first()
        if recipient is None:
            raise ValidationError(
                {"recipient": _("Choose the recipient from the List of Contacts.")}
            )
    with transaction.atomic():
        consent = Consent.objects.create(
            case=case,
            purpose=purpose,
            recipient=recipient,
            given_on=given_on,
            given_by=giver,
            recorded_by=actor,
        )
        record_event(
            case, EventKind.CONSENT_GIVEN, actor, on=given_on, purpose=purpose, given_by=giver
        )
        audit_record(
            actor=actor,
            action="cases.consent.record",
            obj=case,
            detail={"purpose": purpose, "given_by": giver},
        )
    return consent


def _check_giver(case: Case, giver: str, given_on: datetime.date) -> None:
    if giver not in ConsentGiver.values:
        raise ValidationError({"given_by": _("Choose who gave the consent.")})
    if not case.presumed_child:
        if giver != ConsentGiver.PERSON:
            raise ValidationError(
                {"given_by": _("An adult gives their own consent; a guardian cannot give it.")}
            )
        return
    if giver != ConsentGiver.GUARDIAN:
        raise ValidationError(
            {
                "given_by": _(
                    "Case %(number)s is a child's: the guardian gives consent on the child's "
                    "behalf, after hearing the child."
                )
                % {"number": case.number}
            }
        )
    if case.guardian_appointed_on is None:
        raise ValidationError(
            {
                "given_by": _(
                    "No guardian is recorded for this child yet: record the guardian first. "
                    "Until then, act only where the law allows it, giving the reason for "
                    "acting without consent."
                )
            }
        )
    if given_on < case.guardian_appointed_on:
        raise ValidationError(
            {
                "given_on": _(
                    "The guardian was appointed on %(date)s: consent given earlier was not "
                    "the guardian's."
                )
                % {"date": case.guardian_appointed_on.isoformat()}
            }
        )


def case_consent_withdraw(
    *, actor: User, case: Case, consent_id: int, withdrawn_on: datetime.date
) -> Consent:
    editable_case(actor, case)
    consent = case.consents.filter(pk=consent_id, withdrawn_on__isnull=True).first()
    if consent is None:
        raise ValidationError(_("This consent is already withdrawn or not of this case."))
    not_in_future(withdrawn_on, "withdrawn_on")
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("Consent cannot be withdrawn before it was given.")}
        )
    with transaction.atomic():
        consent.withdrawn_on = withdrawn_on
        consent.save(update_fields=["withdrawn_on"])
        record_event(
            case, EventKind.CONSENT_WITHDRAWN, actor, on=withdrawn_on, purpose=consent.purpose
        )
        audit_record(
            actor=actor,
            action="cases.consent.withdraw",
            obj=case,
            detail={"purpose": consent.purpose},
        )
    return consent


def _child_only(case: Case) -> None:
    if not case.presumed_child:
        raise ValidationError(
            _(
                "Case %(number)s is of an adult of certain age; guardianship and best-interests "
                "determinations are for children and for persons whose age is uncertain."
            )
            % {"number": case.number}
        )


def case_guardian_appoint(
    *,
    actor: User,
    case: Case,
    appointed_on: datetime.date,
    institution_id: int,
    expected_version: int,
) -> Case:
    editable_case(actor, case)
    _child_only(case)
    not_in_future(appointed_on, "appointed_on")
    institution = institution_in(case.country_id, institution_id, "institution")
    with transaction.atomic():
        update_versioned(
            case,
            expected_version=expected_version,
            guardian_appointed_on=appointed_on,
            guardian_institution=institution,
        )
        finish_tasks(case, TaskKind.GUARDIAN, actor, appointed_on)
        record_event(case, EventKind.GUARDIAN_APPOINTED, actor, on=appointed_on)
        audit_record(actor=actor, action="cases.guardian.appoint", obj=case)
    return case


def case_best_interests_record(
    *,
    actor: User,
    case: Case,
    purpose: str,
    decided_on: datetime.date,
    decided_by_id: int,
    outcome: str,
    child_heard: bool,
) -> BestInterestsDetermination:
    editable_case(actor, case)
    _child_only(case)
    if purpose not in BestInterestsPurpose.values:
        raise ValidationError({"purpose": _("Choose what the determination is for.")})
    not_in_future(decided_on, "decided_on")
    if not outcome.strip():
        raise ValidationError({"outcome": _("Write the determination and its grounds.")})
    decided_by = institution_in(case.country_id, decided_by_id, "decided_by")
    assert decided_by is not None  # noqa: S101 — decided_by_id is never None
    with transaction.atomic():
        determination = BestInterestsDetermination.objects.create(
            case=case,
            purpose=purpose,
            decided_on=decided_on,
            decided_by=decided_by,
            outcome=outcome.strip(),
            child_heard=child_heard,
            recorded_by=actor,
        )
        finish_tasks(case, TaskKind.BEST_INTERESTS, actor, decided_on)
        record_event(case, EventKind.BEST_INTERESTS, actor, on=decided_on, purpose=purpose)
        audit_record(
            actor=actor,
            action="cases.best_interests.record",
            obj=case,
            detail={"purpose": purpose},
        )
    return determination


def case_family_contact_record(
    *, actor: User, case: Case, on: datetime.date, override_reason: str = ""
) -> None:
    """Record that the family was contacted: only with the person's consent."""
    editable_case(actor, case)
    not_in_future(on, "on")
    with transaction.atomic():
        consent_gate(
            actor=actor,
            case=case,
            purpose=ConsentPurpose.FAMILY_CONTACT,
            recipient=None,
            on=on,
            action="cases.family_contact",
            override_reason=override_reason,
        )
        record_event(case, EventKind.FAMILY_CONTACT, actor, on=on)
        audit_record(actor=actor, action="cases.family_contact", obj=case)
