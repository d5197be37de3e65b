"""Uploads that a run could not link: another key or another encoding scheme.

A run refuses them; the upload page says so at once, while the statistician
who uploaded can still encode again.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.linkage_runs.builders import KEY, OTHER_KEY, small_encodings
from thbhub.jobs.models import Job
from thbhub.linkage.encoding import SCHEME
from thbhub.linkage_runs.models import EncodingUpload, LinkageRun

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_linkage_yet")]


def _scheme_1(data: bytes) -> bytes:
    """The file as a THB Hub from before the scheme column wrote it."""
    rows = list(csv.reader(io.StringIO(data.decode())))
    column = rows[0].index("scheme")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(
        [cell for number, cell in enumerate(row) if number != column] for row in rows
    )
    return buffer.getvalue().encode()


def _upload(client, data: bytes) -> str:
    response = client.post(
        "/linkage/uploads/", {"file": SimpleUploadedFile("ENCODINGS.csv", data)}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain, response.content[:500]
    page: str = response.content.decode()
    return page


def test_an_upload_keeps_its_scheme_and_a_comparable_one_is_not_warned(client_for) -> None:
    _upload(client_for("al.statistician"), small_encodings("AL"))
    page = _upload(client_for("rs.statistician"), small_encodings("RS"))
    assert "4 records of RS stored" in page
    assert "A run links only" not in page
    assert set(EncodingUpload.objects.values_list("scheme", flat=True)) == {SCHEME}


def test_an_upload_with_another_key_is_stored_and_warned(client_for) -> None:
    _upload(client_for("al.statistician"), small_encodings("AL"))
    page = _upload(client_for("rs.statistician"), small_encodings("RS", key=OTHER_KEY))
    # Stored: the countries may be moving to a new key, and the first to upload is not wrong.
    assert EncodingUpload.objects.filter(country_id="RS", key_id=OTHER_KEY.key_id).exists()
    assert (
        f"Your file was encoded with key {OTHER_KEY.key_id}, the other countries&#x27; "
        f"latest files with key {KEY.key_id}"
    ) in page
    assert "encode the register again with the shared key file" in page


def test_an_old_scheme_is_read_warned_and_refused_by_a_run(
    client_for, django_capture_on_commit_callbacks
) -> None:
    _upload(client_for("rs.statistician"), small_encodings("RS"))
    page = _upload(client_for("al.statistician"), _scheme_1(small_encodings("AL")))
    assert EncodingUpload.objects.get(country_id="AL").scheme == "1"
    assert f"encoding scheme 1, the other countries&#x27; latest files with scheme {SCHEME}" in page
    jobs = Job.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("secretariat").post(
            "/linkage/runs/new/",
            {"countries": ["AL", "RS"], "threshold": "0.75", "engine": "embedded"},
        )
    assert response.status_code == 400
    body = response.content.decode()
    expected = (
        "The latest uploads of AL were encoded by an older version of THB Hub (encoding "
        f"scheme 1), the others with scheme {SCHEME}"
    )
    assert expected in body
    assert not LinkageRun.objects.exists()
    assert Job.objects.count() == jobs


def test_the_api_returns_the_scheme_and_the_warnings(users) -> None:
    from django.test import Client

    from thbhub.accounts.services import api_token_create

    _token, secret = api_token_create(actor=users["al.statistician"], name="t")
    albania = Client(HTTP_AUTHORIZATION=f"Token {secret}")
    first = albania.post(
        "/api/v1/linkage/uploads/", {"file": SimpleUploadedFile("al.csv", small_encodings("AL"))}
    ).json()
    assert (first["scheme"], first["warnings"]) == (SCHEME, [])
    _token, secret = api_token_create(actor=users["rs.statistician"], name="t")
    serbia = Client(HTTP_AUTHORIZATION=f"Token {secret}")
    second = serbia.post(
        "/api/v1/linkage/uploads/",
        {"file": SimpleUploadedFile("rs.csv", small_encodings("RS", key=OTHER_KEY))},
    )
    assert second.status_code == 201
    [warning] = second.json()["warnings"]
    assert OTHER_KEY.key_id in warning and KEY.key_id in warning
