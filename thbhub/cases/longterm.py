"""Long-term assistance and social inclusion: residence permits, education,
work, housing and the periodic reviews of the person's situation.

A permit with an end date puts a task on the list that comes up before it
ends; each review completes the open review task and schedules the next one
after the country's review interval.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thbhub.audit.services import audit_record
from thbhub.cases.codes import (
    INCLUSION_KINDS_BY_AREA,
    EventKind,
    InclusionArea,
    InclusionKind,
    ResidencePermitType,
    ReviewOutcome,
    TaskKind,
)
from thbhub.cases.models import CaseReview, InclusionMeasure, ResidencePermit
from thbhub.cases.selectors import settings_for
from thbhub.cases.services import (
    add_task,
    editable_case,
    finish_tasks,
    institution_in,
    not_in_future,
    record_event,
)

if TYPE_CHECKING:
    from thbhub.accounts.models import User
    from thbhub.cases.models import Case

# A permit's renewal takes weeks: the task comes up this long before it ends.
PERMIT_ALERT_DAYS = 30


def _dates_in_order(start: datetime.date, end: datetime.date | None, field_name: str) -> None:
    if end is not None and end < start:
        raise ValidationError(
            {
                field_name: _("The end date %(end)s is before the start date %(start)s.")
                % {"end": end.isoformat(), "start": start.isoformat()}
            }
        )


def case_permit_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
) -> ResidencePermit:
    """Record a residence permit (or its renewal); a new one replaces the task of the old."""
    editable_case(actor, case)
    if kind not in ResidencePermitType.values:
        raise ValidationError({"kind": _("Choose the type of permit.")})
    not_in_future(valid_from, "valid_from")
    _dates_in_order(valid_from, valid_until, "valid_until")
    with transaction.atomic():
        permit = ResidencePermit.objects.create(
            case=case, kind=kind, valid_from=valid_from, valid_until=valid_until, recorded_by=actor
        )
        finish_tasks(case, TaskKind.PERMIT_ENDS, actor, valid_from)
        if valid_until is not None:
            add_task(case, TaskKind.PERMIT_ENDS, valid_until, alert_days=PERMIT_ALERT_DAYS)
        record_event(case, EventKind.PERMIT_RECORDED, actor, on=valid_from, permit=kind)
        audit_record(actor=actor, action="cases.permit.record", obj=case, detail={"permit": kind})
    return permit


def case_inclusion_record(
    *,
    actor: User,
    case: Case,
    area: str,
    kind: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    provider_id: int | None = None,
    notes: str = "",
) -> InclusionMeasure:
    """Record an education, work or housing measure."""
    editable_case(actor, case)
    if area not in InclusionArea.values:
        raise ValidationError({"area": _("Choose education, work or housing.")})
    if kind not in INCLUSION_KINDS_BY_AREA[area]:
        allowed = ", ".join(
            str(InclusionKind(code).label) for code in INCLUSION_KINDS_BY_AREA[area]
        )
        raise ValidationError(
            {
                "kind": _("%(kind)s is not a measure of %(area)s: choose one of %(allowed)s.")
                % {"kind": kind, "area": InclusionArea(area).label, "allowed": allowed}
            }
        )
    not_in_future(started_on, "started_on")
    _dates_in_order(started_on, ended_on, "ended_on")
    provider = institution_in(case.country_id, provider_id, "provider")
    with transaction.atomic():
        measure = InclusionMeasure.objects.create(
            case=case,
            area=area,
            kind=kind,
            provider=provider,
            started_on=started_on,
            ended_on=ended_on,
            notes=notes.strip(),
            recorded_by=actor,
        )
        record_event(
            case, EventKind.INCLUSION_RECORDED, actor, on=started_on, area=area, measure=kind
        )
        audit_record(
            actor=actor,
            action="cases.inclusion.record",
            obj=case,
            detail={"area": area, "measure": kind},
        )
    return measure


def case_inclusion_end(
    *, actor: User, case: Case, measure_id: int, ended_on: datetime.date
) -> InclusionMeasure:
    editable_case(actor, case)
    measure = case.inclusion.filter(pk=measure_id, ended_on__isnull=True).first()
    if measure is None:
        raise ValidationError(_("This measure has already ended or is not of this case."))
    not_in_future(ended_on, "ended_on")
    _dates_in_order(measure.started_on, ended_on, "ended_on")
    with transaction.atomic():
        measure.ended_on = ended_on
        measure.save(update_fields=["ended_on"])
        record_event(case, EventKind.INCLUSION_ENDED, actor, on=ended_on, area=measure.area)
        audit_record(
            actor=actor, action="cases.inclusion.end", obj=case, detail={"area": measure.area}
        )
    return measure


def case_review_record(
    *,
    actor: User,
    case: Case,
    reviewed_on: datetime.date,
    outcome: str,
    notes: str = "",
    next_review_on: datetime.date | None = None,
) -> CaseReview:
    """Record a periodic review; the next one is due after the country's
    review interval unless another date is given or the goals are met."""
    editable_case(actor, case)
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the review.")})
    not_in_future(reviewed_on, "reviewed_on")
    if reviewed_on < case.first_contact_on:
        raise ValidationError(
            {
                "reviewed_on": _("A review cannot be before the first contact, %(date)s.")
                % {"date": case.first_contact_on.isoformat()}
            }
        )
    if next_review_on is not None and next_review_on <= reviewed_on:
        raise ValidationError({"next_review_on": _("The next review must come after this one.")})
    if next_review_on is None and outcome != ReviewOutcome.GOALS_MET:
        interval = settings_for(case.country_id).review_interval_days
        next_review_on = reviewed_on + datetime.timedelta(days=interval)
    with transaction.atomic():
        review = CaseReview.objects.create(
            case=case,
            reviewed_on=reviewed_on,
            outcome=outcome,
            next_review_on=next_review_on,
            notes=notes.strip(),
            recorded_by=actor,
        )
        finish_tasks(case, TaskKind.REVIEW, actor, reviewed_on)
        if next_review_on is not None:
            add_task(case, TaskKind.REVIEW, next_review_on, alert_days=7)
        record_event(case, EventKind.REVIEWED, actor, on=reviewed_on, outcome=outcome)
        audit_record(
            actor=actor, action="cases.review.record", obj=case, detail={"outcome": outcome}
        )
    return review
