"""Loading reference data through the API."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.reference.loading import CODELISTS_FILE
from thbhub.reference.models import CodeListVersion, Population


def api_client(user) -> Client:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(actor=user, name="reference")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_secretariat_loads_a_new_code_list_version(users) -> None:
    document = json.loads(CODELISTS_FILE.read_text(encoding="utf-8"))
    document["version"] = "3"
    document["valid_from"] = "2027-01-01"
    document["lists"]["SEX"].append({"code": "X", "label": "Other"})
    upload = SimpleUploadedFile("codelists-3.json", json.dumps(document).encode())
    client = api_client(users["secretariat"])
    response = client.post("/api/v1/codelists/", {"file": upload})
    assert response.status_code == 201
    assert response.json()["version"] == "3"
    listed = client.get("/api/v1/codelists/").json()
    assert {row["version"] for row in listed} == {"1", "2", "3"}
    codes = client.get("/api/v1/codes/?dimension=SEX&version=3").json()["codes"]
    assert "X" in {row["code"] for row in codes}
    old = client.get("/api/v1/codes/?dimension=SEX&version=1").json()["codes"]
    assert "X" not in {row["code"] for row in old}
    assert AuditEvent.objects.filter(action="reference.codelists.load").exists()


def test_a_broken_code_list_file_names_the_line_and_changes_nothing(users) -> None:
    upload = SimpleUploadedFile("codelists-3.json", b'{\n  "version": "3",\n  "lists": {,\n}')
    response = api_client(users["secretariat"]).post("/api/v1/codelists/", {"file": upload})
    assert response.status_code == 400
    assert "codelists-3.json, line 3" in response.json()["file"][0]
    assert not CodeListVersion.objects.filter(version="3").exists()


def test_population_with_an_unknown_country_names_line_and_column(users) -> None:
    text = "country,year,population,source\nRS,2025,6600000,Test\nZZ,2025,1,Test\n"
    upload = SimpleUploadedFile("population.csv", text.encode())
    response = api_client(users["secretariat"]).post("/api/v1/population/", {"file": upload})
    assert response.status_code == 400
    message = response.json()["file"][0]
    assert "line 3" in message
    assert "country" in message
    assert not Population.objects.filter(year=2025).exists()


def test_only_the_secretariat_loads_reference_data(users) -> None:
    upload = SimpleUploadedFile("population.csv", b"country,year,population,source\n")
    response = api_client(users["rs.coordinator"]).post("/api/v1/population/", {"file": upload})
    assert response.status_code == 403
    assert "Load new code lists" in response.json()["detail"]
