"""What is due: the page, the count in the navigation, the daily digest mail."""

from __future__ import annotations

import io
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from tests.cases.conftest import open_case
from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.cases import services
from thbhub.cases.models import Case, CaseTask, DigestSent
from thbhub.cases.selectors import due_count, tasks_due_now


def test_the_due_page_lists_overdue_first(worker, police_worker, client_for):
    child = open_case(worker, age=None, given="Mila", family="Rokovska")
    overdue = child.tasks.get(kind="guardian")  # due 3 days after a contact 20 days ago
    other_agency = open_case(police_worker, age=None)
    page = client_for("rs.caseworker").get("/cases/due/").content.decode()
    assert child.number in page
    assert other_agency.number not in page
    assert "Rokovska" not in page
    due = list(tasks_due_now(worker))
    assert due == sorted(due, key=lambda task: task.due_on)
    assert overdue in due
    assert due[0].due_on <= overdue.due_on


def test_the_navigation_counts_what_is_due(worker, client_for):
    before = due_count(worker)
    open_case(worker, age=None)
    assert due_count(worker) == before + 1
    page = client_for("rs.caseworker").get("/cases/").content.decode()
    assert f"Due ({before + 1})" in page
    coordinator_page = client_for("rs.coordinator").get("/").content.decode()
    assert "Due (" not in coordinator_page


def test_the_navigation_shows_99_plus_beyond_99_tasks_due(worker, client_for):
    case = open_case(worker, age=None)
    task = case.tasks.get(kind="guardian")
    CaseTask.objects.bulk_create(
        CaseTask(
            case=case,
            agency=case.agency,
            kind="review",
            due_on=task.due_on,
            alert_on=task.alert_on,
        )
        for _ in range(100)
    )
    assert due_count(worker) == 100
    page = client_for("rs.caseworker").get("/cases/").content.decode()
    assert "Due (99+)" in page
    assert tasks_due_now(worker).count() > 100  # the Due page still lists them all


def test_a_closed_cases_tasks_are_no_longer_due(worker, client_for):
    case = open_case(worker, age=None)
    task = case.tasks.get(kind="guardian")
    assert task.agency_id == case.agency_id
    assert task in tasks_due_now(worker)
    before = due_count(worker)
    services.case_close(
        actor=worker,
        case=case,
        closed_on=timezone.localdate(),
        reason="declined",
        expected_version=case.version,
    )
    assert task not in tasks_due_now(worker)
    assert due_count(worker) == before - 1
    page = client_for("rs.caseworker").get("/cases/due/").content.decode()
    assert case.number not in page
    assert f"Due ({before - 1})" in page


def test_the_due_page_does_not_query_per_task(worker, client_for, django_assert_max_num_queries):
    client = client_for("rs.caseworker")
    for _ in range(5):
        open_case(worker, age=None)
    with django_assert_max_num_queries(12):
        assert client.get("/cases/due/").status_code == 200


def test_the_api_lists_what_is_due(worker):
    case = open_case(worker, age=None)
    _token, key = api_token_create(actor=worker, name="t")
    body = Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/cases/due/").json()
    rows = body["results"] if isinstance(body, dict) else body
    mine = [row for row in rows if row["case_number"] == case.number]
    assert mine
    assert mine[0]["overdue"] is True


def test_the_digest_is_mailed_to_files_once_a_day_without_names(worker, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    worker.email = "caseworker@example.org"
    worker.save(update_fields=["email"])
    case = open_case(worker, age=None, given="Zorica", family="Poštarić")
    out = io.StringIO()
    call_command("cases", "notify", stdout=out)
    assert "Sent 1 digest(s)" in out.getvalue()
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1
    mails = [
        message_from_bytes(chunk.encode(), policy=default_policy)
        for chunk in files[0].read_text().split("-" * 79)
        if chunk.strip()
    ]
    assert len(mails) == 1
    mail = mails[0]
    assert mail["To"] == "caseworker@example.org"
    body = mail.get_content()
    assert case.number in body
    assert "Appoint a guardian" in body
    assert "/cases/due/" in body
    for secret in ["Zorica", "Poštarić", "Testović", "1995-04-12", "X0000000"]:
        assert secret not in body
        assert secret not in str(mail["Subject"])
    tasks = CaseTask.objects.filter(
        case__in=Case.objects.filter(agency=worker.agency), done_on__isnull=True
    )
    assert tasks.exists()
    # A second run the same day sends nothing again.
    again = io.StringIO()
    call_command("cases", "notify", stdout=again)
    assert "Sent 0 digest(s)" in again.getvalue()
    assert len(list((tmp_path / "mail").iterdir())) == 1
    entry = AuditEvent.objects.get(action="cases.digest.send", object_id=str(worker.pk))
    assert case.number not in str(entry.detail)


def test_a_bad_date_is_named(worker):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("cases", "notify", "--date", "22.11.2026", stdout=io.StringIO())
    assert not DigestSent.objects.exists()
