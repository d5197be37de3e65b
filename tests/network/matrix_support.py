"""The network module's endpoints for the permission matrix, and the demo
objects they request (Serbia's strategy and practice, the year Serbia chaired)."""

from __future__ import annotations

import datetime

from tests.access.matrix import (
    COORDINATOR,
    PARTNER,
    SECRETARIAT,
    SIGNED_IN,
    Endpoint,
    Fixtures,
    api,
    web,
)
from thbhub.network.models import (
    ChairTerm,
    Declaration,
    Meeting,
    MeetingDocument,
    Practice,
    Strategy,
    StrategyAction,
    WorkPlanActivity,
)

# Strategies and the network's work are read by the members and the secretariat.
NETWORK_READERS = set(SIGNED_IN) - {PARTNER}
# The demo chair of this year is Serbia (rotation from 2020).
RS_CHAIR_YEAR = 2022
WORK_PLAN_EDITORS = {SECRETARIAT, COORDINATOR}
PRACTICE_EDITORS = {SECRETARIAT, COORDINATOR}


def rs_strategy() -> Strategy:
    strategy = Strategy.objects.filter(country_id="RS").order_by("pk").first()
    assert strategy is not None, "the demo data holds a strategy of Serbia"
    return strategy


def rs_action() -> StrategyAction:
    action = StrategyAction.objects.filter(strategy=rs_strategy()).order_by("pk").first()
    assert action is not None
    return action


def rs_practice() -> Practice:
    practice = Practice.objects.filter(country_id="RS").order_by("pk").first()
    assert practice is not None, "the demo data holds a practice of Serbia"
    return practice


def rs_activity() -> WorkPlanActivity:
    term = ChairTerm.objects.get(year=RS_CHAIR_YEAR)
    assert term.country_id == "RS"
    activity, _created = WorkPlanActivity.objects.get_or_create(
        term=term,
        title="Matrix activity",
        defaults={"starts_on": datetime.date(RS_CHAIR_YEAR, 5, 1)},
    )
    return activity


def demo_meeting() -> Meeting:
    meeting = Meeting.objects.order_by("starts_on", "pk").first()
    assert meeting is not None
    return meeting


def demo_document() -> MeetingDocument:
    document, _created = MeetingDocument.objects.get_or_create(
        meeting=demo_meeting(),
        title="Matrix agenda",
        defaults={"kind": "agenda", "text": "1. Opening"},
    )
    return document


def demo_declaration() -> Declaration:
    declaration = Declaration.objects.order_by("pk").first()
    assert declaration is not None
    return declaration


def strategy_payload(_f: Fixtures) -> dict[str, object]:
    return {"country": "RS", "title": "Matrix plan", "period_from": 2026, "period_to": 2027}


def practice_payload(_f: Fixtures) -> dict[str, object]:
    return {"country": "RS", "title": "Matrix practice", "description": "x", "themes": ["data"]}


NETWORK_ENDPOINTS: list[Endpoint] = [
    web("network:index", "/network/", NETWORK_READERS),
    web("network:strategies", "/network/strategies/?country=RS", NETWORK_READERS),
    web("network:strategy_new", "/network/strategies/new/", {COORDINATOR}),
    web("network:strategy_export", "/network/strategies/export.xlsx?country=RS", NETWORK_READERS),
    web("network:strategy", lambda _f: f"/network/strategies/{rs_strategy().pk}/", NETWORK_READERS),
    web(
        "network:strategy_edit",
        lambda _f: f"/network/strategies/{rs_strategy().pk}/edit/",
        {COORDINATOR},
    ),
    web(
        "network:action_new",
        lambda _f: f"/network/strategies/{rs_strategy().pk}/actions/new/",
        {COORDINATOR},
    ),
    web(
        "network:action_edit", lambda _f: f"/network/actions/{rs_action().pk}/edit/", {COORDINATOR}
    ),
    web(
        "network:action_status",
        lambda _f: f"/network/actions/{rs_action().pk}/status/",
        {COORDINATOR},
        method="post",
        ok=302,
        data=lambda _f: {"status": "implemented", "version": rs_action().version},
    ),
    web("network:chair_set", "/network/chair/", {SECRETARIAT}),
    web("network:work_plan", f"/network/work-plan/{RS_CHAIR_YEAR}/", NETWORK_READERS),
    web(
        "network:work_plan_export",
        f"/network/work-plan/{RS_CHAIR_YEAR}/export.xlsx",
        NETWORK_READERS,
    ),
    web(
        "network:activity_new",
        f"/network/work-plan/{RS_CHAIR_YEAR}/activities/new/",
        WORK_PLAN_EDITORS,
    ),
    web(
        "network:activity_edit",
        lambda _f: f"/network/activities/{rs_activity().pk}/edit/",
        WORK_PLAN_EDITORS,
    ),
    web("network:meeting_new", "/network/meetings/new/", {SECRETARIAT}),
    web("network:meeting", lambda _f: f"/network/meetings/{demo_meeting().pk}/", NETWORK_READERS),
    web(
        "network:meeting_edit",
        lambda _f: f"/network/meetings/{demo_meeting().pk}/edit/",
        {SECRETARIAT},
    ),
    web(
        "network:document_add",
        lambda _f: f"/network/meetings/{demo_meeting().pk}/documents/new/",
        {SECRETARIAT},
    ),
    web(
        "network:document", lambda _f: f"/network/documents/{demo_document().pk}/", NETWORK_READERS
    ),
    web("network:declaration_new", "/network/declarations/new/", {SECRETARIAT}),
    web(
        "network:declaration",
        lambda _f: f"/network/declarations/{demo_declaration().pk}/",
        NETWORK_READERS,
    ),
    web("network:calendar", "/network/calendar/", NETWORK_READERS),
    web("network:calendar_ics", "/network/calendar.ics", NETWORK_READERS),
    web("network:practices", "/network/practices/?theme=data", SIGNED_IN),
    web("network:practice_new", "/network/practices/new/", PRACTICE_EDITORS),
    web("network:practice", lambda _f: f"/network/practices/{rs_practice().pk}/", SIGNED_IN),
    web(
        "network:practice_edit",
        lambda _f: f"/network/practices/{rs_practice().pk}/edit/",
        PRACTICE_EDITORS,
    ),
    api("v1:network-strategies", "/api/v1/network/strategies/", NETWORK_READERS),
    api(
        "v1:network-strategies",
        "/api/v1/network/strategies/",
        {COORDINATOR},
        method="post",
        ok=201,
        data=strategy_payload,
    ),
    api(
        "v1:network-strategy",
        lambda _f: f"/api/v1/network/strategies/{rs_strategy().pk}/",
        NETWORK_READERS,
    ),
    api(
        "v1:network-strategy",
        lambda _f: f"/api/v1/network/strategies/{rs_strategy().pk}/",
        {COORDINATOR},
        method="put",
        data=lambda f: {**strategy_payload(f), "version": rs_strategy().version},
    ),
    api(
        "v1:network-strategy-actions",
        lambda _f: f"/api/v1/network/strategies/{rs_strategy().pk}/actions/",
        {COORDINATOR},
        method="post",
        ok=201,
        data=lambda _f: {"text": "Matrix action"},
    ),
    api(
        "v1:network-action-status",
        lambda _f: f"/api/v1/network/actions/{rs_action().pk}/status/",
        {COORDINATOR},
        method="post",
        data=lambda _f: {"status": "implemented", "version": rs_action().version},
    ),
    api("v1:network-work-plan", f"/api/v1/network/work-plan/{RS_CHAIR_YEAR}/", NETWORK_READERS),
    api(
        "v1:network-work-plan-activities",
        f"/api/v1/network/work-plan/{RS_CHAIR_YEAR}/activities/",
        WORK_PLAN_EDITORS,
        method="post",
        ok=201,
        data=lambda _f: {"title": "Matrix activity", "starts_on": f"{RS_CHAIR_YEAR}-06-01"},
    ),
    api("v1:network-meetings", "/api/v1/network/meetings/", NETWORK_READERS),
    api("v1:network-declarations", "/api/v1/network/declarations/", NETWORK_READERS),
    api("v1:network-calendar", "/api/v1/network/calendar/", NETWORK_READERS),
    api("v1:network-practices", "/api/v1/network/practices/?theme=data", SIGNED_IN),
    api(
        "v1:network-practices",
        "/api/v1/network/practices/",
        PRACTICE_EDITORS,
        method="post",
        ok=201,
        data=practice_payload,
    ),
    api(
        "v1:network-practice",
        lambda _f: f"/api/v1/network/practices/{rs_practice().pk}/",
        SIGNED_IN,
    ),
    api(
        "v1:network-practice",
        lambda _f: f"/api/v1/network/practices/{rs_practice().pk}/",
        PRACTICE_EDITORS,
        method="put",
        data=lambda f: {**practice_payload(f), "version": rs_practice().version},
    ),
]
