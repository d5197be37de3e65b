"""The statistics pages: rounds, submissions, uploads with their errors, reviews."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.statistics.builders import to_csv, totals_row
from tests.statistics.rounds import YEAR, invalid_csv, open_round, submission_of, valid_csv
from thbhub.audit.models import AuditEvent
from thbhub.statistics.models import Round, SubmissionVersion

pytestmark = pytest.mark.django_db


def csv_file(data: bytes, name: str = "rs-2022.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_the_secretariat_opens_a_round_on_the_web(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("secretariat")
    assert "Statistics" in client.get("/").content.decode()
    response = client.post(
        "/statistics/rounds/new/",
        {"year": YEAR, "deadline": f"{YEAR + 1}-06-30", "members": ["RS", "AL"]},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/statistics/rounds/{YEAR}/"
    page = client.get(response["Location"]).content.decode()
    assert "Serbia" in page and "Albania" in page
    listing = client.get("/statistics/").content.decode()
    assert "0 of 2 members" in listing


def test_a_round_for_a_future_year_is_refused_on_the_form(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("secretariat").post(
        "/statistics/rounds/new/", {"year": 2099, "deadline": "2099-06-30", "members": ["RS"]}
    )
    assert response.status_code == 200
    assert "must be a past year" in response.content.decode()
    assert not Round.objects.filter(year=2099).exists()


def test_a_statistician_uploads_and_submits(client_for, users) -> None:  # type: ignore[no-untyped-def]
    submission = submission_of(open_round(users["secretariat"]), "RS")
    client = client_for("rs.statistician")
    page = f"/statistics/submissions/{submission.pk}/"
    response = client.post(f"{page}upload/", {"file": csv_file(valid_csv())})
    assert response.status_code == 302
    shown = client.get(page).content.decode()
    assert "rs-2022.csv" in shown
    version = SubmissionVersion.objects.get(submission=submission)
    rows = client.get(f"{page}versions/1/").content.decode()
    assert rows.count("<tr>") == version.observations.count() + 1
    assert client.post(f"{page}submit/").status_code == 302
    submission.refresh_from_db()
    assert submission.status == "submitted"
    assert "Upload a new version" not in client.get(page).content.decode()


def test_an_invalid_upload_shows_each_error_and_stores_nothing(client_for, users) -> None:  # type: ignore[no-untyped-def]
    submission = submission_of(open_round(users["secretariat"]), "RS")
    client = client_for("rs.statistician")
    response = client.post(
        f"/statistics/submissions/{submission.pk}/upload/", {"file": csv_file(invalid_csv())}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was stored" in body
    assert (
        "<tr><td>rs-2022.csv</td><td>4</td><td>value</td><td>-3</td><td>A count cannot be "
        "negative." in body
    )
    assert not SubmissionVersion.objects.filter(submission__round__year=YEAR).exists()
    event = AuditEvent.objects.get(action="statistics.submission.upload", detail__year=YEAR)
    assert event.outcome == "failed"


def test_the_secretariat_returns_then_accepts(client_for, users) -> None:  # type: ignore[no-untyped-def]
    submission = submission_of(open_round(users["secretariat"]), "RS")
    statistician = client_for("rs.statistician")
    page = f"/statistics/submissions/{submission.pk}/"
    statistician.post(f"{page}upload/", {"file": csv_file(valid_csv())})
    statistician.post(f"{page}submit/")
    secretariat = client_for("secretariat")
    assert "Record the decision" in secretariat.get(page).content.decode()
    secretariat.post(f"{page}review/", {"decision": "return", "comment": "Add the children."})
    assert "Add the children." in statistician.get(page).content.decode()
    statistician.post(f"{page}upload/", {"file": csv_file(valid_csv(seed=5), "v2.csv")})
    statistician.post(f"{page}submit/")
    response = secretariat.post(f"{page}review/", {"decision": "accept"}, follow=True)
    assert "The submission is accepted." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == "accepted"
    assert submission.versions.count() == 2
    refused = secretariat.post(f"{page}review/", {"decision": "accept"}, follow=True)
    assert "only a submitted one can be accepted" in refused.content.decode()


def test_another_countrys_submission_is_not_found(client_for, users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"])
    rs = submission_of(round_, "RS")
    client = client_for("al.statistician")
    assert client.get(f"/statistics/submissions/{rs.pk}/").status_code == 404
    upload = client.post(
        f"/statistics/submissions/{rs.pk}/upload/", {"file": csv_file(valid_csv())}
    )
    assert upload.status_code == 404
    assert client.post(f"/statistics/submissions/{rs.pk}/submit/").status_code == 404
    assert not SubmissionVersion.objects.filter(submission__round__year=YEAR).exists()
    page = client.get(f"/statistics/rounds/{YEAR}/").content.decode()
    assert "Albania" in page and "Serbia" not in page


def test_an_eu_partner_is_refused(client_for, users) -> None:  # type: ignore[no-untyped-def]
    open_round(users["secretariat"])
    client = client_for("de.partner")
    assert client.get("/statistics/").status_code == 403
    assert client.get(f"/statistics/rounds/{YEAR}/").status_code == 403
    # The dashboards (/statistics/dashboard/) are for every role; the rounds page is not.
    assert 'href="/statistics/"' not in client.get("/").content.decode()


def test_a_version_shows_what_changed_since_the_one_before(client_for, users) -> None:  # type: ignore[no-untyped-def]
    submission = submission_of(open_round(users["secretariat"]), "RS")
    client = client_for("rs.statistician")
    page = f"/statistics/submissions/{submission.pk}/"
    first = [totals_row("SUSPECTS", year=YEAR, value=10), totals_row("CONVICTED", year=YEAR)]
    second = [
        totals_row("SUSPECTS", year=YEAR, value=12),
        totals_row("PROSECUTED", year=YEAR, value=None),
    ]
    client.post(f"{page}upload/", {"file": csv_file(to_csv(first), "v1.csv")})
    client.post(f"{page}upload/", {"file": csv_file(to_csv(second), "v2.csv")})
    body = client.get(f"{page}versions/2/").content.decode()
    assert "Changes from version 1" in body
    changes = body.split('<table id="changes">')[1].split("</table>")[0]
    assert "<td>SUSPECTS</td><td>TOTAL</td><td>10</td><td>12</td>" in changes
    assert "<td>PROSECUTED</td>" in changes and "not known" in changes
    assert "<td>CONVICTED</td><td>TOTAL</td><td>0</td>" in changes
    assert "Changes from" not in client.get(f"{page}versions/1/").content.decode()
