"""Opening, changing, deciding and closing cases.

Every write takes the acting user, checks the permission table through
``CASE_POLICY``, writes a timeline event and an audit entry in the same
transaction. Writes to the case row itself go through ``update_versioned``:
an edit based on an older version is refused, never applied over someone
else's. The procedures' own records are in ``thbhub.cases.care``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, country_in_reach, require
from thbhub.audit.services import audit_record
from thbhub.cases.codes import (
    CaseStatus,
    EventKind,
    Exploitation,
    IdentificationContext,
    IdentifiedBy,
    Indicator,
    RouteStage,
    Sex,
    TaskKind,
)
from thbhub.cases.models import (
    ADULT_AGE,
    DEFAULT_RETENTION_YEARS,
    MINIMUM_REFLECTION_DAYS,
    Case,
    CaseEvent,
    CaseIdentifiers,
    CaseNameToken,
    CaseNumberSequence,
    CaseRoute,
    CaseTask,
    CountryCaseSettings,
)
from thbhub.cases.search import name_tokens
from thbhub.cases.selectors import IDENTIFIERS_POLICY, access_case, settings_for
from thbhub.core.concurrency import update_versioned
from thbhub.directory.models import Institution
from thbhub.linkage.normalise import parse_date
from thbhub.reference.models import Country
from thbhub.reference.selectors import language_codes

if TYPE_CHECKING:
    from thbhub.accounts.models import User

MAX_AGE = 120


@dataclass
class RouteData:
    stage: str
    country: str
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass
class CaseData:
    """A case's non-identifying data, as a form or an API payload gives it."""

    first_contact_on: datetime.date
    sex: str = Sex.UNKNOWN
    age_at_identification: int | None = None
    age_uncertain: bool = False
    citizenship: str = ""
    languages: list[str] = field(default_factory=list)
    exploitation: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    identified_by: str = ""
    identifying_institution_id: int | None = None
    identification_context: str = ""
    routes: list[RouteData] = field(default_factory=list)


@dataclass
class IdentifierData:
    given_names: str = ""
    family_names: str = ""
    other_names: str = ""
    date_of_birth: str = ""
    documents: str = ""
    contacts: str = ""
    address: str = ""


IDENTIFIER_FIELDS = list(IdentifierData.__dataclass_fields__)
CASE_FIELDS = [name for name in CaseData.__dataclass_fields__ if name != "routes"]


# Helpers shared with thbhub.cases.care


def editable_case(actor: User, case: Case) -> Case:
    """The case, if the actor may change it and it is still open."""
    found = access_case(actor, case.pk, Perm.CASES_EDIT)
    if found.closed_on is not None:
        raise ValidationError(
            _("Case %(number)s was closed on %(date)s; a closed case cannot be changed.")
            % {"number": found.number, "date": found.closed_on.isoformat()}
        )
    return case


def record_event(
    case: Case, kind: str, actor: User | None, *, on: datetime.date | None = None, **detail: Any
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor, on=on or timezone.localdate(), detail=detail
    )


def add_task(case: Case, kind: str, due_on: datetime.date, *, alert_days: int = 0) -> CaseTask:
    return CaseTask.objects.create(
        case=case,
        agency_id=case.agency_id,
        case_open=case.closed_on is None,
        kind=kind,
        due_on=due_on,
        alert_on=due_on - datetime.timedelta(days=alert_days),
    )


def finish_tasks(case: Case, kind: str, actor: User, on: datetime.date) -> None:
    case.tasks.filter(kind=kind, done_on__isnull=True).update(done_on=on, done_by=actor)


def not_in_future(value: datetime.date | None, field_name: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(
            {field_name: _("%(date)s is in the future.") % {"date": value.isoformat()}}
        )


def institution_in(country_id: str, pk: int | None, field_name: str) -> Institution | None:
    if pk is None:
        return None
    found = Institution.objects.filter(pk=pk, country_id=country_id).first()
    if found is None:
        raise ValidationError(
            {
                field_name: _(
                    "Institution %(id)s is not in the List of Contacts of %(country)s: "
                    "choose one of the country's institutions."
                )
                % {"id": pk, "country": country_id}
            }
        )
    return found


# Checks


def _unknown(values: list[str], allowed: list[str], field_name: str, hint: str) -> None:
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise ValidationError(
            {
                field_name: _("Unknown code %(value)s: use %(hint)s.")
                % {"value": ", ".join(unknown), "hint": hint}
            }
        )


def _check_country_code(code: str, field_name: str) -> None:
    if code and not Country.objects.filter(code=code).exists():
        raise ValidationError(
            {
                field_name: _(
                    "Unknown country code %(value)s: give an ISO 3166-1 alpha-2 code "
                    "such as RS, AL or DE (XK for Kosovo*)."
                )
                % {"value": code}
            }
        )


def _check_case(data: CaseData, country_id: str) -> None:
    not_in_future(data.first_contact_on, "first_contact_on")
    if data.sex not in Sex.values:
        _unknown([data.sex], Sex.values, "sex", "F, M or UNK")
    age = data.age_at_identification
    if age is not None and not 0 <= age <= MAX_AGE:
        raise ValidationError(
            {"age_at_identification": _("Give the age in years, from 0 to 120, or leave it empty.")}
        )
    _check_country_code(data.citizenship, "citizenship")
    known_languages = language_codes()
    _unknown(data.languages, sorted(known_languages), "languages", "two-letter ISO 639-1 codes")
    _unknown(data.exploitation, Exploitation.values, "exploitation", ", ".join(Exploitation.values))
    _unknown(data.indicators, Indicator.values, "indicators", ", ".join(Indicator.values))
    if data.identified_by:
        _unknown([data.identified_by], IdentifiedBy.values, "identified_by", "a listed choice")
    if data.identification_context:
        _unknown(
            [data.identification_context],
            IdentificationContext.values,
            "identification_context",
            "a listed choice",
        )
    institution_in(country_id, data.identifying_institution_id, "identifying_institution")
    for number, route in enumerate(data.routes, start=1):
        where = _("route %(number)s") % {"number": number}
        if route.stage not in RouteStage.values:
            raise ValidationError(
                {
                    "routes": _("%(where)s: unknown stage %(value)s.")
                    % {"where": where, "value": route.stage}
                }
            )
        _check_country_code(route.country, "routes")
        if route.date_from and route.date_to and route.date_from > route.date_to:
            raise ValidationError(
                {
                    "routes": _("%(where)s: the end date is before the start date.")
                    % {"where": where}
                }
            )


def _check_identifiers(data: IdentifierData) -> None:
    try:
        parse_date(data.date_of_birth)
    except ValueError as problem:
        raise ValidationError({"date_of_birth": str(problem)}) from None


def is_presumed_child(age: int | None, age_uncertain: bool) -> bool:
    """Under 18, or of uncertain or unknown age: presumed a child until shown otherwise."""
    return age_uncertain or age is None or age < ADULT_AGE


def _case_values(data: CaseData) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in CASE_FIELDS}
    values["citizenship"] = data.citizenship.upper()
    values["age_uncertain"] = data.age_uncertain or data.age_at_identification is None
    values["presumed_child"] = is_presumed_child(data.age_at_identification, data.age_uncertain)
    return values


def _replace_routes(case: Case, routes: list[RouteData]) -> None:
    case.routes.all().delete()
    CaseRoute.objects.bulk_create(
        CaseRoute(
            case=case,
            stage=route.stage,
            country=route.country.upper(),
            date_from=route.date_from,
            date_to=route.date_to,
        )
        for route in routes
    )


def _index_names(case: Case, identifiers: CaseIdentifiers) -> None:
    case.name_tokens.all().delete()
    tokens = name_tokens(identifiers.given_names, identifiers.family_names, identifiers.other_names)
    CaseNameToken.objects.bulk_create(CaseNameToken(case=case, token=t) for t in sorted(tokens))


def _next_number(country_id: str, year: int) -> str:
    sequence, _created = CaseNumberSequence.objects.select_for_update().get_or_create(
        country_id=country_id, year=year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{country_id}-{year}-{sequence.last:06d}"


CHILD_TASKS = (TaskKind.GUARDIAN, TaskKind.BEST_INTERESTS, TaskKind.COMES_OF_AGE)
# Moving a child to adult services takes months of preparation.
COMES_OF_AGE_ALERT_DAYS = 90


def earliest_adulthood(case: Case) -> datetime.date | None:
    """The earliest day a child of known age can turn 18.

    Only the age at identification is known to the case (the date of birth
    is an encrypted identifier): a child aged 15 at first contact turns 18
    at the earliest two years and one day later."""
    age = case.age_at_identification
    if age is None or case.age_uncertain or age >= ADULT_AGE:
        return None
    years = ADULT_AGE - age - 1
    first = case.first_contact_on
    try:
        moved = first.replace(year=first.year + years)
    except ValueError:  # 29 February
        moved = first.replace(year=first.year + years, day=28)
    return moved + datetime.timedelta(days=1)


def _open_child_tasks(case: Case, settings: CountryCaseSettings) -> None:
    """A child's deadlines: the guardian, the best-interests determination
    and, for a child of known age, the coming of age. A case that is no
    longer a child's drops the child tasks still open."""
    if not case.presumed_child:
        case.tasks.filter(kind__in=CHILD_TASKS, done_on__isnull=True).delete()
        return
    existing = set(case.tasks.values_list("kind", flat=True))
    if TaskKind.GUARDIAN not in existing and case.guardian_appointed_on is None:
        add_task(
            case,
            TaskKind.GUARDIAN,
            case.first_contact_on + datetime.timedelta(days=settings.guardian_within_days),
            alert_days=settings.guardian_within_days,
        )
    if TaskKind.BEST_INTERESTS not in existing and not case.best_interests.exists():
        add_task(
            case,
            TaskKind.BEST_INTERESTS,
            case.first_contact_on + datetime.timedelta(days=settings.best_interests_within_days),
            alert_days=min(7, settings.best_interests_within_days),
        )
    adulthood = earliest_adulthood(case)
    if adulthood is not None:
        case.tasks.filter(kind=TaskKind.COMES_OF_AGE, done_on__isnull=True).exclude(
            due_on=adulthood
        ).delete()
        if not case.tasks.filter(kind=TaskKind.COMES_OF_AGE, due_on=adulthood).exists():
            add_task(case, TaskKind.COMES_OF_AGE, adulthood, alert_days=COMES_OF_AGE_ALERT_DAYS)
    else:
        case.tasks.filter(kind=TaskKind.COMES_OF_AGE, done_on__isnull=True).delete()


# Services


def case_create(
    *,
    actor: User,
    data: CaseData,
    identifiers: IdentifierData | None = None,
    event_kind: str = EventKind.OPENED,
) -> Case:
    """Open a presumed victim's case in the actor's own agency."""
    require(actor, Perm.CASES_EDIT)
    agency = actor.agency
    if agency is None:
        raise ValidationError(
            _(
                "Your account belongs to no agency, and a case is always followed by one. "
                "Ask your coordinator to set your agency."
            )
        )
    if not country_in_reach(actor, Perm.CASES_EDIT, agency.country_id):
        raise PermissionDenied(Perm.CASES_EDIT)
    return case_open_in_agency(
        actor=actor, agency=agency, data=data, identifiers=identifiers, event_kind=event_kind
    )


def case_open_in_agency(
    *,
    actor: User,
    agency: Institution,
    data: CaseData,
    identifiers: IdentifierData | None = None,
    event_kind: str = EventKind.OPENED,
    **origin: str,
) -> Case:
    """Open a case followed by ``agency``, once the caller has authorised the
    actor for it: ``case_create`` for the actor's own agency, the referrals
    app for the receiving agency of an accepted referral. ``origin`` (such as
    the referral's reference) goes into the timeline and the audit row."""
    country_id = agency.country_id
    _check_case(data, country_id)
    identifiers = identifiers or IdentifierData()
    _check_identifiers(identifiers)
    with transaction.atomic():
        case = Case.objects.create(
            number=_next_number(country_id, timezone.localdate().year),
            country_id=country_id,
            agency=agency,
            created_by=actor,
            **_case_values(data),
        )
        _replace_routes(case, data.routes)
        stored = CaseIdentifiers.objects.create(case=case, **vars(identifiers))
        _index_names(case, stored)
        _open_child_tasks(case, settings_for(country_id))
        record_event(case, event_kind, actor, on=data.first_contact_on, **origin)
        audit_record(
            actor=actor,
            action="cases.case.create",
            obj=case,
            detail={
                **origin,
                "identifiers": sorted(k for k, v in vars(identifiers).items() if v),
            },
        )
    return case


def case_update(*, actor: User, case: Case, data: CaseData, expected_version: int) -> Case:
    editable_case(actor, case)
    _check_case(data, case.country_id)
    values = _case_values(data)
    changes = {name: value for name, value in values.items() if getattr(case, name) != value}
    with transaction.atomic():
        update_versioned(case, expected_version=expected_version, **changes)
        _replace_routes(case, data.routes)
        _open_child_tasks(case, settings_for(case.country_id))
        record_event(case, EventKind.UPDATED, actor, fields=sorted(changes))
        audit_record(
            actor=actor, action="cases.case.update", obj=case, detail={"fields": sorted(changes)}
        )
    return case


def case_identifiers_update(
    *, actor: User, case: Case, data: IdentifierData, expected_version: int
) -> CaseIdentifiers:
    editable_case(actor, case)
    require(actor, Perm.VICTIM_DATA)
    identifiers = IDENTIFIERS_POLICY.queryset_for(actor, Perm.VICTIM_DATA).filter(case=case).first()
    if identifiers is None:
        raise PermissionDenied(Perm.VICTIM_DATA)
    _check_identifiers(data)
    changes = {
        name: value for name, value in vars(data).items() if getattr(identifiers, name) != value
    }
    with transaction.atomic():
        update_versioned(identifiers, expected_version=expected_version, **changes)
        _index_names(case, identifiers)
        # Field names only: the values are the personal data being protected.
        record_event(case, EventKind.IDENTIFIERS_CHANGED, actor, fields=sorted(changes))
        audit_record(
            actor=actor,
            action="cases.identifiers.update",
            obj=case,
            detail={"fields": sorted(changes)},
        )
    return identifiers


def case_identify(
    *,
    actor: User,
    case: Case,
    decision: str,
    decided_on: datetime.date,
    authority_id: int,
    reasons: str,
    expected_version: int,
) -> Case:
    """Record the formal decision: identified as a victim, or not a victim."""
    editable_case(actor, case)
    if decision not in (CaseStatus.IDENTIFIED, CaseStatus.NOT_VICTIM):
        raise ValidationError({"decision": _("Choose identified or not a victim.")})
    if case.status != CaseStatus.PRESUMED:
        raise ValidationError(
            _("The identification was already decided on %(date)s (%(status)s).")
            % {
                "date": case.status_decided_on.isoformat() if case.status_decided_on else "?",
                "status": case.get_status_display(),
            }
        )
    not_in_future(decided_on, "decided_on")
    if decided_on < case.first_contact_on:
        raise ValidationError(
            {
                "decided_on": _("The decision cannot be before the first contact, %(date)s.")
                % {"date": case.first_contact_on.isoformat()}
            }
        )
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    authority = institution_in(case.country_id, authority_id, "authority")
    with transaction.atomic():
        update_versioned(
            case,
            expected_version=expected_version,
            status=decision,
            status_decided_on=decided_on,
            deciding_authority=authority,
            decision_reasons=reasons.strip(),
        )
        record_event(case, EventKind.STATUS_DECIDED, actor, on=decided_on, status=decision)
        audit_record(
            actor=actor, action="cases.case.identify", obj=case, detail={"status": decision}
        )
    return case


def case_settings_update(
    *,
    actor: User,
    country_id: str,
    reflection_period_days: int,
    reflection_alert_days: int = 7,
    guardian_within_days: int = 3,
    review_interval_days: int = 90,
    best_interests_within_days: int = 30,
    retention_years: int = DEFAULT_RETENTION_YEARS,
) -> CountryCaseSettings:
    """Set a country's case rules; its law can lengthen the period, never shorten it below 30."""
    require(actor, Perm.CASES_CONFIGURE)
    if not country_in_reach(actor, Perm.CASES_CONFIGURE, country_id):
        raise PermissionDenied(Perm.CASES_CONFIGURE)
    if reflection_period_days < MINIMUM_REFLECTION_DAYS:
        raise ValidationError(
            {
                "reflection_period_days": _(
                    "%(days)s days is too short: the recovery and reflection period is at "
                    "least 30 days (Council of Europe Convention, Art. 13)."
                )
                % {"days": reflection_period_days}
            }
        )
    if not 0 <= reflection_alert_days < reflection_period_days:
        raise ValidationError(
            {"reflection_alert_days": _("The alert must come before the period ends.")}
        )
    if retention_years < 1:
        raise ValidationError(
            {"retention_years": _("Closed cases are kept for at least one year.")}
        )
    values = {
        "reflection_period_days": reflection_period_days,
        "reflection_alert_days": reflection_alert_days,
        "guardian_within_days": guardian_within_days,
        "review_interval_days": review_interval_days,
        "best_interests_within_days": best_interests_within_days,
        "retention_years": retention_years,
    }
    with transaction.atomic():
        settings, _created = CountryCaseSettings.objects.update_or_create(
            country_id=country_id, defaults=values
        )
        audit_record(
            actor=actor,
            action="cases.settings.update",
            object_type="cases.countrycasesettings",
            object_id=country_id,
            country_id=country_id,
            detail=values,
        )
    return settings


def case_close(
    *,
    actor: User,
    case: Case,
    closed_on: datetime.date,
    reason: str,
    expected_version: int,
    override_reason: str = "",
) -> Case:
    """Close a case. A child's return needs a best-interests determination for
    return, and any return the person's consent (or an authorised override)."""
    from thbhub.cases.care import consent_gate  # noqa: PLC0415 — care builds on this module
    from thbhub.cases.codes import (  # noqa: PLC0415
        BestInterestsPurpose,
        ClosureReason,
        ConsentPurpose,
    )

    editable_case(actor, case)
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": _("Choose the reason for closing.")})
    not_in_future(closed_on, "closed_on")
    if reason == ClosureReason.NOT_VICTIM and case.status != CaseStatus.NOT_VICTIM:
        raise ValidationError(
            {"reason": _("Record the decision that the person is not a victim first.")}
        )
    if (
        reason == ClosureReason.RETURNED
        and case.presumed_child
        and not case.best_interests.filter(purpose=BestInterestsPurpose.RETURN).exists()
    ):
        raise ValidationError(
            {
                "reason": _(
                    "A child is returned only after a best-interests determination for "
                    "the return: record it first (Convention, Art. 16(7))."
                )
            }
        )
    with transaction.atomic():
        if reason == ClosureReason.RETURNED:
            consent_gate(
                actor=actor,
                case=case,
                purpose=ConsentPurpose.RETURN,
                recipient=None,
                on=closed_on,
                action="cases.case.close",
                override_reason=override_reason,
            )
        update_versioned(
            case, expected_version=expected_version, closed_on=closed_on, closure_reason=reason
        )
        case.tasks.update(case_open=False)
        record_event(case, EventKind.CLOSED, actor, on=closed_on, reason=reason)
        audit_record(actor=actor, action="cases.case.close", obj=case, detail={"reason": reason})
    return case


def case_task_done(*, actor: User, case: Case, task_id: int) -> CaseTask:
    editable_case(actor, case)
    task = case.tasks.filter(pk=task_id, done_on__isnull=True).first()
    if task is None:
        raise ValidationError(_("This task is already done or does not belong to the case."))
    with transaction.atomic():
        task.done_on = timezone.localdate()
        task.done_by = actor
        task.save(update_fields=["done_on", "done_by"])
        record_event(case, EventKind.TASK_DONE, actor, task=task.kind)
        audit_record(actor=actor, action="cases.task.done", obj=case, detail={"task": task.kind})
    return task


def names_reindex() -> int:
    """Rebuild every case's name tokens, e.g. after the index key changed.

    An operator's maintenance step with no user to act as: it reads names
    only to hash them, shows none, and is recorded in the audit log."""
    count = 0
    with transaction.atomic():
        for identifiers in CaseIdentifiers.objects.select_related("case").iterator():
            _index_names(identifiers.case, identifiers)
            count += 1
        audit_record(actor=None, action="cases.names.reindex", detail={"cases": count})
    return count
