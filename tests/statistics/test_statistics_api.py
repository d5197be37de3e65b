"""The statistics API: rounds, scoped submissions and CSV uploads with their report."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.statistics.rounds import YEAR, invalid_csv, open_round, valid_csv, valid_row_count
from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.statistics.models import SubmissionVersion

pytestmark = pytest.mark.django_db


def api_client(user) -> Client:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(actor=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def post_csv(client: Client, data: bytes, country: str = "RS"):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/statistics/submissions/{YEAR}/{country}/csv",
        {"file": SimpleUploadedFile("rs.csv", data, content_type="text/csv")},
    )


def test_upload_returns_the_report_and_the_version(users) -> None:  # type: ignore[no-untyped-def]
    open_round(users["secretariat"])
    response = post_csv(api_client(users["rs.statistician"]), valid_csv())
    assert response.status_code == 201
    body = response.json()
    assert body["ok"] is True
    assert body["rows"] == valid_row_count()
    assert body["version"]["number"] == 1
    assert body["version"]["interface"] == "api"


def test_an_invalid_upload_is_400_with_every_error(users) -> None:  # type: ignore[no-untyped-def]
    open_round(users["secretariat"])
    response = post_csv(api_client(users["rs.statistician"]), invalid_csv())
    assert response.status_code == 400
    body = response.json()
    assert body["version"] is None
    (error,) = body["errors"]
    assert (error["sheet"], error["row"], error["column"], error["value"]) == (
        "rs.csv",
        4,
        "value",
        "-3",
    )
    assert not SubmissionVersion.objects.filter(submission__round__year=YEAR).exists()
    event = AuditEvent.objects.get(action="statistics.submission.upload", detail__year=YEAR)
    assert event.outcome == "failed"


def test_lists_are_scoped_to_the_country(users) -> None:  # type: ignore[no-untyped-def]
    open_round(users["secretariat"])
    client = api_client(users["al.statistician"])
    (shown,) = client.get(f"/api/v1/statistics/submissions/?round={YEAR}").json()
    assert (shown["country"], shown["round"], shown["status"]) == ("AL", YEAR, "draft")
    rounds = client.get("/api/v1/statistics/rounds/").json()
    assert YEAR in {round_["year"] for round_ in rounds}
    everything = (
        api_client(users["secretariat"]).get(f"/api/v1/statistics/submissions/?round={YEAR}").json()
    )
    assert {row["country"] for row in everything} == {"RS", "AL", "HR"}


def test_another_countrys_upload_is_not_found(users) -> None:  # type: ignore[no-untyped-def]
    open_round(users["secretariat"])
    response = post_csv(api_client(users["al.statistician"]), valid_csv())
    assert response.status_code == 404
    assert not SubmissionVersion.objects.filter(submission__round__year=YEAR).exists()


def test_an_eu_partner_is_refused(users) -> None:  # type: ignore[no-untyped-def]
    open_round(users["secretariat"])
    client = api_client(users["de.partner"])
    assert client.get("/api/v1/statistics/submissions/").status_code == 403
    assert post_csv(client, valid_csv()).status_code == 403
