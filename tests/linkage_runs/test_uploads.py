"""Uploading ENCODINGS.csv: who may, and every way a file is refused with nothing stored."""

from __future__ import annotations

import base64
import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.linkage_runs.builders import KEY, OTHER_KEY, small_encodings
from thbhub.audit.models import AuditEvent
from thbhub.linkage.files import ENCODING_COLUMNS
from thbhub.linkage_runs.models import EncodingUpload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_linkage_yet")]
ENCODING = ENCODING_COLUMNS.index("encoding")


def _post(client, data: bytes, name: str = "ENCODINGS.csv"):
    return client.post("/linkage/uploads/", {"file": SimpleUploadedFile(name, data)})


def _stored_files(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "linkage-encodings"
    return sorted(folder.iterdir()) if folder.exists() else []


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode())))


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def test_statistician_uploads_own_country_and_it_is_audited(client_for, settings) -> None:
    response = _post(client_for("rs.statistician"), small_encodings("RS"))
    assert response.status_code == 302
    upload = EncodingUpload.objects.get()
    assert (upload.country_id, upload.records, upload.key_id) == ("RS", 4, KEY.key_id)
    assert len(_stored_files(settings)) == 1
    event = AuditEvent.objects.get(action="linkage.upload.create", object_id=str(upload.pk))
    assert event.actor_username == "rs.statistician"
    assert event.country_id == "RS"
    page = client_for("rs.statistician").get("/linkage/uploads/").content.decode()
    assert "4 records of RS stored" in page or KEY.key_id in page


def test_secretariat_uploads_for_any_country(client_for) -> None:
    assert _post(client_for("secretariat"), small_encodings("AL")).status_code == 302
    assert EncodingUpload.objects.get().country_id == "AL"


def test_other_countrys_file_is_refused(client_for, settings) -> None:
    response = _post(client_for("rs.coordinator"), small_encodings("AL"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "column country" in body
    assert "your own country" in body
    assert not EncodingUpload.objects.exists()
    assert _stored_files(settings) == []


def test_mixed_keys_are_refused(client_for, settings) -> None:
    first = _rows(small_encodings("RS"))
    second = _rows(small_encodings("RS", key=OTHER_KEY))
    second[1][0] = "OTHER-1"
    response = _post(client_for("rs.statistician"), _csv([*first, second[1]]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "different keys" in body
    assert KEY.key_id in body and OTHER_KEY.key_id in body
    assert not EncodingUpload.objects.exists()
    assert _stored_files(settings) == []


def test_tampered_encoding_names_line_and_column(client_for, settings) -> None:
    rows = _rows(small_encodings("RS"))
    # One byte cut off the third record's encoding: still base64, wrong length.
    raw = base64.b64decode(rows[3][ENCODING])
    rows[3][ENCODING] = base64.b64encode(raw[:-1]).decode()
    response = _post(client_for("rs.statistician"), _csv(rows), name="mine.csv")
    assert response.status_code == 400
    body = response.content.decode()
    assert "mine.csv, line 4, column encoding" in body
    assert "encode the register again" in body
    assert ".tmp" not in body and str(settings.MEDIA_ROOT) not in body
    assert not EncodingUpload.objects.exists()
    assert _stored_files(settings) == []


def test_malformed_file_is_refused(client_for) -> None:
    response = _post(client_for("rs.statistician"), b"record_id,country\nA1,RS\n")
    assert response.status_code == 400
    assert "missing column(s)" in response.content.decode()
    response = _post(client_for("rs.statistician"), "naïve".encode("latin-1"))
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()
    assert not EncodingUpload.objects.exists()


def test_a_register_is_not_an_encodings_file(client_for) -> None:
    """A statistician who picks the register by mistake: refused, nothing kept."""
    register = (
        "record_id,given_name,family_name,date_of_birth,sex,citizenship,identified_in,"
        "year_identified,status,exploitation\nA1,Ana,Petrović,1990-01-02,F,RS,RS,2024,IDENTIFIED,SEXUAL\n"
    )
    response = _post(client_for("rs.statistician"), register.encode())
    assert response.status_code == 400
    body = response.content.decode()
    assert "missing column(s)" in body
    assert "Petrović" not in body
    assert not EncodingUpload.objects.exists()


def test_uploads_list_is_scoped(client_for, users) -> None:
    _post(client_for("rs.statistician"), small_encodings("RS"), name="rs-file.csv")
    _post(client_for("al.statistician"), small_encodings("AL"), name="al-file.csv")
    rs_page = client_for("rs.coordinator").get("/linkage/uploads/").content.decode()
    assert "rs-file.csv" in rs_page and "al-file.csv" not in rs_page
    everything = client_for("secretariat").get("/linkage/uploads/").content.decode()
    assert "rs-file.csv" in everything and "al-file.csv" in everything


def test_api_upload_and_refusal(users) -> None:
    from django.test import Client

    from thbhub.accounts.services import api_token_create

    _token, key = api_token_create(actor=users["rs.statistician"], name="t")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    refused = client.post(
        "/api/v1/linkage/uploads/", {"file": SimpleUploadedFile("al.csv", small_encodings("AL"))}
    )
    assert refused.status_code == 400
    assert "column country" in refused.json()["file"][0]
    created = client.post(
        "/api/v1/linkage/uploads/", {"file": SimpleUploadedFile("rs.csv", small_encodings("RS"))}
    )
    assert created.status_code == 201
    assert created.json()["country"] == "RS"
    listing = client.get("/api/v1/linkage/uploads/").json()
    assert [row["country"] for row in listing["results"]] == ["RS"]
