"""Reading strategies, the network's work and the good-practice library,
scoped to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from thbhub.access.permissions import Perm
from thbhub.access.policies import ModelPolicy
from thbhub.audit.services import audit_record
from thbhub.network.models import (
    ActionStatusChange,
    ChairTerm,
    Declaration,
    Meeting,
    MeetingDocument,
    Practice,
    Strategy,
    StrategyAction,
    WorkPlanActivity,
)

if TYPE_CHECKING:
    from thbhub.accounts.models import User

STRATEGY_POLICY = ModelPolicy(Strategy, country_field="country")
ACTION_POLICY = ModelPolicy(StrategyAction, country_field="strategy__country")
TERM_POLICY = ModelPolicy(ChairTerm, country_field="country")
ACTIVITY_POLICY = ModelPolicy(WorkPlanActivity, country_field="term__country")
MEETING_POLICY = ModelPolicy(Meeting)
DOCUMENT_POLICY = ModelPolicy(MeetingDocument)
DECLARATION_POLICY = ModelPolicy(Declaration)
PRACTICE_POLICY = ModelPolicy(Practice, country_field="country")


# Strategies and action plans


def strategies_visible_to(user: User, *, country: str = "") -> QuerySet[Strategy]:
    queryset = STRATEGY_POLICY.queryset_for(user, Perm.STRATEGIES_VIEW).select_related("country")
    if country:
        queryset = queryset.filter(country_id=country.upper())
    return queryset.order_by("country__name", "-period_from", "title")


def strategies_editable_by(user: User) -> QuerySet[Strategy]:
    return STRATEGY_POLICY.queryset_for(user, Perm.STRATEGIES_EDIT)


def access_strategy(user: User, pk: object, *, for_edit: bool = False) -> Strategy:
    perm = Perm.STRATEGIES_EDIT if for_edit else Perm.STRATEGIES_VIEW
    return STRATEGY_POLICY.get(user, perm, pk)


def actions_of(strategy: Strategy) -> QuerySet[StrategyAction]:
    """The strategy's actions with what their rows show, in a fixed number of queries."""
    return (
        strategy.actions.select_related("responsible_institution")
        .prefetch_related(
            "recommendations",
            Prefetch(
                "status_history",
                queryset=ActionStatusChange.objects.select_related("changed_by"),
            ),
        )
        .order_by("deadline", "pk")
    )


def access_action(user: User, pk: object, *, for_edit: bool = False) -> StrategyAction:
    perm = Perm.STRATEGIES_EDIT if for_edit else Perm.STRATEGIES_VIEW
    return ACTION_POLICY.get(user, perm, pk)


def actions_for_export(user: User, *, country: str = "") -> list[StrategyAction]:
    """Every action of the strategies the user sees, for one spreadsheet."""
    strategies = strategies_visible_to(user, country=country)
    actions = list(
        StrategyAction.objects.filter(strategy__in=strategies)
        .select_related("strategy", "strategy__country", "responsible_institution")
        .prefetch_related("recommendations")
        .order_by(
            "strategy__country__name", "strategy__period_from", "strategy_id", "deadline", "pk"
        )
    )
    audit_record(
        actor=user,
        action="network.strategy.export",
        object_type="network.strategy",
        detail={"count": len(actions), "country": country.upper()},
    )
    return actions


# The network's work


def chair_terms_visible_to(user: User) -> QuerySet[ChairTerm]:
    return TERM_POLICY.queryset_for(user, Perm.NETWORK_VIEW).select_related("country")


def access_term(user: User, pk: object, *, for_edit: bool = False) -> ChairTerm:
    """The chair's year; for editing, only the secretariat and the chair country's coordinator."""
    perm = Perm.WORK_PLAN_EDIT if for_edit else Perm.NETWORK_VIEW
    return TERM_POLICY.get(user, perm, pk)


def term_of_year(user: User, year: int, *, for_edit: bool = False) -> ChairTerm:
    pk = ChairTerm.objects.filter(year=year).values_list("pk", flat=True).first()
    return access_term(user, pk, for_edit=for_edit)


def term_editable_by(user: User, term: ChairTerm) -> bool:
    return TERM_POLICY.check(user, Perm.WORK_PLAN_EDIT, term)


def activities_of(term: ChairTerm) -> QuerySet[WorkPlanActivity]:
    return term.activities.order_by("starts_on", "pk")


def access_activity(user: User, pk: object, *, for_edit: bool = False) -> WorkPlanActivity:
    perm = Perm.WORK_PLAN_EDIT if for_edit else Perm.NETWORK_VIEW
    return ACTIVITY_POLICY.get(user, perm, pk)


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    return MEETING_POLICY.queryset_for(user, Perm.NETWORK_VIEW).order_by("-starts_on", "pk")


def access_meeting(user: User, pk: object, *, for_edit: bool = False) -> Meeting:
    perm = Perm.NETWORK_MANAGE if for_edit else Perm.NETWORK_VIEW
    return MEETING_POLICY.get(user, perm, pk)


def access_document(user: User, pk: object) -> MeetingDocument:
    return DOCUMENT_POLICY.get(user, Perm.NETWORK_VIEW, pk)


def declarations_visible_to(user: User) -> QuerySet[Declaration]:
    return DECLARATION_POLICY.queryset_for(user, Perm.NETWORK_VIEW).select_related("meeting")


def access_declaration(user: User, pk: object) -> Declaration:
    return DECLARATION_POLICY.get(user, Perm.NETWORK_VIEW, pk)


# The good-practice library


def practices_visible_to(
    user: User, *, theme: str = "", query: str = "", country: str = ""
) -> QuerySet[Practice]:
    queryset = PRACTICE_POLICY.queryset_for(user, Perm.PRACTICES_VIEW).select_related(
        "country", "contact_institution"
    )
    if country:
        queryset = queryset.filter(country_id=country.upper())
    if theme:
        # Themes are a short JSON list; a quoted match works on SQLite and
        # PostgreSQL alike and cannot match a theme that merely contains it.
        queryset = queryset.filter(themes__icontains=f'"{theme}"')
    for word in query.split():
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(contact_institution__name__icontains=word)
            | Q(country__name__icontains=word)
        )
    return queryset.order_by("country__name", "title")


def access_practice(user: User, pk: object, *, for_edit: bool = False) -> Practice:
    perm = Perm.PRACTICES_EDIT if for_edit else Perm.PRACTICES_VIEW
    return PRACTICE_POLICY.get(user, perm, pk)


def practices_editable_by(user: User) -> QuerySet[Practice]:
    return PRACTICE_POLICY.queryset_for(user, Perm.PRACTICES_EDIT)
