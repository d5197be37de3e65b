"""Retention and erasure of cases.

A closed case is anonymised once the country's retention period has passed
since it was closed, unless it is on legal hold (for example while
proceedings are pending). Anonymising removes the person's identifiers, the
name index and every free text, and keeps the non-identifying fields the
statistics are counted from, the timeline (codes and dates) and the audit
log. An erasure on a lawful request anonymises at once and leaves a record
of who erased it, when, on which legal basis, and what was kept.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thbhub.access.permissions import Perm
from thbhub.audit.services import audit_record
from thbhub.cases.codes import ErasureLegalBasis, EventKind
from thbhub.cases.models import (
    DEFAULT_RETENTION_YEARS,
    BestInterestsDetermination,
    Case,
    CaseErasure,
    CaseIdentifiers,
    CaseNameToken,
    CaseReview,
    ConsentOverride,
    CountryCaseSettings,
    InclusionMeasure,
    LegalHold,
    Proceeding,
    ServiceDelivered,
)
from thbhub.cases.selectors import CASE_POLICY
from thbhub.cases.services import IDENTIFIER_FIELDS, record_event

if TYPE_CHECKING:
    from thbhub.accounts.models import User

# What an anonymised or erased case keeps, as recorded with an erasure.
KEPT: dict[str, object] = {
    "case_number": gettext_lazy("the case number"),
    "statistical_fields": gettext_lazy(
        "the non-identifying fields: status, sex, age, citizenship, languages, forms of "
        "exploitation, countries of the route, procedures' dates and codes"
    ),
    "timeline": gettext_lazy("the timeline (what happened when, as codes and dates)"),
    "audit_log": gettext_lazy("the audit log"),
}

# Free text, per model: it tends to hold names, so none of it survives.
FREE_TEXT: list[tuple[type[object], str, list[str]]] = [
    (ServiceDelivered, "case", ["notes"]),
    (ConsentOverride, "case", ["reason"]),
    (BestInterestsDetermination, "case", ["outcome"]),
    (InclusionMeasure, "case", ["notes"]),
    (CaseReview, "case", ["notes"]),
    (Proceeding, "case", ["file_reference", "notes"]),
    (LegalHold, "case", ["reason", "lifted_reason"]),
]


def hold_in_force(case: Case) -> LegalHold | None:
    return case.legal_holds.filter(lifted_at__isnull=True).first()


def _retention_case(actor: User, case: Case) -> Case:
    """The case, if the actor may hold or erase it; 404 outside their reach."""
    found = CASE_POLICY.get(actor, Perm.CASES_RETENTION, case.pk)
    if found.anonymised_on is not None:
        raise ValidationError(
            _("Case %(number)s was anonymised on %(date)s: nothing personal is left to keep.")
            % {"number": found.number, "date": found.anonymised_on.isoformat()}
        )
    return found


def legal_hold_set(*, actor: User, case: Case, reason: str) -> LegalHold:
    """Keep the case from anonymisation and erasure until the hold is lifted."""
    case = _retention_case(actor, case)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for the hold, e.g. the pending proceedings.")}
        )
    if hold_in_force(case) is not None:
        raise ValidationError(_("The case is already on legal hold."))
    with transaction.atomic():
        hold = LegalHold.objects.create(case=case, reason=reason.strip(), set_by=actor)
        record_event(case, EventKind.LEGAL_HOLD_SET, actor)
        audit_record(actor=actor, action="cases.legal_hold.set", obj=case)
    return hold


def legal_hold_lift(*, actor: User, case: Case, reason: str) -> LegalHold:
    case = _retention_case(actor, case)
    hold = hold_in_force(case)
    if hold is None:
        raise ValidationError(_("The case is not on legal hold."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for lifting the hold.")})
    with transaction.atomic():
        hold.lifted_reason = reason.strip()
        hold.lifted_by = actor
        hold.lifted_at = timezone.now()
        hold.save(update_fields=["lifted_reason", "lifted_by", "lifted_at"])
        record_event(case, EventKind.LEGAL_HOLD_LIFTED, actor)
        audit_record(actor=actor, action="cases.legal_hold.lift", obj=case)
    return hold


def _anonymise(case: Case, actor: User | None, why: str) -> None:
    """Remove identifiers, the name index and free text; call inside a transaction."""
    CaseIdentifiers.objects.filter(case=case).update(**dict.fromkeys(IDENTIFIER_FIELDS, ""))
    CaseNameToken.objects.filter(case=case).delete()
    for model, link, fields in FREE_TEXT:
        model._default_manager.filter(**{link: case}).update(  # type: ignore[attr-defined]
            **dict.fromkeys(fields, "")
        )
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(
        decision_reasons="", assistance_plan="", anonymised_on=today
    )
    case.decision_reasons = case.assistance_plan = ""
    case.anonymised_on = today
    record_event(case, EventKind.ANONYMISED, actor, on=today, why=why)
    audit_record(actor=actor, action="cases.case.anonymise", obj=case, detail={"why": why})


def case_erase(
    *,
    actor: User,
    case: Case,
    legal_basis: str,
    requested_on: datetime.date,
    request_reference: str = "",
) -> CaseErasure:
    """Erase the person's data from a closed case on a lawful request."""
    case = _retention_case(actor, case)
    if legal_basis not in ErasureLegalBasis.values:
        raise ValidationError({"legal_basis": _("Choose the legal basis of the erasure.")})
    if requested_on > timezone.localdate():
        raise ValidationError({"requested_on": _("The request cannot be dated in the future.")})
    if case.closed_on is None:
        raise ValidationError(
            _(
                "Case %(number)s is open: close it first (for example, the person declined "
                "further assistance), then erase it."
            )
            % {"number": case.number}
        )
    hold = hold_in_force(case)
    if hold is not None:
        raise ValidationError(
            _(
                "Case %(number)s is on legal hold since %(date)s and cannot be erased. The "
                "hold must be lifted first, with its reason, if the law allows it."
            )
            % {"number": case.number, "date": hold.set_at.date().isoformat()}
        )
    with transaction.atomic():
        erasure = CaseErasure.objects.create(
            case=case,
            case_number=case.number,
            country_id=case.country_id,
            agency_id=case.agency_id,
            legal_basis=legal_basis,
            requested_on=requested_on,
            request_reference=request_reference.strip()[:100],
            kept=list(KEPT),
            by=actor,
        )
        _anonymise(case, actor, why="erasure")
        audit_record(
            actor=actor,
            action="cases.case.erase",
            obj=case,
            detail={"legal_basis": legal_basis, "kept": list(KEPT)},
        )
    return erasure


def kept_labels(erasure: CaseErasure) -> list[str]:
    return [str(KEPT.get(code, code)) for code in erasure.kept]


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def cases_due_for_anonymisation(today: datetime.date | None = None) -> QuerySet[Case]:
    """Closed cases past their country's retention period and not on legal hold."""
    today = today or timezone.localdate()
    configured = dict(CountryCaseSettings.objects.values_list("country_id", "retention_years"))
    due = Q(
        ~Q(country_id__in=list(configured)),
        closed_on__lte=years_before(today, DEFAULT_RETENTION_YEARS),
    )
    for country_id, years in configured.items():
        due |= Q(country_id=country_id, closed_on__lte=years_before(today, years))
    held = LegalHold.objects.filter(lifted_at__isnull=True).values("case_id")
    return (
        Case.objects.filter(due, closed_on__isnull=False, anonymised_on__isnull=True)
        .exclude(pk__in=held)
        .order_by("closed_on", "pk")
    )


@dataclass
class RetentionResult:
    anonymised: list[str] = field(default_factory=list)
    held: int = 0


def retention_apply(*, today: datetime.date | None = None) -> RetentionResult:
    """Anonymise every closed case past its retention period.

    An operator's scheduled step with no user to act as: it shows no
    personal data, and each case it anonymises is recorded in the audit log.
    """
    today = today or timezone.localdate()
    result = RetentionResult()
    with transaction.atomic():
        for case in cases_due_for_anonymisation(today).select_for_update():
            _anonymise(case, None, why="retention")
            result.anonymised.append(case.number)
        result.held = (
            Case.objects.filter(anonymised_on__isnull=True, closed_on__isnull=False)
            .filter(legal_holds__lifted_at__isnull=True, legal_holds__isnull=False)
            .distinct()
            .count()
        )
        audit_record(
            actor=None,
            action="cases.retention.apply",
            detail={"anonymised": len(result.anonymised), "on_hold": result.held},
        )
    return result
