"""/api/v1/cases/: scope, identifiers only when allowed, conflicts."""

from __future__ import annotations

from django.test import Client

from tests.cases.conftest import days_ago
from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.cases.models import Case


def _api(user) -> Client:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(actor=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_the_list_holds_the_agencys_cases_without_identifiers(case, worker):
    body = _api(worker).get("/api/v1/cases/", {"open": "true"}).json()
    numbers = {row["number"] for row in body["results"]}
    expected = set(
        Case.objects.filter(agency=worker.agency, closed_on__isnull=True).values_list(
            "number", flat=True
        )
    )
    assert numbers == expected
    assert "Teodora" not in str(body)
    assert "identifiers" not in str(body)


def test_one_case_carries_identifiers_for_the_owning_agency_and_the_read_is_audited(case, worker):
    body = _api(worker).get(f"/api/v1/cases/{case.pk}/").json()
    assert body["number"] == case.number
    assert body["identifiers"]["given_names"] == "Teodora"
    assert body["routes"][0]["country"] == "DE"
    entry = AuditEvent.objects.get(action="cases.identifiers.read", object_id=str(case.pk))
    assert entry.detail == {"purpose": "api"}


def test_create_and_update_with_a_version(worker):
    client = _api(worker)
    created = client.post(
        "/api/v1/cases/",
        {
            "first_contact_on": days_ago(3).isoformat(),
            "sex": "M",
            "age_at_identification": 16,
            "exploitation": ["BEGGING"],
            "routes": [{"stage": "transit", "country": "HU"}],
            "identifiers": {"given_names": "Luka", "family_names": "Apić"},
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    case = Case.objects.get(number=created.json()["number"])
    assert case.presumed_child
    assert case.identifiers.family_names == "Apić"
    payload = {
        "first_contact_on": days_ago(3).isoformat(),
        "sex": "M",
        "age_at_identification": 17,
        "version": case.version,
    }
    first = client.put(f"/api/v1/cases/{case.pk}/", payload, content_type="application/json")
    assert first.status_code == 200
    assert first.json()["version"] == case.version + 1
    again = client.put(f"/api/v1/cases/{case.pk}/", payload, content_type="application/json")
    assert again.status_code == 409
    assert "Someone else saved" in again.json()["detail"]
    missing = {key: value for key, value in payload.items() if key != "version"}
    assert (
        client.put(
            f"/api/v1/cases/{case.pk}/", missing, content_type="application/json"
        ).status_code
        == 400
    )


def test_bad_codes_are_answered_with_the_field(worker):
    response = _api(worker).post(
        "/api/v1/cases/",
        {"first_contact_on": days_ago(1).isoformat(), "citizenship": "QQ"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "citizenship" in response.json()
