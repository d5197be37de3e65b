"""Criminal and civil proceedings: role, protection, non-punishment, compensation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.cases.conftest import days_ago
from thbhub.accounts.services import api_token_create
from thbhub.cases import proceedings
from thbhub.cases.models import Proceeding
from thbhub.core.concurrency import EditConflictError


def _data(**changes: object) -> proceedings.ProceedingData:
    values: dict[str, object] = {
        "kind": "criminal",
        "role": "injured_party",
        "started_on": days_ago(30),
        "protection_measures": ["remote_testimony", "anonymity"],
        "non_punishment_applied": True,
        "compensation_claimed": Decimal("15000.00"),
        "compensation_claimed_currency": "eur",
        "file_reference": "KT-123/26",
    }
    values.update(changes)
    return proceedings.ProceedingData(**values)  # type: ignore[arg-type]


def test_proceedings_are_recorded_and_shown(case, worker, client_for):
    found = proceedings.case_proceeding_record(actor=worker, case=case, data=_data())
    assert found.compensation_claimed_currency == "EUR"
    assert found.protection_measures == ["anonymity", "remote_testimony"]
    page = client_for("rs.caseworker").get(f"/cases/{case.pk}/").content.decode()
    assert "Criminal proceedings" in page
    assert "Injured party" in page
    assert "15000.00 EUR" in page
    assert "Testimony by video link or behind a screen" in page
    assert "KT-123/26" in page
    event = case.events.get(kind="proceeding_opened")
    assert "KT-123" not in str(event.detail)


def test_an_amount_needs_its_currency(case, worker):
    with pytest.raises(ValidationError, match="three-letter ISO 4217"):
        proceedings.case_proceeding_record(
            actor=worker,
            case=case,
            data=_data(compensation_awarded=Decimal("100"), compensation_awarded_currency=""),
        )
    with pytest.raises(ValidationError, match="cannot end before"):
        proceedings.case_proceeding_record(
            actor=worker, case=case, data=_data(ended_on=days_ago(40))
        )
    assert not Proceeding.objects.filter(case=case).exists()


def test_an_award_on_an_old_version_is_refused(case, worker):
    found = proceedings.case_proceeding_record(actor=worker, case=case, data=_data())
    proceedings.case_proceeding_update(
        actor=worker,
        case=case,
        proceeding_id=found.pk,
        data=_data(stage="concluded", outcome="conviction"),
        expected_version=found.version,
    )
    with pytest.raises(EditConflictError):
        proceedings.case_proceeding_update(
            actor=worker,
            case=case,
            proceeding_id=found.pk,
            data=_data(compensation_awarded=Decimal("1"), compensation_awarded_currency="EUR"),
            expected_version=found.version - 1,
        )
    stored = Proceeding.objects.get(pk=found.pk)
    assert (stored.outcome, stored.compensation_awarded) == ("conviction", None)


def test_the_web_form_shows_a_conflict(case, worker, client_for):
    found = proceedings.case_proceeding_record(actor=worker, case=case, data=_data())
    stale = found.version
    proceedings.case_proceeding_update(
        actor=worker,
        case=case,
        proceeding_id=found.pk,
        data=_data(stage="trial"),
        expected_version=stale,
    )
    response = client_for("rs.caseworker").post(
        f"/cases/{case.pk}/proceedings/{found.pk}/edit/",
        {
            "kind": "criminal",
            "role": "witness",
            "stage": "appeal",
            "outcome": "pending",
            "started_on": days_ago(30).isoformat(),
            "version": stale,
        },
    )
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert Proceeding.objects.get(pk=found.pk).stage == "trial"


def test_the_api_answers_a_stale_version_with_409(case, worker):
    _token, key = api_token_create(actor=worker, name="t")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    created = client.post(
        f"/api/v1/cases/{case.pk}/proceedings/",
        {
            "kind": "civil",
            "role": "claimant",
            "started_on": days_ago(10).isoformat(),
            "compensation_claimed": "2500.50",
            "compensation_claimed_currency": "RSD",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    url = f"/api/v1/cases/{case.pk}/proceedings/{body['id']}/"
    payload = {
        **body,
        "outcome": "judgment_for",
        "compensation_awarded": "2000.00",
        "compensation_awarded_currency": "RSD",
    }
    payload.pop("id")
    payload.pop("authority")
    first = client.put(url, payload, content_type="application/json")
    assert first.status_code == 200
    assert first.json()["compensation_awarded"] == "2000.00"
    again = client.put(url, {**payload, "outcome": "settled"}, content_type="application/json")
    assert again.status_code == 409
    assert "Someone else saved" in again.json()["detail"]
    assert client.get(url).json()["outcome"] == "judgment_for"
