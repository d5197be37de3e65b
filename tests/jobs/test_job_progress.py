"""A job's progress and outcome are stored, shown to its owner on the job
page and in the API, and to nobody else."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.directory.sheets import contacts_sheet, export_book, set_cell, to_bytes
from thbhub.accounts.models import User
from thbhub.audit.models import AuditEvent
from thbhub.jobs.models import Job, JobStatus
from thbhub.jobs.progress import Progress
from thbhub.jobs.services import job_enqueue, job_run

pytestmark = pytest.mark.django_db


def _queued_import(user: User, settings, data: bytes) -> Job:
    settings.JOBS_MODE = "worker"
    relative = f"imports/{uuid.uuid4()}.xlsx"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return job_enqueue(
        actor=user,
        kind="directory.import",
        title="Import for the test",
        params={"upload": relative},
    )


def test_progress_is_stored_and_shown_to_the_owner(users, client_for, settings):
    job = _queued_import(users["rs.coordinator"], settings, b"")
    Progress(job).update(3, 12, message="Checking rows")
    job.refresh_from_db()
    assert (job.done, job.total, job.message, job.percent) == (3, 12, "Checking rows", 25)

    client = client_for("rs.coordinator")
    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "3 of 12 done" in html
    assert "Checking rows" in html
    # An unfinished job's page refreshes itself.
    assert 'http-equiv="refresh"' in html

    api = client.get(f"/api/v1/jobs/{job.pk}/")
    assert api.status_code == 200
    body = api.json()
    assert (body["status"], body["done"], body["total"], body["percent"]) == ("queued", 3, 12, 25)
    assert body["message"] == "Checking rows"
    listed = client.get("/api/v1/jobs/").json()
    assert str(job.pk) in {item["id"] for item in listed["results"]}


def test_a_run_reports_progress_row_by_row(users, settings):
    book = export_book(users["rs.coordinator"], country="RS")
    rows = contacts_sheet(book).max_row - 1
    job = _queued_import(users["rs.coordinator"], settings, to_bytes(book))
    seen: list[tuple[str, int, int]] = []

    finished = job_run(job_id=job.pk, echo=lambda j: seen.append((j.status, j.done, j.total)))

    assert [done for _status, done, _total in seen[:rows]] == list(range(1, rows + 1))
    assert seen[-1] == (JobStatus.SUCCEEDED, rows, rows)
    stored = Job.objects.get(pk=finished.pk)
    assert (stored.status, stored.done, stored.total, stored.percent) == (
        "succeeded",
        rows,
        rows,
        100,
    )
    assert stored.started_at is not None
    assert stored.finished_at is not None


@pytest.mark.parametrize("username", ["al.coordinator", "rs.statistician", "secretariat"])
def test_another_user_gets_404_and_the_attempt_is_audited(users, client_for, settings, username):
    job = _queued_import(users["rs.coordinator"], settings, b"")
    client = client_for(username)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/api/v1/jobs/{job.pk}/").status_code == 404
    assert str(job.pk) not in client.get("/api/v1/jobs/").content.decode()
    refusals = AuditEvent.objects.filter(
        action="access.refused", actor_username=username, object_id=str(job.pk)
    )
    assert refusals.count() == 2


@pytest.mark.parametrize("forged", [str(uuid.uuid4()), "not-a-job", "1"])
def test_a_forged_id_is_404(client_for, forged):
    client = client_for("rs.coordinator")
    assert client.get(f"/jobs/{forged}/").status_code == 404
    assert client.get(f"/api/v1/jobs/{forged}/").status_code == 404


def test_a_role_without_jobs_gets_403(users, client_for, settings):
    job = _queued_import(users["rs.coordinator"], settings, b"")
    client = client_for("at.partner")
    assert client.get(f"/jobs/{job.pk}/").status_code == 403
    assert client.get(f"/api/v1/jobs/{job.pk}/").status_code == 403


def test_a_failing_job_stores_its_errors(client_for, users, django_capture_on_commit_callbacks):
    book = export_book(users["rs.coordinator"], country="RS")
    set_cell(contacts_sheet(book), 3, "E-mail", "nobody-at-example.org")
    client = client_for("rs.coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/directory/import/", {"file": SimpleUploadedFile("c.xlsx", to_bytes(book))}
        )
    job = Job.objects.get(pk=response["Location"].split("/")[2])

    assert job.status == JobStatus.FAILED
    assert job.result["errors"] == [
        {
            "sheet": "List of Contacts",
            "row": 3,
            "column": "E-mail",
            "value": "nobody-at-example.org",
            "message": "Not an e-mail address; write it as name@example.org.",
        }
    ]
    assert job.message.startswith("The file has 1 error; nothing was imported.")
    api = client.get(f"/api/v1/jobs/{job.pk}/").json()
    assert api["status"] == "failed"
    assert api["result"]["errors"] == job.result["errors"]
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "nobody-at-example.org" in page
    assert 'http-equiv="refresh"' not in page
    assert AuditEvent.objects.filter(
        action="directory.import.run", outcome="failed", object_id=str(job.pk)
    ).exists()
