"""Unknown codes and malformed input: a clear message, nothing changed, and a trace."""

from __future__ import annotations

from django.test import Client

from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.directory.models import ContactPerson


def api_client(user) -> Client:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(actor=user, name="bad input")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_unknown_code_in_an_api_filter_is_named(users) -> None:
    response = api_client(users["rs.coordinator"]).get("/api/v1/contacts/?role=boss")
    assert response.status_code == 400
    assert "role" in response.json()
    assert "boss" in response.json()["role"][0]
    event = AuditEvent.objects.get(action="api.rejected")
    assert event.detail["fields"] == ["role"]
    assert event.actor_username == "rs.coordinator"


def test_unknown_dimension_is_named(users) -> None:
    response = api_client(users["de.partner"]).get("/api/v1/codes/?dimension=COLOUR")
    assert response.status_code == 400
    assert "MEASURE" in response.json()["dimension"]


def test_unknown_code_in_a_web_filter_is_shown(client_for) -> None:
    page = client_for("rs.coordinator").get("/directory/?role=boss").content.decode()
    assert "Select a valid choice" in page


def test_invalid_contact_from_the_api_changes_nothing(users) -> None:
    contact = ContactPerson.objects.filter(institution__country_id="RS").first()
    assert contact is not None
    response = api_client(users["rs.coordinator"]).put(
        f"/api/v1/contacts/{contact.pk}/",
        data={
            "institution": contact.institution_id,
            "given_name": "Changed",
            "family_name": contact.family_name,
            "languages": ["xx"],
            "version": contact.version,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Unknown language code xx" in response.json()["languages"][0]
    contact.refresh_from_db()
    assert contact.given_name != "Changed"
    assert AuditEvent.objects.filter(action="api.rejected", detail__fields=["languages"]).exists()


def test_stale_version_is_a_conflict_not_an_overwrite(users) -> None:
    contact = ContactPerson.objects.filter(institution__country_id="RS").first()
    assert contact is not None
    client = api_client(users["rs.coordinator"])
    body = {
        "institution": contact.institution_id,
        "given_name": contact.given_name,
        "family_name": contact.family_name,
        "position": "First editor",
        "version": contact.version,
    }
    first = client.put(
        f"/api/v1/contacts/{contact.pk}/", data=body, content_type="application/json"
    )
    assert first.status_code == 200
    body["position"] = "Second editor, working from the old version"
    second = client.put(
        f"/api/v1/contacts/{contact.pk}/", data=body, content_type="application/json"
    )
    assert second.status_code == 409
    assert "reload" in second.json()["detail"]
    contact.refresh_from_db()
    assert contact.position == "First editor"


def test_web_edit_conflict_is_explained(client_for) -> None:
    contact = ContactPerson.objects.filter(institution__country_id="RS").first()
    assert contact is not None
    form = {
        "institution": contact.institution_id,
        "given_name": contact.given_name,
        "family_name": contact.family_name,
        "position": "Saved by someone else",
        "languages": "sr",
        "active": "on",
        "version": contact.version,
    }
    client = client_for("rs.coordinator")
    assert client.post(f"/directory/contacts/{contact.pk}/edit/", form).status_code == 302
    form["position"] = "My late change"
    page = client.post(f"/directory/contacts/{contact.pk}/edit/", form).content.decode()
    assert "Someone else saved this record after you opened it" in page
    contact.refresh_from_db()
    assert contact.position == "Saved by someone else"
