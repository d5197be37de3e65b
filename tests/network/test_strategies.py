"""National strategies and action plans: who reads and who edits, actions and
their status history, and the spreadsheet export read back with openpyxl."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import load_workbook

from tests.core.test_query_counts import count_queries
from thbhub.access.policies import PermissionDenied
from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.directory.models import Institution
from thbhub.network import services
from thbhub.network.models import Strategy, StrategyAction
from thbhub.recommendations.codes import ImplementationStatus
from thbhub.recommendations.models import Recommendation
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE

pytestmark = pytest.mark.django_db


def _strategy(users, code: str = "RS", title: str = "Action Plan 2026-2027") -> Strategy:
    return services.strategy_create(
        actor=users[f"{code.lower()}.coordinator"],
        data=services.StrategyData(
            country_id=code,
            title=title,
            kind="action_plan",
            period_from=2026,
            period_to=2027,
            funding_earmarked=Decimal("120000.00"),
            funding_currency="RSD",
        ),
    )


def _form(strategy: Strategy, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "country": strategy.country_id,
        "kind": strategy.kind,
        "title": strategy.title,
        "period_from": strategy.period_from,
        "period_to": strategy.period_to,
        "funding_earmarked": strategy.funding_earmarked,
        "funding_currency": strategy.funding_currency,
        "version": strategy.version,
    }
    data.update(changes)
    return data


def test_every_member_and_the_secretariat_read_every_countrys_strategies(client_for, users):
    strategy = _strategy(users)
    for username in ("secretariat", "al.statistician", "rs.caseworker", "al.rapporteur"):
        response = client_for(username).get("/network/strategies/")
        assert response.status_code == 200
        assert strategy.title in response.content.decode()
        page = client_for(username).get(f"/network/strategies/{strategy.pk}/")
        assert page.status_code == 200
    assert client_for("de.partner").get("/network/strategies/").status_code == 403


def test_the_coordinator_edits_the_own_countrys_strategy(client_for, users):
    strategy = _strategy(users)
    response = client_for("rs.coordinator").post(
        f"/network/strategies/{strategy.pk}/edit/", _form(strategy, adopting_body="Government")
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.adopting_body, strategy.version) == ("Government", 2)
    event = AuditEvent.objects.filter(action="network.strategy.update").latest("pk")
    assert event.detail == {"fields": ["adopting_body"]}
    assert event.country_id == "RS"


def test_a_coordinator_cannot_edit_another_countrys_strategy(client_for, users):
    strategy = _strategy(users)
    client = client_for("al.coordinator")
    assert client.get(f"/network/strategies/{strategy.pk}/edit/").status_code == 404
    response = client.post(
        f"/network/strategies/{strategy.pk}/edit/", _form(strategy, title="Forged")
    )
    assert response.status_code == 404
    assert "Forged" not in response.content.decode()
    assert client.get(f"/network/strategies/{strategy.pk}/actions/new/").status_code == 404
    strategy.refresh_from_db()
    assert (strategy.title, strategy.version) == ("Action Plan 2026-2027", 1)
    assert AuditEvent.objects.filter(
        action="access.refused", actor_username="al.coordinator", object_id=str(strategy.pk)
    ).exists()
    # The same through the API and the service.
    _token, key = api_token_create(actor=users["al.coordinator"], name="forged")
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    payload = {**_form(strategy, title="Forged")}
    assert (
        api.put(
            f"/api/v1/network/strategies/{strategy.pk}/", payload, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        api.post(
            "/api/v1/network/strategies/",
            {"country": "RS", "title": "Forged", "period_from": 2026, "period_to": 2027},
            content_type="application/json",
        ).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.strategy_create(
            actor=users["al.coordinator"],
            data=services.StrategyData(
                country_id="RS", title="Forged", period_from=2026, period_to=2027
            ),
        )
    assert not Strategy.objects.filter(title="Forged").exists()


def test_the_secretariat_reads_but_does_not_edit_strategies(client_for, users):
    strategy = _strategy(users)
    assert (
        client_for("secretariat").get(f"/network/strategies/{strategy.pk}/edit/").status_code == 403
    )


def test_bad_strategy_input_says_what_to_fix_and_changes_nothing(client_for, users):
    strategy = _strategy(users)
    client = client_for("rs.coordinator")
    response = client.post(
        f"/network/strategies/{strategy.pk}/edit/",
        _form(strategy, period_from=2027, period_to=2026, funding_currency="d1n"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The period ends before it starts." in body
    strategy.refresh_from_db()
    assert (strategy.period_from, strategy.version) == (2026, 1)
    with pytest.raises(ValidationError) as error:
        services.strategy_update(
            actor=users["rs.coordinator"],
            strategy=strategy,
            data=services.StrategyData(
                country_id="RS", title="X", period_from=2027, period_to=2026
            ),
            expected_version=1,
        )
    assert "period_to" in error.value.message_dict


def test_actions_link_recommendations_and_keep_their_status_history(client_for, users):
    strategy = _strategy(users)
    institution = Institution.objects.filter(country_id="RS").order_by("pk").first()
    recommendation = Recommendation.objects.order_by("code").first()
    assert institution is not None and recommendation is not None
    client = client_for("rs.coordinator")
    response = client.post(
        f"/network/strategies/{strategy.pk}/actions/new/",
        {
            "text": "Open a second shelter for children.",
            "responsible_institution": institution.pk,
            "deadline": "2027-06-30",
            "recommendations": [recommendation.pk],
        },
    )
    assert response.status_code == 302
    action = StrategyAction.objects.get(strategy=strategy)
    assert list(action.recommendations.all()) == [recommendation]
    response = client.post(
        f"/network/actions/{action.pk}/status/",
        {
            "status": ImplementationStatus.IN_PROGRESS,
            "note": "Building bought.",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    page = client.get(f"/network/strategies/{strategy.pk}/").content.decode()
    assert "Open a second shelter for children." in page
    assert institution.name in page
    assert recommendation.code in page
    assert "Building bought." in page
    history = list(action.status_history.values_list("status", flat=True))
    assert history == [ImplementationStatus.IN_PROGRESS, ImplementationStatus.NOT_STARTED]
    # An institution of another country is refused with the reason.
    foreign = Institution.objects.filter(country_id="AL").order_by("pk").first()
    assert foreign is not None
    with pytest.raises(ValidationError) as error:
        services.action_create(
            actor=users["rs.coordinator"],
            strategy=strategy,
            data=services.ActionData(text="x", responsible_institution_id=foreign.pk),
        )
    assert "another country" in str(error.value)
    assert StrategyAction.objects.filter(strategy=strategy).count() == 1
    # The API shows the same action with its history.
    _token, key = api_token_create(actor=users["al.statistician"], name="read")
    data = (
        Client(HTTP_AUTHORIZATION=f"Token {key}")
        .get(f"/api/v1/network/strategies/{strategy.pk}/")
        .json()
    )
    assert data["actions"][0]["recommendations"] == [recommendation.code]
    assert [step["status"] for step in data["actions"][0]["status_history"]] == history


def test_the_export_reads_back_with_openpyxl(client_for, users):
    strategy = _strategy(users, code="XK", title='=HYPERLINK("http://example.org")')
    services.action_create(
        actor=users["xk.coordinator"],
        strategy=strategy,
        data=services.ActionData(text="+Train judges"),
    )
    response = client_for("rs.statistician").get("/network/strategies/export.xlsx?country=XK")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Actions"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Country", "Country code", "Strategy or action plan"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    ours = [row for row in rows if row[2] == strategy.title]
    assert len(ours) == 1
    row = ours[0]
    assert row[0] == "Kosovo*"
    assert row[10] == "+Train judges"
    # Text that looks like a formula is stored as text, never as a formula.
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
    assert {r[1] for r in rows} == {"XK"}
    notes = "\n".join(str(r[0]) for r in book["Notes"].iter_rows(values_only=True))
    assert str(KOSOVO_DESIGNATION_NOTE) in notes
    assert AuditEvent.objects.filter(
        action="network.strategy.export", actor_username="rs.statistician"
    ).exists()


def test_the_strategy_list_does_not_query_per_strategy(client_for, users):
    client = client_for("rs.statistician")
    few = count_queries(client, "/network/strategies/")
    for number in range(4):
        _strategy(users, code="AL", title=f"Plan {number}")
    many = count_queries(client, "/network/strategies/")
    assert few == many
