"""Who sees which case: agency scope, identifiers, aggregates, forged ids."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.cases.conftest import open_case
from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.cases.models import Case


def _api(user) -> Client:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(actor=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.mark.parametrize(
    "path",
    [
        "/cases/{pk}/",
        "/cases/{pk}/edit/",
        "/cases/{pk}/identifiers/",
        "/cases/{pk}/identify/",
        "/cases/{pk}/services/new/",
        "/cases/{pk}/close/",
    ],
)
@pytest.mark.parametrize("intruder", ["al.caseworker", "rs.police.caseworker"])
def test_another_agencys_case_by_id_is_not_found(path, intruder, case, police_worker, users):
    client = Client()
    client.force_login(users[intruder])
    response = client.get(path.format(pk=case.pk))
    assert response.status_code == 404
    assert case.number not in response.content.decode()
    assert AuditEvent.objects.filter(
        action="access.refused", actor_username=intruder, object_id=str(case.pk)
    ).exists()


def test_a_forged_post_changes_nothing(case, users):
    client = Client()
    client.force_login(users["al.caseworker"])
    response = client.post(
        f"/cases/{case.pk}/close/",
        {"closed_on": "2026-01-01", "reason": "declined", "version": case.version},
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).closed_on is None


def test_another_agencys_case_through_the_api_is_not_found(case, police_worker):
    client = _api(police_worker)
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    listed = client.get("/api/v1/cases/").json()
    assert case.number not in str(listed)


def test_searching_a_name_never_finds_another_agencys_case(worker, police_worker):
    open_case(worker, given="Ana", family="Jovanović")
    mine = open_case(police_worker, given="Ana", family="Jovanović")
    client = Client()
    client.force_login(police_worker)
    page = client.get("/cases/", {"query": "Jovanović", "state": "all"}).content.decode()
    assert mine.number in page
    assert page.count("RS-") == 1


def test_identifiers_are_shown_on_request_and_each_read_is_audited(case, client_for):
    client = client_for("rs.caseworker")
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Teodora" not in detail
    assert not AuditEvent.objects.filter(action="cases.identifiers.read").exists()
    page = client.get(f"/cases/{case.pk}/identifiers/").content.decode()
    assert "Teodora" in page
    assert "Testović" in page
    client.get(f"/cases/{case.pk}/identifiers/")
    reads = AuditEvent.objects.filter(action="cases.identifiers.read", object_id=str(case.pk))
    assert reads.count() == 2
    assert reads.first().actor_username == "rs.caseworker"
    assert reads.first().country_id == "RS"


@pytest.mark.parametrize("role", ["rs.coordinator", "rs.rapporteur"])
def test_coordinator_sees_counts_never_a_case(role, case, client_for):
    client = client_for(role)
    assert client.get("/cases/").status_code == 403
    assert client.get(f"/cases/{case.pk}/").status_code == 403
    assert client.get(f"/cases/{case.pk}/identifiers/").status_code == 403
    summary = client.get("/cases/summary/")
    assert summary.status_code == 200
    body = summary.content.decode()
    assert case.number not in body
    assert "Teodora" not in body
    total = Case.objects.filter(country_id="RS").count()
    assert f"<dd>{total}</dd>" in body


def test_the_trm_contact_point_has_no_case_pages(case, client_for):
    client = client_for("rs.trm")
    assert client.get(f"/cases/{case.pk}/").status_code == 403
    assert client.get(f"/cases/{case.pk}/identifiers/").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/{pk}/",
        "/api/v1/cases/{pk}/permits/",
        "/api/v1/cases/{pk}/proceedings/",
        "/api/v1/cases/{pk}/reviews/",
    ],
)
def test_another_countrys_case_by_id_is_not_found_through_the_api(path, case, users):
    """An Albanian case worker asks for a Serbian case by its id."""
    client = _api(users["al.caseworker"])
    response = client.get(path.format(pk=case.pk))
    assert response.status_code == 404
    assert case.number not in response.content.decode()
    assert client.post(
        path.format(pk=case.pk), {"kind": "humanitarian"}, content_type="application/json"
    ).status_code in (404, 405)
    assert not case.permits.exists()
    assert AuditEvent.objects.filter(
        action="access.refused", actor_username="al.caseworker", object_id=str(case.pk)
    ).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/cases/{pk}/permits/new/",
        "/cases/{pk}/proceedings/new/",
        "/cases/{pk}/legal-hold/",
        "/cases/{pk}/erase/",
    ],
)
def test_another_countrys_case_pages_are_not_found(path, case, users):
    client = Client()
    client.force_login(users["al.caseworker"])
    assert client.get(path.format(pk=case.pk)).status_code == 404
