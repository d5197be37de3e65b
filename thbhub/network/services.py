"""Every change to strategies, the network's work and the good-practice library."""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, country_in_reach, require
from thbhub.audit.services import audit_record
from thbhub.core.concurrency import update_versioned
from thbhub.directory.models import Institution
from thbhub.network.codes import ImplementationStatus, Theme, indicator_codes
from thbhub.network.models import (
    ActionStatusChange,
    ChairTerm,
    Declaration,
    DocumentKind,
    FundraisingStatus,
    Meeting,
    MeetingDocument,
    Practice,
    Strategy,
    StrategyAction,
    StrategyKind,
    WorkPlanActivity,
)
from thbhub.network.selectors import (
    access_action,
    access_activity,
    access_practice,
    access_strategy,
    access_term,
)
from thbhub.recommendations.models import Recommendation
from thbhub.reference.models import Country

if TYPE_CHECKING:
    from thbhub.accounts.models import User

CURRENCY = re.compile(r"[A-Z]{3}")
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100
DOCUMENT_EXTENSIONS = frozenset({"pdf", "doc", "docx", "odt", "txt", "rtf", "xlsx", "ods"})
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@dataclass
class StrategyData:
    country_id: str
    title: str
    period_from: int
    period_to: int
    kind: str = StrategyKind.STRATEGY
    adopted_on: datetime.date | None = None
    adopting_body: str = ""
    funding_earmarked: Decimal | None = None
    funding_currency: str = "EUR"


@dataclass
class ActionData:
    text: str
    responsible_institution_id: int | None = None
    deadline: datetime.date | None = None
    recommendation_ids: list[int] = field(default_factory=list)


@dataclass
class ActivityData:
    title: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    description: str = ""
    budget: Decimal | None = None
    currency: str = "EUR"
    funding_sources: str = ""
    fundraising_status: str = FundraisingStatus.TO_RAISE


@dataclass
class MeetingData:
    title: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    place: str = ""
    agenda: str = ""
    conclusions: str = ""


@dataclass
class DeclarationData:
    title: str
    adopted_on: datetime.date
    text: str
    place: str = ""
    meeting_id: int | None = None


@dataclass
class PracticeData:
    country_id: str
    title: str
    description: str
    themes: list[str]
    indicators: list[str] = field(default_factory=list)
    recommendation_ids: list[int] = field(default_factory=list)
    contact_institution_id: int | None = None


# Checks shared by several services -------------------------------------------------


def _check_currency(name: str, value: str) -> None:
    if not CURRENCY.fullmatch(value):
        raise ValidationError(
            {name: _("Give the currency as a three-letter ISO 4217 code such as EUR or RSD.")}
        )


def _check_amount(name: str, value: Decimal | None) -> None:
    if value is not None and value < 0:
        raise ValidationError({name: _("An amount cannot be negative.")})


def _check_period(start: datetime.date, end: datetime.date | None, name: str = "ends_on") -> None:
    if end is not None and end < start:
        raise ValidationError({name: _("The end date is before the start date.")})


def _check_text(name: str, value: str, message: str) -> None:
    if not value.strip():
        raise ValidationError({name: message})


def _institution_of(country_id: str, pk: int | None, name: str) -> None:
    if pk is None:
        return
    institution = Institution.objects.filter(pk=pk).first()
    if institution is None:
        raise ValidationError(
            {
                name: _("No institution %(id)s in the directory: choose one from the list.")
                % {"id": pk}
            }
        )
    if institution.country_id != country_id:
        raise ValidationError(
            {
                name: _(
                    "%(institution)s is an institution of another country: choose one of "
                    "%(country)s, or add it to the directory first."
                )
                % {"institution": institution.name, "country": country_id}
            }
        )


def _recommendations(ids: list[int], name: str = "recommendations") -> list[Recommendation]:
    found = list(Recommendation.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {item.pk for item in found})
    if missing:
        raise ValidationError(
            {
                name: _("No recommendation with the id %(ids)s: choose them from the tracker.")
                % {"ids": ", ".join(str(pk) for pk in missing)}
            }
        )
    return found


def _changed_fields(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if getattr(obj, name) != value}


# Strategies and action plans -----------------------------------------------------------


def _check_strategy(data: StrategyData) -> None:
    _check_text("title", data.title, _("Give the strategy's title."))
    if data.kind not in StrategyKind.values:
        raise ValidationError({"kind": _("Unknown type %(value)s.") % {"value": data.kind}})
    for name in ("period_from", "period_to"):
        year = getattr(data, name)
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise ValidationError(
                {
                    name: _("Give a year between %(low)s and %(high)s.")
                    % {"low": EARLIEST_YEAR, "high": LATEST_YEAR}
                }
            )
    if data.period_to < data.period_from:
        raise ValidationError({"period_to": _("The period ends before it starts.")})
    if data.adopted_on and data.adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("The adoption date is in the future.")})
    _check_amount("funding_earmarked", data.funding_earmarked)
    _check_currency("funding_currency", data.funding_currency)
    if not Country.objects.filter(code=data.country_id, network_member=True).exists():
        raise ValidationError(
            {"country": _("%(code)s is not a member of the network.") % {"code": data.country_id}}
        )


def strategy_create(*, actor: User, data: StrategyData) -> Strategy:
    require(actor, Perm.STRATEGIES_EDIT)
    if not country_in_reach(actor, Perm.STRATEGIES_EDIT, data.country_id):
        raise PermissionDenied(Perm.STRATEGIES_EDIT)
    _check_strategy(data)
    with transaction.atomic():
        strategy = Strategy.objects.create(**asdict(data))
        audit_record(actor=actor, action="network.strategy.create", obj=strategy)
    return strategy


def strategy_update(
    *, actor: User, strategy: Strategy, data: StrategyData, expected_version: int
) -> Strategy:
    access_strategy(actor, strategy.pk, for_edit=True)
    if data.country_id != strategy.country_id:
        raise ValidationError({"country": _("A strategy cannot move to another country.")})
    _check_strategy(data)
    changes = _changed_fields(strategy, asdict(data))
    with transaction.atomic():
        update_versioned(strategy, expected_version=expected_version, **changes)
        audit_record(
            actor=actor,
            action="network.strategy.update",
            obj=strategy,
            detail={"fields": sorted(changes)},
        )
    return strategy


def _check_action(strategy: Strategy, data: ActionData) -> list[Recommendation]:
    _check_text("text", data.text, _("Describe the action."))
    _institution_of(strategy.country_id, data.responsible_institution_id, "responsible_institution")
    return _recommendations(data.recommendation_ids)


def action_create(*, actor: User, strategy: Strategy, data: ActionData) -> StrategyAction:
    strategy = access_strategy(actor, strategy.pk, for_edit=True)
    recommendations = _check_action(strategy, data)
    with transaction.atomic():
        action = StrategyAction.objects.create(
            strategy=strategy,
            text=data.text,
            responsible_institution_id=data.responsible_institution_id,
            deadline=data.deadline,
        )
        action.recommendations.set(recommendations)
        ActionStatusChange.objects.create(
            action=action, status=action.status, changed_by=actor, note=""
        )
        audit_record(actor=actor, action="network.action.create", obj=action)
    return action


def action_update(
    *, actor: User, action: StrategyAction, data: ActionData, expected_version: int
) -> StrategyAction:
    action = access_action(actor, action.pk, for_edit=True)
    recommendations = _check_action(action.strategy, data)
    values = {
        "text": data.text,
        "responsible_institution_id": data.responsible_institution_id,
        "deadline": data.deadline,
    }
    changes = _changed_fields(action, values)
    before = set(action.recommendations.values_list("pk", flat=True))
    with transaction.atomic():
        update_versioned(action, expected_version=expected_version, **changes)
        if before != {item.pk for item in recommendations}:
            action.recommendations.set(recommendations)
            changes["recommendations"] = True
        audit_record(
            actor=actor,
            action="network.action.update",
            obj=action,
            detail={"fields": sorted(changes)},
        )
    return action


def action_status_set(
    *, actor: User, action: StrategyAction, status: str, note: str, expected_version: int
) -> StrategyAction:
    """Record the action's implementation status; the history keeps every step."""
    action = access_action(actor, action.pk, for_edit=True)
    if status not in ImplementationStatus.values:
        raise ValidationError({"status": _("Unknown status %(value)s.") % {"value": status}})
    with transaction.atomic():
        update_versioned(action, expected_version=expected_version, status=status)
        ActionStatusChange.objects.create(action=action, status=status, note=note, changed_by=actor)
        audit_record(
            actor=actor, action="network.action.status", obj=action, detail={"status": status}
        )
    return action


# The network's work ------------------------------------------------------------------


def chair_set(*, actor: User, year: int, country_id: str) -> ChairTerm:
    """Name (or change) the chair country of a year."""
    require(actor, Perm.NETWORK_MANAGE)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValidationError(
            {
                "year": _("Give a year between %(low)s and %(high)s.")
                % {"low": EARLIEST_YEAR, "high": LATEST_YEAR}
            }
        )
    if not Country.objects.filter(code=country_id, network_member=True).exists():
        raise ValidationError(
            {"country": _("%(code)s is not a member of the network.") % {"code": country_id}}
        )
    with transaction.atomic():
        term, created = ChairTerm.objects.select_for_update().get_or_create(
            year=year, defaults={"country_id": country_id}
        )
        if not created and term.country_id != country_id:
            term.country_id = country_id
            term.version += 1
            term.save(update_fields=["country", "version"])
        audit_record(
            actor=actor,
            action="network.chair.set",
            obj=term,
            detail={"year": year, "country": country_id},
        )
    return term


def work_plan_summary_update(
    *, actor: User, term: ChairTerm, summary: str, expected_version: int
) -> ChairTerm:
    term = access_term(actor, term.pk, for_edit=True)
    with transaction.atomic():
        update_versioned(term, expected_version=expected_version, work_plan_summary=summary)
        audit_record(actor=actor, action="network.work_plan.update", obj=term)
    return term


def _check_activity(term: ChairTerm, data: ActivityData) -> None:
    _check_text("title", data.title, _("Give the activity's title."))
    if data.starts_on.year != term.year:
        raise ValidationError(
            {
                "starts_on": _(
                    "The activity starts in %(started)s, outside the work plan of %(year)s: "
                    "add it to that year's plan."
                )
                % {"started": data.starts_on.year, "year": term.year}
            }
        )
    _check_period(data.starts_on, data.ends_on)
    _check_amount("budget", data.budget)
    _check_currency("currency", data.currency)
    if data.fundraising_status not in FundraisingStatus.values:
        raise ValidationError(
            {
                "fundraising_status": _("Unknown status %(value)s.")
                % {"value": data.fundraising_status}
            }
        )


def activity_create(*, actor: User, term: ChairTerm, data: ActivityData) -> WorkPlanActivity:
    term = access_term(actor, term.pk, for_edit=True)
    _check_activity(term, data)
    with transaction.atomic():
        activity = WorkPlanActivity.objects.create(term=term, **asdict(data))
        audit_record(
            actor=actor, action="network.activity.create", obj=activity, country_id=term.country_id
        )
    return activity


def activity_update(
    *, actor: User, activity: WorkPlanActivity, data: ActivityData, expected_version: int
) -> WorkPlanActivity:
    activity = access_activity(actor, activity.pk, for_edit=True)
    _check_activity(activity.term, data)
    changes = _changed_fields(activity, asdict(data))
    with transaction.atomic():
        update_versioned(activity, expected_version=expected_version, **changes)
        audit_record(
            actor=actor,
            action="network.activity.update",
            obj=activity,
            country_id=activity.term.country_id,
            detail={"fields": sorted(changes)},
        )
    return activity


def _check_meeting(data: MeetingData) -> None:
    _check_text("title", data.title, _("Give the meeting's title."))
    _check_period(data.starts_on, data.ends_on)


def meeting_create(*, actor: User, data: MeetingData) -> Meeting:
    require(actor, Perm.NETWORK_MANAGE)
    _check_meeting(data)
    with transaction.atomic():
        meeting = Meeting.objects.create(**asdict(data))
        audit_record(actor=actor, action="network.meeting.create", obj=meeting)
    return meeting


def meeting_update(
    *, actor: User, meeting: Meeting, data: MeetingData, expected_version: int
) -> Meeting:
    require(actor, Perm.NETWORK_MANAGE)
    _check_meeting(data)
    changes = _changed_fields(meeting, asdict(data))
    with transaction.atomic():
        update_versioned(meeting, expected_version=expected_version, **changes)
        audit_record(
            actor=actor,
            action="network.meeting.update",
            obj=meeting,
            detail={"fields": sorted(changes)},
        )
    return meeting


def meeting_document_add(
    *,
    actor: User,
    meeting: Meeting,
    kind: str,
    title: str,
    upload: UploadedFile | None = None,
    text: str = "",
) -> MeetingDocument:
    """Attach an agenda, conclusions or another document, as a file or as text."""
    require(actor, Perm.NETWORK_MANAGE)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown document type %(value)s.") % {"value": kind}})
    _check_text("title", title, _("Give the document's title."))
    if (upload is None) == (not text.strip()):
        raise ValidationError({"file": _("Upload a file or type the text, one of the two.")})
    filename = ""
    if upload is not None:
        filename = (upload.name or "").rsplit("/", 1)[-1]
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if extension not in DOCUMENT_EXTENSIONS:
            raise ValidationError(
                {
                    "file": _("%(name)s cannot be attached: use one of %(types)s.")
                    % {"name": filename, "types": ", ".join(sorted(DOCUMENT_EXTENSIONS))}
                }
            )
        if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
            raise ValidationError(
                {"file": _("The file is larger than 20 MB: attach a smaller or compressed copy.")}
            )
    with transaction.atomic():
        document = MeetingDocument(
            meeting=meeting, kind=kind, title=title, text=text, filename=filename
        )
        if upload is not None:
            document.file.save(filename, upload, save=False)
        document.save()
        audit_record(
            actor=actor,
            action="network.meeting.document_add",
            obj=document,
            detail={"meeting": meeting.pk, "kind": kind, "file": bool(upload)},
        )
    return document


def _check_declaration(data: DeclarationData) -> None:
    _check_text("title", data.title, _("Give the declaration's title."))
    _check_text("text", data.text, _("Give the declaration's text."))
    if data.meeting_id is not None and not Meeting.objects.filter(pk=data.meeting_id).exists():
        raise ValidationError({"meeting": _("No such meeting: choose one from the list.")})


def declaration_create(*, actor: User, data: DeclarationData) -> Declaration:
    require(actor, Perm.NETWORK_MANAGE)
    _check_declaration(data)
    with transaction.atomic():
        declaration = Declaration.objects.create(**asdict(data))
        audit_record(actor=actor, action="network.declaration.create", obj=declaration)
    return declaration


# The good-practice library -----------------------------------------------------------


def _check_practice(data: PracticeData) -> list[Recommendation]:
    _check_text("title", data.title, _("Give the practice's title."))
    _check_text("description", data.description, _("Describe the practice."))
    if not data.themes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    unknown = [theme for theme in data.themes if theme not in Theme.values]
    if unknown:
        raise ValidationError(
            {"themes": _("Unknown theme %(value)s.") % {"value": ", ".join(unknown)}}
        )
    known = indicator_codes()
    unknown = [code for code in data.indicators if code not in known]
    if unknown:
        raise ValidationError(
            {
                "indicators": _(
                    "Unknown indicator %(value)s: use the codes listed on the indicators page."
                )
                % {"value": ", ".join(unknown)}
            }
        )
    _institution_of(data.country_id, data.contact_institution_id, "contact_institution")
    if not Country.objects.filter(code=data.country_id, network_member=True).exists():
        raise ValidationError(
            {"country": _("%(code)s is not a member of the network.") % {"code": data.country_id}}
        )
    return _recommendations(data.recommendation_ids)


def _practice_values(data: PracticeData) -> dict[str, Any]:
    values = asdict(data)
    values.pop("recommendation_ids")
    # Stored once each, in the code lists' order, so that lists compare equal.
    values["themes"] = [code for code in Theme.values if code in set(data.themes)]
    values["indicators"] = sorted(set(data.indicators))
    return values


def practice_create(*, actor: User, data: PracticeData) -> Practice:
    require(actor, Perm.PRACTICES_EDIT)
    if not country_in_reach(actor, Perm.PRACTICES_EDIT, data.country_id):
        raise PermissionDenied(Perm.PRACTICES_EDIT)
    recommendations = _check_practice(data)
    with transaction.atomic():
        practice = Practice.objects.create(**_practice_values(data))
        practice.recommendations.set(recommendations)
        audit_record(actor=actor, action="network.practice.create", obj=practice)
    return practice


def practice_update(
    *, actor: User, practice: Practice, data: PracticeData, expected_version: int
) -> Practice:
    practice = access_practice(actor, practice.pk, for_edit=True)
    if data.country_id != practice.country_id:
        raise ValidationError({"country": _("A practice cannot move to another country.")})
    recommendations = _check_practice(data)
    changes = _changed_fields(practice, _practice_values(data))
    before = set(practice.recommendations.values_list("pk", flat=True))
    with transaction.atomic():
        update_versioned(practice, expected_version=expected_version, **changes)
        if before != {item.pk for item in recommendations}:
            practice.recommendations.set(recommendations)
            changes["recommendations"] = True
        audit_record(
            actor=actor,
            action="network.practice.update",
            obj=practice,
            detail={"fields": sorted(changes)},
        )
    return practice
