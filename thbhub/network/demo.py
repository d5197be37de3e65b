"""Deterministic demo strategies, chairs, work plan, meetings and good practices.

Written straight to the tables, as the rest of the demo data is: the demo
has no acting user, and running it again changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from thbhub.directory.models import Institution, InstitutionType
from thbhub.network.models import (
    ActionStatusChange,
    ChairTerm,
    Declaration,
    FundraisingStatus,
    Meeting,
    Practice,
    Strategy,
    StrategyAction,
    StrategyKind,
    WorkPlanActivity,
)
from thbhub.recommendations.codes import ImplementationStatus, Theme
from thbhub.recommendations.models import Recommendation
from thbhub.reference.models import Country

# The chair rotates through the members in this order, one year each.
CHAIR_ROTATION = ["ME", "MK", "RS", "SI", "AL", "BA", "BG", "HR", "XK", "MD", "RO"]
ROTATION_START = 2020

ACTIONS: list[tuple[str, InstitutionType, str]] = [
    (
        (
            "Adopt standard operating procedures for the identification of victims among "
            "migrants and asylum seekers."
        ),
        InstitutionType.COORDINATION_BODY,
        ImplementationStatus.IMPLEMENTED,
    ),
    (
        "Train labour inspectors to recognise indicators of labour exploitation.",
        InstitutionType.LABOUR_INSPECTION,
        ImplementationStatus.IN_PROGRESS,
    ),
    (
        "Set up a state compensation fund for victims of trafficking.",
        InstitutionType.MINISTRY,
        ImplementationStatus.NOT_STARTED,
    ),
]

PRACTICES: list[tuple[str, str, str, list[str], list[str], InstitutionType]] = [
    (
        "RS",
        "Mobile identification teams in reception centres",
        (
            "Social workers and police visit reception centres together every week and use one "
            "checklist of indicators, so that presumed victims among migrants are referred the "
            "same day."
        ),
        [Theme.IDENTIFICATION, Theme.MIGRANTS_ASYLUM],
        ["victims_presumed", "foreigners"],
        InstitutionType.SOCIAL_SERVICES,
    ),
    (
        "AL",
        "Case management across the national referral mechanism",
        (
            "Every victim's case is followed by one responsible authority through the five "
            "standard procedures, with reviews that the coordination body monitors."
        ),
        [Theme.PROTECTION, Theme.NRM_MONITORING],
        ["victims_identified", "protection_coverage"],
        InstitutionType.COORDINATION_BODY,
    ),
    (
        "HR",
        "Joint labour inspections with the police",
        (
            "Labour inspectors and the police plan joint inspections in agriculture and "
            "construction in the seasons with most seasonal workers."
        ),
        [Theme.LABOUR_EXPLOITATION, Theme.PROSECUTION],
        [],
        InstitutionType.LABOUR_INSPECTION,
    ),
    (
        "MD",
        "Child-friendly interview rooms",
        (
            "Children are heard once, in a room designed for them, with a psychologist, and the "
            "recording is used in court so that the child is not heard again."
        ),
        [Theme.CHILDREN, Theme.PROSECUTION],
        ["children_share"],
        InstitutionType.PROSECUTION,
    ),
    (
        "XK",
        "A single statistical register of victims",
        (
            "Police, prosecution and social services report into one register with shared "
            "definitions, so that presumed and formally identified victims are counted apart."
        ),
        [Theme.DATA, Theme.NRM_MONITORING],
        ["victims_presumed", "victims_identified"],
        InstitutionType.COORDINATION_BODY,
    ),
    (
        "SI",
        "Online recruitment monitoring",
        (
            "A unit of the police follows job advertisements online that match known recruitment "
            "patterns and alerts the labour inspectorate."
        ),
        [Theme.NEW_TECHNOLOGIES, Theme.PREVENTION],
        [],
        InstitutionType.POLICE,
    ),
]


def _institution(code: str, kind: InstitutionType) -> Institution | None:
    return Institution.objects.filter(country_id=code, kind=kind).order_by("pk").first()


def generate_demo_network(*, members: list[str], today: datetime.date) -> None:
    recommendations = {
        code: list(Recommendation.objects.filter(countries__code=code).order_by("code")[:2])
        for code in members
    }
    for index, code in enumerate(members):
        country = Country.objects.get(code=code)
        start = 2021 + index % 3
        strategy, created = Strategy.objects.get_or_create(
            country=country,
            title=f"National Strategy for Combating Trafficking in Human Beings, {country.name}",
            defaults={
                "kind": StrategyKind.STRATEGY,
                "period_from": start,
                "period_to": start + 4,
                "adopted_on": datetime.date(start - 1, 12, 15),
                "adopting_body": f"Government of {country.name}",
                "funding_earmarked": Decimal(150_000 + 25_000 * index),
                "funding_currency": "EUR",
            },
        )
        if not created:
            continue
        for number, (text, kind, status) in enumerate(ACTIONS):
            action = StrategyAction.objects.create(
                strategy=strategy,
                text=text,
                responsible_institution=_institution(code, kind),
                deadline=datetime.date(start + 1 + number, 12, 31),
                status=status,
            )
            action.recommendations.set(recommendations[code][number : number + 1])
            ActionStatusChange.objects.create(
                action=action,
                status=ImplementationStatus.NOT_STARTED,
                changed_at=datetime.datetime(start, 1, 15, 9, 0, tzinfo=datetime.UTC),
            )
            if status != ImplementationStatus.NOT_STARTED:
                ActionStatusChange.objects.create(
                    action=action,
                    status=status,
                    note="Reported to the national coordination body.",
                    changed_at=datetime.datetime(start + 1, 6, 30, 9, 0, tzinfo=datetime.UTC),
                )
    _chairs_and_work_plan(today)
    _meetings(today)
    _practices(members)


def _chairs_and_work_plan(today: datetime.date) -> None:
    for year in range(ROTATION_START, today.year + 2):
        code = CHAIR_ROTATION[(year - ROTATION_START) % len(CHAIR_ROTATION)]
        ChairTerm.objects.get_or_create(
            year=year,
            defaults={
                "country_id": code,
                "work_plan_summary": "Follow up the non-paper's recommendations and the "
                "strategy paper's priorities; strengthen transnational referral.",
            },
        )
    term = ChairTerm.objects.get(year=today.year)
    activities = [
        (
            "Regional meeting of national coordinators",
            3,
            12,
            Decimal(40_000),
            FundraisingStatus.SECURED,
        ),
        (
            "Training on transnational referral for contact points",
            5,
            20,
            Decimal(25_000),
            FundraisingStatus.PARTLY_SECURED,
        ),
        (
            "Review of the recommendations with GRETA's latest findings",
            9,
            15,
            None,
            FundraisingStatus.NOT_NEEDED,
        ),
        (
            "Consultation of people with lived experience on funding priorities",
            10,
            7,
            Decimal(12_000),
            FundraisingStatus.TO_RAISE,
        ),
    ]
    for title, month, day, budget, fundraising in activities:
        WorkPlanActivity.objects.get_or_create(
            term=term,
            title=title,
            defaults={
                "starts_on": datetime.date(today.year, month, day),
                "ends_on": datetime.date(today.year, month, day + 1),
                "budget": budget,
                "funding_sources": "" if budget is None else "Chair country; donor funding",
                "fundraising_status": fundraising,
            },
        )


def _meetings(today: datetime.date) -> None:
    first, _created = Meeting.objects.get_or_create(
        title=f"Annual meeting of the network {today.year - 1}",
        defaults={
            "starts_on": datetime.date(today.year - 1, 11, 6),
            "ends_on": datetime.date(today.year - 1, 11, 7),
            "place": "Podgorica",
            "agenda": "1. Opening\n2. Progress on the Short Term Action Recommendations\n"
            "3. The chair's work plan for the coming year",
            "conclusions": "The members agreed to report progress on the recommendations "
            "before the review deadline.",
        },
    )
    Meeting.objects.get_or_create(
        title=f"Regional meeting of national coordinators {today.year}",
        defaults={
            "starts_on": datetime.date(today.year, 3, 12),
            "ends_on": datetime.date(today.year, 3, 13),
            "place": "Skopje",
            "agenda": "1. National strategies and action plans\n2. Good practices",
        },
    )
    Declaration.objects.get_or_create(
        title=f"Declaration on transnational referral, {today.year - 1}",
        defaults={
            "adopted_on": first.starts_on,
            "place": first.place,
            "meeting": first,
            "text": "The members commit to refer victims across borders through their "
            "designated contact points, so that protection does not stop at the border.",
        },
    )


def _practices(members: list[str]) -> None:
    for code, title, description, themes, indicators, kind in PRACTICES:
        if code not in members:
            continue
        practice, created = Practice.objects.get_or_create(
            country_id=code,
            title=title,
            defaults={
                "description": description,
                "themes": [str(theme) for theme in themes],
                "indicators": indicators,
                "contact_institution": _institution(code, kind),
            },
        )
        if created:
            practice.recommendations.set(
                Recommendation.objects.filter(countries__code=code).order_by("code")[:1]
            )
