"""`thbhub jobs worker|list`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.directory.sheets import contacts_sheet, export_book, set_cell, to_bytes
from thbhub.accounts.models import User
from thbhub.jobs.models import Job, JobStatus
from thbhub.jobs.services import job_enqueue

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _queue_import(user: User, media_root: Path, data: bytes) -> Job:
    relative = f"imports/{user.username}.xlsx"
    (media_root / "imports").mkdir(parents=True, exist_ok=True)
    (media_root / relative).write_bytes(data)
    return job_enqueue(
        actor=user, kind="directory.import", title="Queued import", params={"upload": relative}
    )


def test_the_worker_runs_waiting_jobs_as_their_owners(users, settings):
    settings.JOBS_MODE = "worker"
    media = Path(settings.MEDIA_ROOT)
    book = export_book(users["rs.coordinator"], country="RS")
    set_cell(contacts_sheet(book), 2, "Position", "Changed by the worker")
    good = _queue_import(users["rs.coordinator"], media, to_bytes(book))
    # The same Serbian rows, queued by the Albanian coordinator: refused.
    refused = _queue_import(users["al.coordinator"], media, to_bytes(book))
    # The two imports wait, and nothing else does (the demo's linkage run has finished).
    waiting = Job.objects.filter(status=JobStatus.QUEUED).values_list("pk", flat=True)
    assert set(waiting) == {good.pk, refused.pk}

    out = run("jobs", "worker", "--once")

    assert out.strip() == "Ran 2 job(s)."
    good.refresh_from_db()
    refused.refresh_from_db()
    assert good.status == JobStatus.SUCCEEDED
    assert good.result["updated"] == 1
    assert refused.status == JobStatus.FAILED
    assert {error["column"] for error in refused.result["errors"]} == {"ID", "Country code"}
    assert run("jobs", "worker", "--once").strip() == "Ran 0 job(s)."


def test_the_worker_needs_a_positive_poll_interval(db):
    with pytest.raises(CommandError, match="give a number of seconds greater than 0"):
        run("jobs", "worker", "--poll", "0")


def test_jobs_list_shows_only_the_accounts_own_jobs(users, settings):
    settings.JOBS_MODE = "worker"
    media = Path(settings.MEDIA_ROOT)
    mine = _queue_import(users["rs.coordinator"], media, b"x")
    theirs = _queue_import(users["al.coordinator"], media, b"x")

    out = run("jobs", "list", "--as", "rs.coordinator")

    assert str(mine.pk) in out
    assert "queued" in out
    assert "Queued import" in out
    assert str(theirs.pk) not in out
    assert run("jobs", "list", "--as", "rs.statistician").strip() == "No jobs yet."


def test_an_eu_partner_has_no_jobs_to_list(users):
    with pytest.raises(CommandError, match="Your role does not allow: Follow background jobs"):
        run("jobs", "list", "--as", "at.partner")
