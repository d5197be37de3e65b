"""Indicators through the CLI, the API and the web page, with their scope."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.statistics.builders import STANDARD_TOTALS, build_rows, to_csv
from tests.statistics.rounds import open_round, submission_of
from thbhub.accounts.services import api_token_create
from thbhub.statistics.models import Publication, PublishedObservation
from thbhub.statistics.services import (
    submission_accept,
    submission_submit,
    submission_upload_csv,
)

pytestmark = pytest.mark.django_db

# A year neither the demo data nor other tests use.
YEAR = 2011


def value_of(rows, measure: str = "VICTIMS", **codes: str) -> int:  # type: ignore[no-untyped-def]
    """A cell of the rows the test built, read back by hand."""
    wanted = {
        "measure": measure,
        "status": "TOTAL",
        "sex": "TOTAL",
        "age": "TOTAL",
        "citizenship": "TOTAL",
        "exploitation": "TOTAL",
        "exploitation_country": "TOTAL",
        "identified_in": "TOTAL",
    } | codes
    (match,) = [r for r in rows if all(r[k] == v for k, v in wanted.items())]
    return int(match["value"])


@pytest.fixture
def accepted(users):  # type: ignore[no-untyped-def]
    """Serbia and Croatia accepted for YEAR; Albania addressed but not submitted."""
    round_ = open_round(users["secretariat"], year=YEAR, members=["RS", "HR", "AL"])
    built = {}
    for seed, country in enumerate(("RS", "HR")):
        rows = build_rows(STANDARD_TOTALS, country=country, year=YEAR, seed=seed)
        built[country] = rows
        result = submission_upload_csv(
            actor=users["secretariat"],
            round=round_,
            country_id=country,
            data=to_csv(rows),
            filename=f"{country}.csv",
        )
        assert result.version is not None, result.report.errors[:3]
        submission = submission_of(round_, country)
        submission_submit(actor=users["secretariat"], submission=submission)
        submission_accept(actor=users["secretariat"], submission=submission)
    return round_, built


@pytest.fixture
def published(accepted, users):  # type: ignore[no-untyped-def]
    """A publication of YEAR: Serbia's total, Croatia's total suppressed."""
    round_, _built = accepted
    publication = Publication.objects.create(
        round=round_, number=1, published_by=users["secretariat"], threshold=3, countries=["RS"]
    )
    base = {
        "year": YEAR,
        "measure": "VICTIMS",
        "status": "TOTAL",
        "sex": "TOTAL",
        "age": "TOTAL",
        "citizenship": "TOTAL",
        "exploitation": "TOTAL",
        "exploitation_country": "TOTAL",
        "identified_in": "TOTAL",
    }
    PublishedObservation.objects.create(publication=publication, country="RS", value=77, **base)
    PublishedObservation.objects.create(
        publication=publication, country="HR", value=None, flag="c", **base
    )
    return publication


def run(*args: str) -> str:
    out = StringIO()
    call_command("stats", "indicators", *args, stdout=out)
    return out.getvalue()


def figure(document, area: str, indicator: str):  # type: ignore[no-untyped-def]
    return next(
        v
        for v in document["values"]
        if v["area"] == area and v["indicator"] == indicator and v["year"] == YEAR
    )


def test_secretariat_sees_members_and_regions_from_submissions(accepted) -> None:  # type: ignore[no-untyped-def]
    _round, built = accepted
    document = json.loads(
        run("--year", str(YEAR), "--source", "submitted", "--format", "json", "--as", "secretariat")
    )
    assert figure(document, "RS", "victims")["value"] == STANDARD_TOTALS["VICTIMS"]
    region = figure(document, "NATC_SEE", "victims")
    assert region["value"] == 2 * STANDARD_TOTALS["VICTIMS"]
    assert "AL" in region["missing"]
    assert "2 of 11 members" in region["reason"]
    children = figure(document, "NATC_SEE", "children_share")
    expected = (value_of(built["RS"], age="CHILD") + value_of(built["HR"], age="CHILD")) / (
        2 * STANDARD_TOTALS["VICTIMS"]
    )
    assert children["value"] == pytest.approx(expected, abs=1e-6)
    assert figure(document, "NATC_SEE_EU", "victims")["value"] == STANDARD_TOTALS["VICTIMS"]


def test_a_coordinators_submitted_view_is_their_country_without_regions(accepted) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(
        run("--year", str(YEAR), "--source", "submitted", "--as", "rs.coordinator")
    )
    assert {area["code"] for area in document["areas"]} == {"RS"}
    assert {v["area"] for v in document["values"]} == {"RS"}


def test_an_eu_partner_can_only_use_published_data(published) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="Your role does not allow"):
        run("--year", str(YEAR), "--source", "submitted", "--as", "de.partner")
    document = json.loads(run("--year", str(YEAR), "--as", "de.partner"))
    assert figure(document, "RS", "victims")["value"] == 77
    croatia = figure(document, "HR", "victims")
    assert croatia["value"] is None
    assert "suppressed" in croatia["reason"]
    region = figure(document, "NATC_SEE", "victims")
    assert region["value"] == 77
    assert "HR" in region["missing"]


def test_csv_to_a_file(published, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "indicators.csv"
    message = run("--year", str(YEAR), "--format", "csv", "--out", str(out), "--as", "rs.trm")
    assert str(out) in message
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    serbia = next(r for r in rows if r["area"] == "RS" and r["indicator"] == "victims")
    assert serbia["value"] == "77"


def api_client(username: str) -> Client:
    from thbhub.accounts.models import User

    _token, key = api_token_create(actor=User.objects.get(username=username), name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_api_scope_and_formats(published) -> None:  # type: ignore[no-untyped-def]
    answer = api_client("rs.statistician").get(
        "/api/v1/statistics/indicators/", {"from": YEAR, "source": "submitted"}
    )
    assert answer.status_code == 200
    assert {area["code"] for area in answer.json()["areas"]} == {"RS"}
    refused = api_client("de.partner").get(
        "/api/v1/statistics/indicators/", {"from": YEAR, "source": "submitted"}
    )
    assert refused.status_code == 403
    published_csv = api_client("de.partner").get(
        "/api/v1/statistics/indicators/", {"from": YEAR, "format": "csv"}
    )
    assert published_csv.status_code == 200
    assert published_csv["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(published_csv.content.decode("utf-8"))))
    assert any(r["area"] == "NATC_SEE" and r["indicator"] == "victims" for r in rows)
    bad = api_client("de.partner").get(
        "/api/v1/statistics/indicators/", {"from": YEAR, "to": YEAR - 2}
    )
    assert bad.status_code == 400
    assert "swap" in json.dumps(bad.json())


def test_web_page_table_with_definitions(published, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for("de.partner").get("/statistics/indicators/", {"from": YEAR})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Registered victims" in text
    assert "Definitions" in text
    assert "suppressed" in text  # Croatia's reason, on hover
    refused = client_for("de.partner").get(
        "/statistics/indicators/", {"from": YEAR, "source": "submitted"}
    )
    assert "Your role does not allow" in refused.content.decode()
    coordinator = client_for("rs.coordinator").get(
        "/statistics/indicators/", {"from": YEAR, "source": "submitted"}
    )
    assert "NATC_SEE" not in coordinator.content.decode()
    assert "All members of the network" not in coordinator.content.decode()


def test_secretariat_records_a_linkage_result_on_the_web(client_for) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    matches = "cluster_id,country_a,record_id_a,country_b,record_id_b,score\nc1,AL,a1,HR,h1,0.91\n"
    answer = client_for("secretariat").post(
        "/statistics/indicators/linkage/",
        {"year": 2021, "file": SimpleUploadedFile("m.csv", matches.encode()), "threshold": "0.75"},
    )
    assert answer.status_code == 302
    listing = client_for("secretariat").get("/statistics/indicators/linkage/").content.decode()
    assert "AL\u2013HR: 1" in listing  # an en dash between the pair
