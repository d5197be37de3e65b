"""NRM indicators counted from a country's cases and referrals, each with its definition.

The cases of a year are those whose first contact was in the year, except
those decided "not a victim": the people the national referral mechanism
took in that year, followed along its procedures. A value that cannot be
computed is "not available" with its reason, never a zero. Medians are of
whole days between two recorded dates; a share says what it is made of
(numerator and denominator), so that disclosure control can judge it.

Referral figures come from ``thbhub.referrals.indicators.referral_figures``
(counts only, never a referral's content).
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, Min, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thbhub.cases.codes import CaseStatus, ServiceType
from thbhub.cases.models import Case, CountryCaseSettings, ServiceDelivered

if TYPE_CHECKING:
    from django.utils.functional import Promise


class Unit:
    COUNT = "count"
    SHARE = "share"
    DAYS = "days"


class Source:
    CASES = "cases"
    REFERRALS = "referrals"
    STATISTICS = "statistics"


@dataclass(frozen=True)
class NrmDefinition:
    key: str
    label: Promise
    definition: Promise
    unit: str
    source: str
    # The indicator of the published statistics that stands in for this one
    # where a country does not manage its cases in THB Hub.
    statistics_key: str = ""
    statistics_definition: Promise | str = ""


@dataclass(frozen=True)
class NrmValue:
    """One indicator for one country and year."""

    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    # How many persons (cases, referrals) the value rests on.
    basis: int = 0
    reason: str = ""
    source: str = ""
    # Eurostat observation flag: "c" when disclosure control hid the value.
    flag: str = ""
    note: str = ""

    @property
    def available(self) -> bool:
        return self.value is not None


MENTAL_HEALTH_SERVICES = (ServiceType.MENTAL_HEALTH, ServiceType.PSYCHOLOGICAL)

CASE_DEFINITIONS: tuple[NrmDefinition, ...] = (
    NrmDefinition(
        "cases",
        gettext_lazy("Victims taken into the NRM"),
        gettext_lazy(
            "Presumed and formally identified victims whose first contact was in the year; "
            "cases decided not a victim are left out."
        ),
        Unit.COUNT,
        Source.CASES,
        statistics_key="victims",
        statistics_definition=gettext_lazy(
            "From the published statistics: victims registered in the year (VICTIMS, TOTAL)."
        ),
    ),
    NrmDefinition(
        "days_to_referral",
        gettext_lazy("Days from first contact to referral to assistance"),
        gettext_lazy(
            "Median days from the first contact to the start of the first service delivered, "
            "over the year's cases that received a service."
        ),
        Unit.DAYS,
        Source.CASES,
    ),
    NrmDefinition(
        "days_to_identification",
        gettext_lazy("Days from first contact to formal identification"),
        gettext_lazy(
            "Median days from the first contact to the decision identifying the person as a "
            "victim, over the year's cases formally identified."
        ),
        Unit.DAYS,
        Source.CASES,
    ),
    NrmDefinition(
        "reflection_share",
        gettext_lazy("Share with a recovery and reflection period"),
        gettext_lazy(
            "The year's cases with a recovery and reflection period started, over all the "
            "year's cases."
        ),
        Unit.SHARE,
        Source.CASES,
    ),
    NrmDefinition(
        "reflection_length",
        gettext_lazy("Length of the recovery and reflection period"),
        gettext_lazy(
            "Median length in days of the periods granted to the year's cases; the Council of "
            "Europe Convention (Art. 13) asks for at least 30 days."
        ),
        Unit.DAYS,
        Source.CASES,
    ),
    NrmDefinition(
        "assistance_plan_share",
        gettext_lazy("Share with an individual assistance plan"),
        gettext_lazy(
            "The year's cases with an individual assistance plan agreed, over all the year's cases."
        ),
        Unit.SHARE,
        Source.CASES,
    ),
    NrmDefinition(
        "mental_health_share",
        gettext_lazy("Share receiving mental health services"),
        gettext_lazy(
            "The year's cases that received mental health care or psychological support, over "
            "all the year's cases."
        ),
        Unit.SHARE,
        Source.CASES,
    ),
    NrmDefinition(
        "guardian_share",
        gettext_lazy("Children with a guardian in time"),
        gettext_lazy(
            "The year's children (and persons presumed children) with a guardian appointed "
            "within the country's deadline after first contact, over the year's children."
        ),
        Unit.SHARE,
        Source.CASES,
    ),
    NrmDefinition(
        "protection_coverage",
        gettext_lazy("Protection coverage"),
        gettext_lazy(
            "The year's cases that received at least one service, over all the year's cases."
        ),
        Unit.SHARE,
        Source.CASES,
        statistics_key="protection_coverage",
        statistics_definition=gettext_lazy(
            "From the published statistics: victims who received assistance or protection "
            "(VICTIMS_ASSISTED) over registered victims (VICTIMS)."
        ),
    ),
)

REFERRAL_DEFINITIONS: tuple[NrmDefinition, ...] = (
    NrmDefinition(
        "referrals_sent",
        gettext_lazy("Cross-border referrals sent"),
        gettext_lazy("Referrals the country's contact points sent in the year."),
        Unit.COUNT,
        Source.REFERRALS,
    ),
    NrmDefinition(
        "referrals_received",
        gettext_lazy("Cross-border referrals received"),
        gettext_lazy("Referrals sent to the country's contact points in the year."),
        Unit.COUNT,
        Source.REFERRALS,
    ),
    NrmDefinition(
        "referrals_acknowledged_in_time",
        gettext_lazy("Referrals acknowledged in time"),
        gettext_lazy(
            "Referrals received in the year and acknowledged by their deadline, over all "
            "referrals received."
        ),
        Unit.SHARE,
        Source.REFERRALS,
    ),
    NrmDefinition(
        "referrals_accepted",
        gettext_lazy("Referrals accepted"),
        gettext_lazy("Referrals received in the year that the country accepted."),
        Unit.COUNT,
        Source.REFERRALS,
    ),
    NrmDefinition(
        "referrals_declined",
        gettext_lazy("Referrals declined"),
        gettext_lazy("Referrals received in the year that the country declined."),
        Unit.COUNT,
        Source.REFERRALS,
    ),
    NrmDefinition(
        "referral_days_to_acknowledge",
        gettext_lazy("Days to acknowledge a referral"),
        gettext_lazy("Median days from sending to acknowledgement, of the referrals received."),
        Unit.DAYS,
        Source.REFERRALS,
    ),
    NrmDefinition(
        "referral_days_to_decide",
        gettext_lazy("Days to accept or decline a referral"),
        gettext_lazy(
            "Median days from sending to the decision to accept or decline, of the referrals "
            "received."
        ),
        Unit.DAYS,
        Source.REFERRALS,
    ),
    NrmDefinition(
        "returns_with_risk_assessment",
        gettext_lazy("Returns with a risk assessment"),
        gettext_lazy(
            "Return referrals sent in the year with a pre-departure risk assessment, over all "
            "return referrals sent."
        ),
        Unit.SHARE,
        Source.REFERRALS,
    ),
    NrmDefinition(
        "returns_with_handover",
        gettext_lazy("Returns with a confirmed hand-over"),
        gettext_lazy(
            "Return referrals sent in the year whose hand-over the receiving country "
            "confirmed, over all return referrals sent."
        ),
        Unit.SHARE,
        Source.REFERRALS,
    ),
    NrmDefinition(
        "follow_ups_done",
        gettext_lazy("Follow-ups after return done"),
        gettext_lazy(
            "Follow-ups (3, 6 and 12 months after return) due in the year and done, over all "
            "follow-ups due, for the persons the country received back."
        ),
        Unit.SHARE,
        Source.REFERRALS,
    ),
)

DEFINITIONS: tuple[NrmDefinition, ...] = CASE_DEFINITIONS + REFERRAL_DEFINITIONS
DEFINITIONS_BY_KEY: dict[str, NrmDefinition] = {d.key: d for d in DEFINITIONS}


# Reading the cases ------------------------------------------------------------


@dataclass(frozen=True)
class CaseFacts:
    """What the indicators need of one case: dates and yes/no, nothing personal."""

    country: str
    year: int
    first_contact: datetime.date
    identified_on: datetime.date | None
    first_service_on: datetime.date | None
    reflection_start: datetime.date | None
    reflection_days: int | None
    plan_on: datetime.date | None
    mental_health: bool
    child: bool
    guardian_on: datetime.date | None


def case_facts(queryset: QuerySet[Case], *, years: Iterable[int]) -> list[CaseFacts]:
    """The facts of the cases in ``queryset`` first contacted in ``years``, in one query."""
    mental = ServiceDelivered.objects.filter(
        case=OuterRef("pk"), service__in=MENTAL_HEALTH_SERVICES
    )
    rows = (
        queryset.filter(first_contact_on__year__in=list(years))
        .exclude(status=CaseStatus.NOT_VICTIM)
        .annotate(first_service_on=Min("services__started_on"), mental_health=Exists(mental))
        .values(
            "country_id",
            "status",
            "first_contact_on",
            "status_decided_on",
            "first_service_on",
            "reflection_start",
            "reflection_days",
            "assistance_plan_agreed_on",
            "mental_health",
            "presumed_child",
            "guardian_appointed_on",
        )
        .order_by()
    )
    return [_facts(row) for row in rows]


def _facts(row: Mapping[str, Any]) -> CaseFacts:
    identified = row["status"] == CaseStatus.IDENTIFIED
    return CaseFacts(
        country=str(row["country_id"]),
        year=row["first_contact_on"].year,
        first_contact=row["first_contact_on"],
        identified_on=row["status_decided_on"] if identified else None,
        first_service_on=row["first_service_on"],
        reflection_start=row["reflection_start"],
        reflection_days=row["reflection_days"],
        plan_on=row["assistance_plan_agreed_on"],
        mental_health=bool(row["mental_health"]),
        child=bool(row["presumed_child"]),
        guardian_on=row["guardian_appointed_on"],
    )


def guardian_deadlines(countries: Iterable[str]) -> dict[str, int]:
    """Each country's deadline for appointing a guardian, in days; the default where unset."""
    default = CountryCaseSettings._meta.get_field("guardian_within_days").get_default()
    found = dict(
        CountryCaseSettings.objects.filter(country_id__in=list(countries)).values_list(
            "country_id", "guardian_within_days"
        )
    )
    return {code: int(found.get(code, default)) for code in countries}


# Computing ---------------------------------------------------------------------


def _median_days(days: Sequence[int]) -> NrmValue:
    if not days:
        return NrmValue(None, reason=_("No case of the year has both dates recorded."))
    return NrmValue(float(statistics.median(days)), basis=len(days), source=Source.CASES)


def _share(numerator: int, denominator: int, *, empty: str) -> NrmValue:
    if not denominator:
        return NrmValue(None, 0, 0, reason=empty)
    return NrmValue(
        round(numerator / denominator, 6),
        numerator,
        denominator,
        basis=denominator,
        source=Source.CASES,
    )


def case_indicators(facts: Sequence[CaseFacts], *, guardian_days: int) -> dict[str, NrmValue]:
    """The case indicators of one country's cases of one year."""
    total = len(facts)
    no_case = _("No case in the year.")
    children = [fact for fact in facts if fact.child]
    in_time = [
        fact
        for fact in children
        if fact.guardian_on is not None
        and (fact.guardian_on - fact.first_contact).days <= guardian_days
    ]
    guardian = _share(len(in_time), len(children), empty=_("No child among the year's cases."))
    guardian = replace(guardian, note=_("Deadline: %(days)d days.") % {"days": guardian_days})
    return {
        "cases": NrmValue(float(total), basis=total, source=Source.CASES),
        "days_to_referral": _median_days(
            [
                (fact.first_service_on - fact.first_contact).days
                for fact in facts
                if fact.first_service_on is not None
            ]
        ),
        "days_to_identification": _median_days(
            [
                (fact.identified_on - fact.first_contact).days
                for fact in facts
                if fact.identified_on is not None
            ]
        ),
        "reflection_share": _share(
            sum(fact.reflection_start is not None for fact in facts), total, empty=no_case
        ),
        "reflection_length": _median_days(
            [fact.reflection_days for fact in facts if fact.reflection_days is not None]
        ),
        "assistance_plan_share": _share(
            sum(fact.plan_on is not None for fact in facts), total, empty=no_case
        ),
        "mental_health_share": _share(
            sum(fact.mental_health for fact in facts), total, empty=no_case
        ),
        "guardian_share": guardian,
        "protection_coverage": _share(
            sum(fact.first_service_on is not None for fact in facts), total, empty=no_case
        ),
    }


def referral_indicators(country: str, year: int) -> dict[str, NrmValue]:
    """The referral indicators of one country and year, from the referrals module."""
    from thbhub.referrals.indicators import referral_figures  # noqa: PLC0415 — optional module

    figures = referral_figures(country, year)
    source = Source.REFERRALS

    def count(value: int) -> NrmValue:
        return NrmValue(float(value), basis=value, source=source)

    def share(numerator: int, denominator: int, empty: str) -> NrmValue:
        if not denominator:
            return NrmValue(None, 0, 0, reason=empty)
        return NrmValue(
            round(numerator / denominator, 6), numerator, denominator, denominator, source=source
        )

    def days(value: float | None, basis: int, empty: str) -> NrmValue:
        if value is None:
            return NrmValue(None, reason=empty)
        return NrmValue(float(value), basis=basis, source=source)

    none_received = _("No referral received in the year.")
    no_return = _("No return referral sent in the year.")
    return {
        "referrals_sent": count(figures.sent),
        "referrals_received": count(figures.received),
        "referrals_acknowledged_in_time": share(
            figures.acknowledged_in_time, figures.received, none_received
        ),
        "referrals_accepted": count(figures.accepted),
        "referrals_declined": count(figures.declined),
        "referral_days_to_acknowledge": days(
            figures.median_days_to_acknowledge, figures.received, none_received
        ),
        "referral_days_to_decide": days(
            figures.median_days_to_decide, figures.accepted + figures.declined, none_received
        ),
        "returns_with_risk_assessment": share(
            figures.returns_with_risk_assessment, figures.returns, no_return
        ),
        "returns_with_handover": share(
            figures.returns_with_confirmed_handover, figures.returns, no_return
        ),
        "follow_ups_done": share(
            figures.follow_ups_done,
            figures.follow_ups_due,
            _("No follow-up after return was due in the year."),
        ),
    }


def referrals_available() -> bool:
    """Whether the referrals module is installed (it reports the referral figures)."""
    try:
        from thbhub.referrals import indicators  # noqa: F401, PLC0415 — a check only
    except ImportError:
        return False
    return True
