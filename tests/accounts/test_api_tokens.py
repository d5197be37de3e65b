"""API keys: created once, stored as digests, revocable, expiring."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from thbhub.accounts.models import ApiToken


def test_key_is_shown_once_and_works(client_for) -> None:
    web = client_for("rs.coordinator")
    page = web.post("/accounts/me/", {"name": "upload script"}).content.decode()
    key = page.split('id="new-api-key">')[1].split("<")[0]
    token = ApiToken.objects.get(name="upload script")
    assert key not in token.digest
    assert key.startswith(f"thb_{token.prefix}_")
    assert key not in web.get("/accounts/me/").content.decode()

    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/contacts/?country=RS")
    assert response.status_code == 200
    assert response.json()["count"] > 0


def test_revoked_and_expired_keys_are_refused(client_for) -> None:
    web = client_for("rs.coordinator")
    page = web.post("/accounts/me/", {"name": "old"}).content.decode()
    key = page.split('id="new-api-key">')[1].split("<")[0]
    token = ApiToken.objects.get(name="old")
    web.post(f"/accounts/me/keys/{token.pk}/revoke/")
    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/contacts/")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]

    page = web.post("/accounts/me/", {"name": "expiring"}).content.decode()
    key = page.split('id="new-api-key">')[1].split("<")[0]
    ApiToken.objects.filter(name="expiring").update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/contacts/").status_code == 401


def test_a_user_cannot_revoke_someone_elses_key(client_for) -> None:
    owner = client_for("rs.coordinator")
    owner.post("/accounts/me/", {"name": "mine"})
    token = ApiToken.objects.get(name="mine")
    response = client_for("al.coordinator").post(f"/accounts/me/keys/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_garbage_authorization_header_is_explained(db) -> None:
    response = Client(HTTP_AUTHORIZATION="Token not-a-key").get("/api/v1/countries/")
    assert response.status_code == 401
    assert "unknown" in response.json()["detail"]
