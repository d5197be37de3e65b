"""Publishing and exports through the CLI, the API and the web pages, with scope."""

from __future__ import annotations

import csv
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.statistics.publications import ACCEPTED, PUBLISH_YEAR, accepted_round
from tests.statistics.rounds import open_round
from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.statistics.models import Publication
from thbhub.statistics.publishing import round_publish

REGIONS = {"NATC_SEE", "NATC_SEE_EU", "NATC_SEE_NON_EU"}


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _api(users, username: str) -> Client:
    _token, key = api_token_create(actor=users[username], name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_cli_publishes_and_exports_every_format(users, tmp_path: Path) -> None:
    accepted_round(users["secretariat"])
    out = StringIO()
    call_command(
        "stats",
        "publish",
        "--year",
        str(PUBLISH_YEAR),
        "--threshold",
        "3",
        "--as",
        "secretariat",
        stdout=out,
    )
    assert "edition 1" in out.getvalue()
    assert Publication.objects.get(round__year=PUBLISH_YEAR).threshold == 3
    for export_format in ("csv", "xlsx", "sdmx-csv", "sdmx-ml"):
        target = tmp_path / f"export.{export_format}"
        call_command(
            "stats",
            "export",
            "--year",
            str(PUBLISH_YEAR),
            "--format",
            export_format,
            "--published",
            "--out",
            str(target),
            "--as",
            "de.partner",
            stdout=StringIO(),
        )
        assert target.stat().st_size > 0
    rows = _rows((tmp_path / "export.csv").read_bytes())
    assert {row["country"] for row in rows} >= REGIONS
    events = AuditEvent.objects.filter(action="statistics.export", actor_username="de.partner")
    assert {event.detail["format"] for event in events} == {"csv", "xlsx", "sdmx-csv", "sdmx-ml"}
    assert all(event.detail["published"] for event in events)


def test_cli_refuses_to_publish_for_anyone_but_the_secretariat(users) -> None:
    accepted_round(users["secretariat"], accepted=("RS",))
    with pytest.raises(CommandError, match="does not allow"):
        call_command("stats", "publish", "--year", str(PUBLISH_YEAR), "--as", "rs.coordinator")
    assert not Publication.objects.filter(round__year=PUBLISH_YEAR).exists()


def test_cli_says_when_nothing_is_published(users, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Nothing is published for 2013"):
        call_command(
            "stats",
            "export",
            "--year",
            "2013",
            "--format",
            "csv",
            "--published",
            "--out",
            str(tmp_path / "x.csv"),
            "--as",
            "secretariat",
        )


def test_a_country_user_exports_only_its_own_unpublished_rows_and_no_region(
    users, tmp_path
) -> None:
    accepted_round(users["secretariat"])
    target = tmp_path / "rs.csv"
    call_command(
        "stats",
        "export",
        "--year",
        str(PUBLISH_YEAR),
        "--format",
        "csv",
        "--out",
        str(target),
        "--as",
        "rs.statistician",
        stdout=StringIO(),
    )
    countries = {row["country"] for row in _rows(target.read_bytes())}
    assert countries == {"RS"}


def test_the_secretariat_exports_every_member_and_the_regions_unpublished(users) -> None:
    accepted_round(users["secretariat"])
    response = _api(users, "secretariat").get(f"/api/v1/statistics/exports/{PUBLISH_YEAR}.csv")
    assert response.status_code == 200
    countries = {row["country"] for row in _rows(response.content)}
    assert countries >= {*ACCEPTED, *REGIONS}
    # Unpublished means not suppressed: small cells are there.
    assert not any(row["flag"] == "c" for row in _rows(response.content))


def test_an_eu_partner_gets_only_published_data(users) -> None:
    round_ = accepted_round(users["secretariat"])
    client = _api(users, "de.partner")
    assert client.get(f"/api/v1/statistics/exports/{PUBLISH_YEAR}.csv").status_code == 403
    assert (
        client.get(f"/api/v1/statistics/exports/{PUBLISH_YEAR}.csv?published=1").status_code == 404
    )
    round_publish(actor=users["secretariat"], round=round_)
    response = client.get(f"/api/v1/statistics/exports/{PUBLISH_YEAR}.sdmx-ml?published=1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.sdmx.genericdata+xml")
    listed = client.get("/api/v1/statistics/published/").json()
    assert [entry["year"] for entry in listed if entry["year"] == PUBLISH_YEAR] == [PUBLISH_YEAR]
    detail = client.get(f"/api/v1/statistics/published/?year={PUBLISH_YEAR}").json()
    assert detail["edition"] == 1
    values = [row["value"] for row in detail["observations"] if row["flag"] != "c"]
    assert all(value is None or value == 0 or value > 4 for value in values)


def test_the_web_preview_then_publish_then_download(users, client_for) -> None:
    accepted_round(users["secretariat"])
    client = client_for("secretariat")
    preview = client.get(f"/statistics/rounds/{PUBLISH_YEAR}/publish/")
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "AL" in body and "HR, RS, XK" in body
    assert not Publication.objects.filter(round__year=PUBLISH_YEAR).exists()
    response = client.post(f"/statistics/rounds/{PUBLISH_YEAR}/publish/", {"threshold": "4"})
    assert response.status_code == 302
    assert Publication.objects.filter(round__year=PUBLISH_YEAR).count() == 1
    listing = client_for("rs.caseworker").get("/statistics/published/")
    assert listing.status_code == 200
    assert f"/statistics/published/{PUBLISH_YEAR}.xlsx" in listing.content.decode()
    download = client_for("rs.caseworker").get(f"/statistics/published/{PUBLISH_YEAR}.xlsx")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]


def test_the_web_refuses_to_publish_a_round_without_accepted_data(users, client_for) -> None:
    open_round(users["secretariat"], year=PUBLISH_YEAR, members=["RS"])
    client = client_for("secretariat")
    page = client.get(f"/statistics/rounds/{PUBLISH_YEAR}/publish/")
    assert "accept at least one" in page.content.decode()
    response = client.post(f"/statistics/rounds/{PUBLISH_YEAR}/publish/", follow=True)
    assert "accept at least one" in response.content.decode()
    assert not Publication.objects.filter(round__year=PUBLISH_YEAR).exists()
