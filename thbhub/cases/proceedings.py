"""Criminal and civil proceedings: the person's role, protection measures,
non-punishment, and compensation claimed and awarded.

Proceedings change over months (a stage, an outcome, an award), so each
record carries a version: an update based on an older version is refused.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thbhub.audit.services import audit_record
from thbhub.cases.codes import (
    EventKind,
    ProceedingKind,
    ProceedingOutcome,
    ProceedingRole,
    ProceedingStage,
    ProtectionMeasure,
)
from thbhub.cases.models import Proceeding
from thbhub.cases.services import editable_case, institution_in, not_in_future, record_event
from thbhub.core.concurrency import update_versioned

if TYPE_CHECKING:
    from thbhub.accounts.models import User
    from thbhub.cases.models import Case

CURRENCY = re.compile(r"[A-Z]{3}")
MAX_AMOUNT = Decimal("9999999999.99")


@dataclass
class ProceedingData:
    kind: str
    role: str
    started_on: datetime.date
    stage: str = ProceedingStage.INVESTIGATION
    outcome: str = ProceedingOutcome.PENDING
    authority_id: int | None = None
    file_reference: str = ""
    ended_on: datetime.date | None = None
    protection_measures: list[str] = field(default_factory=list)
    non_punishment_applied: bool = False
    compensation_claimed: Decimal | None = None
    compensation_claimed_currency: str = ""
    compensation_awarded: Decimal | None = None
    compensation_awarded_currency: str = ""
    notes: str = ""


PROCEEDING_FIELDS = [name for name in ProceedingData.__dataclass_fields__ if name != "authority_id"]


def _choice(value: str, allowed: list[str], field_name: str, message: str) -> None:
    if value not in allowed:
        raise ValidationError({field_name: message})


def _amount(amount: Decimal | None, currency: str, field_name: str) -> str:
    currency = currency.strip().upper()
    if amount is None:
        return currency if currency else ""
    if amount < 0 or amount > MAX_AMOUNT:
        raise ValidationError({field_name: _("Give an amount from 0 to 9,999,999,999.99.")})
    if not CURRENCY.fullmatch(currency):
        raise ValidationError(
            {
                f"{field_name}_currency": _(
                    "Give the currency of the amount as a three-letter ISO 4217 code, "
                    "such as EUR, RSD or ALL."
                )
            }
        )
    return currency


def _checked(case: Case, data: ProceedingData) -> dict[str, Any]:
    _choice(data.kind, ProceedingKind.values, "kind", _("Choose the kind of proceedings."))
    _choice(data.role, ProceedingRole.values, "role", _("Choose the person's role."))
    _choice(data.stage, ProceedingStage.values, "stage", _("Choose the stage."))
    _choice(data.outcome, ProceedingOutcome.values, "outcome", _("Choose the outcome."))
    unknown = [code for code in data.protection_measures if code not in ProtectionMeasure.values]
    if unknown:
        raise ValidationError(
            {
                "protection_measures": _("Unknown protection measure %(value)s: use %(hint)s.")
                % {"value": ", ".join(unknown), "hint": ", ".join(ProtectionMeasure.values)}
            }
        )
    not_in_future(data.started_on, "started_on")
    not_in_future(data.ended_on, "ended_on")
    if data.ended_on is not None and data.ended_on < data.started_on:
        raise ValidationError({"ended_on": _("The proceedings cannot end before they started.")})
    values = {name: getattr(data, name) for name in PROCEEDING_FIELDS}
    values["authority"] = institution_in(case.country_id, data.authority_id, "authority")
    values["compensation_claimed_currency"] = _amount(
        data.compensation_claimed, data.compensation_claimed_currency, "compensation_claimed"
    )
    values["compensation_awarded_currency"] = _amount(
        data.compensation_awarded, data.compensation_awarded_currency, "compensation_awarded"
    )
    values["protection_measures"] = sorted(set(data.protection_measures))
    values["file_reference"] = data.file_reference.strip()
    values["notes"] = data.notes.strip()
    return values


def _summary(values: dict[str, Any]) -> dict[str, Any]:
    """Codes and flags for the timeline and the audit log; never the notes or file number."""
    return {
        "proceedings": values["kind"],
        "role": values["role"],
        "stage": values["stage"],
        "outcome": values["outcome"],
        "non_punishment": values["non_punishment_applied"],
    }


def case_proceeding_record(*, actor: User, case: Case, data: ProceedingData) -> Proceeding:
    editable_case(actor, case)
    values = _checked(case, data)
    with transaction.atomic():
        proceeding = Proceeding.objects.create(case=case, recorded_by=actor, **values)
        record_event(
            case, EventKind.PROCEEDING_OPENED, actor, on=data.started_on, **_summary(values)
        )
        audit_record(
            actor=actor, action="cases.proceeding.record", obj=case, detail=_summary(values)
        )
    return proceeding


def case_proceeding_update(
    *,
    actor: User,
    case: Case,
    proceeding_id: int,
    data: ProceedingData,
    expected_version: int,
) -> Proceeding:
    """Change proceedings; refused (EditConflictError) if someone saved them meanwhile."""
    editable_case(actor, case)
    proceeding = case.proceedings.filter(pk=proceeding_id).first()
    if proceeding is None:
        raise ValidationError(_("These proceedings are not of this case."))
    values = _checked(case, data)
    changes = {name: value for name, value in values.items() if getattr(proceeding, name) != value}
    with transaction.atomic():
        update_versioned(proceeding, expected_version=expected_version, **changes)
        record_event(
            case,
            EventKind.PROCEEDING_UPDATED,
            actor,
            fields=sorted(changes),
            **_summary(values),
        )
        audit_record(
            actor=actor,
            action="cases.proceeding.update",
            obj=case,
            detail={**_summary(values), "fields": sorted(changes)},
        )
    return proceeding
