"""Importing an edited export through the web page: a good file changes
exactly what was changed, a bad file changes nothing and says why."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from tests.directory.sheets import (
    append_row,
    cell,
    column,
    contacts_sheet,
    export_book,
    row_values,
    set_cell,
    to_bytes,
)
from thbhub.audit.models import AuditEvent
from thbhub.directory.models import ContactPerson, Institution
from thbhub.jobs.models import Job, JobStatus
from thbhub.jobs.templatetags.job_results import RESULT_LABELS

pytestmark = pytest.mark.django_db


def _import(client: Client, data: bytes, capture, name: str = "contacts.xlsx") -> Job:
    """Upload as the web page does and let the job run when the request commits."""
    with capture(execute=True):
        response = client.post("/directory/import/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    match = re.fullmatch(r"/jobs/([0-9a-f-]+)/", response["Location"])
    assert match is not None
    return Job.objects.get(pk=match.group(1))


def _snapshot() -> tuple[int, int, list[tuple[int, str, int]]]:
    contacts = list(ContactPerson.objects.order_by("pk").values_list("pk", "position", "version"))
    return ContactPerson.objects.count(), Institution.objects.count(), contacts


def _import_events(username: str) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(actor_username=username, action__startswith="directory.import")
        .order_by("id")
        .values_list("action", "outcome")
    )


def test_round_trip_changes_what_was_changed_and_adds_the_new_row(
    client_for, users, django_capture_on_commit_callbacks
):
    coordinator = users["rs.coordinator"]
    client = client_for("rs.coordinator")
    export = client.get("/directory/export.xlsx", {"country": "RS"})
    book = load_workbook(io.BytesIO(export.content))
    sheet = contacts_sheet(book)
    rows_before = sheet.max_row - 1
    changed_id = cell(sheet, 2, "ID")
    set_cell(sheet, 2, "Position", "Head of the anti-trafficking unit")
    institution = cell(sheet, 2, "Institution")
    append_row(
        sheet,
        {
            "Country code": "RS",
            "Institution": institution,
            "Institution type": cell(sheet, 2, "Institution type"),
            "Given name": "Milica",
            "Family name": "Đurić",
            "Position": "TRM contact point",
            "Roles": "trm_contact_point; nrm_focal_point",
            "Languages": "sr, en",
            "E-mail": "milica.djuric@example.org",
            "Telephone": "+381 11 000 111",
            "Last verified": datetime.date(2025, 3, 1),
        },
    )
    contacts_before = ContactPerson.objects.count()

    job = _import(client, to_bytes(book), django_capture_on_commit_callbacks)

    assert job.status == JobStatus.SUCCEEDED, job.result
    assert job.result == {
        "created": 1,
        "updated": 1,
        "unchanged": rows_before - 1,
        "institutions_created": 0,
        "institutions_updated": 0,
    }
    assert ContactPerson.objects.count() == contacts_before + 1
    changed = ContactPerson.objects.get(pk=changed_id)
    assert changed.position == "Head of the anti-trafficking unit"
    assert changed.version == 2
    new = ContactPerson.objects.get(family_name="Đurić", given_name="Milica")
    assert new.institution.name == institution
    assert new.roles == ["trm_contact_point", "nrm_focal_point"]
    assert new.languages == ["sr", "en"]
    assert new.email == "milica.djuric@example.org"
    assert new.last_verified == datetime.date(2025, 3, 1)

    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Finished" in page
    for key, value in job.result.items():
        assert f"<dt>{RESULT_LABELS[key]}</dt><dd>{value}</dd>" in page
    assert _import_events(coordinator.username) == [("directory.import", "success")]


def test_institution_type_changed_in_the_file_is_saved(
    client_for, users, django_capture_on_commit_callbacks
):
    book = export_book(users["rs.coordinator"], country="RS")
    sheet = contacts_sheet(book)
    name = cell(sheet, 2, "Institution")
    for row in range(2, sheet.max_row + 1):
        if cell(sheet, row, "Institution") == name:
            set_cell(sheet, row, "Institution type", "Other")  # a label is accepted too
    job = _import(client_for("rs.coordinator"), to_bytes(book), django_capture_on_commit_callbacks)
    assert job.status == JobStatus.SUCCEEDED, job.result
    assert job.result["institutions_updated"] == 1
    assert Institution.objects.get(country="RS", name=name).kind == "other"


def test_bad_rows_are_all_listed_and_nothing_changes(
    client_for, users, django_capture_on_commit_callbacks
):
    coordinator = users["rs.coordinator"]
    book = export_book(coordinator, country="RS")
    sheet = contacts_sheet(book)
    # A good change on a bad file must not be saved either.
    set_cell(sheet, 2, "Position", "Should not be saved")
    set_cell(sheet, 3, "Institution type", "spaceship")
    set_cell(sheet, 4, "E-mail", "ana(at)example.org")
    set_cell(sheet, 5, "Last verified", "31.02.2024")
    albanian = ContactPerson.objects.filter(institution__country="AL").order_by("pk").first()
    bosnian = ContactPerson.objects.filter(institution__country="BA").order_by("pk").first()
    assert albanian is not None
    assert bosnian is not None
    al_row = append_row(sheet, row_values(albanian, {"Position": "Taken over"}))
    ba_row = append_row(
        sheet,
        row_values(
            bosnian,
            {
                header: cell(sheet, 2, header)
                for header in ("Country code", "Institution", "Institution type", "City")
            },
        ),
    )
    before = _snapshot()

    job = _import(client_for("rs.coordinator"), to_bytes(book), django_capture_on_commit_callbacks)

    assert job.status == JobStatus.FAILED
    assert _snapshot() == before
    errors = {(e["sheet"], e["row"], e["column"], e["value"]) for e in job.result["errors"]}
    assert errors == {
        ("List of Contacts", 3, "Institution type", "spaceship"),
        ("List of Contacts", 4, "E-mail", "ana(at)example.org"),
        ("List of Contacts", 5, "Last verified", "31.02.2024"),
        ("List of Contacts", al_row, "ID", str(albanian.pk)),
        ("List of Contacts", al_row, "Country code", "AL"),
        ("List of Contacts", ba_row, "ID", str(bosnian.pk)),
    }
    assert all(error["message"] for error in job.result["errors"])
    assert "nothing was imported" in job.message

    page = client_for("rs.coordinator").get(f"/jobs/{job.pk}/").content.decode()
    table = page[page.index('id="job-errors"') :]
    for error in job.result["errors"]:
        assert f"<td>{error['row']}</td><td>{error['column']}</td>" in table
    assert "Unknown type; use a code from the &#x27;Codes&#x27; sheet." in table
    assert "Not a date; write it as YYYY-MM-DD" in table
    assert "You can change only your own country&#x27;s contacts." in table
    assert "No contact with this ID is yours to change." in table
    assert "Not an e-mail address" in table
    assert _import_events(coordinator.username) == [
        ("directory.import", "failed"),
        ("directory.import.run", "failed"),
    ]


def test_a_missing_header_column_is_named(client_for, users, django_capture_on_commit_callbacks):
    book = export_book(users["rs.coordinator"], country="RS")
    sheet = contacts_sheet(book)
    sheet.delete_cols(column("E-mail"))
    set_cell(sheet, 2, "Position", "Should not be saved")
    before = _snapshot()

    job = _import(client_for("rs.coordinator"), to_bytes(book), django_capture_on_commit_callbacks)

    assert job.status == JobStatus.FAILED
    assert _snapshot() == before
    [error] = job.result["errors"]
    assert (error["row"], error["column"]) == (1, "E-mail")
    assert "Keep the header of an export unchanged" in error["message"]
    assert _import_events("rs.coordinator")[0] == ("directory.import", "failed")


def test_a_file_that_is_not_a_workbook_gets_a_clear_message(
    client_for, django_capture_on_commit_callbacks
):
    before = _snapshot()
    job = _import(
        client_for("rs.coordinator"),
        b"ID;Given name;Family name\n;Ana;Horvat\n",
        django_capture_on_commit_callbacks,
        name="contacts.xlsx",
    )
    assert job.status == JobStatus.FAILED
    assert _snapshot() == before
    assert "not an Excel workbook (.xlsx)" in job.message
    assert "Save it from Excel as 'Excel Workbook (*.xlsx)'" in job.result["message"]
    page = client_for("rs.coordinator").get(f"/jobs/{job.pk}/").content.decode()
    assert "not an Excel workbook (.xlsx)" in page
    assert _import_events("rs.coordinator") == [
        ("directory.import", "failed"),
        ("directory.import.run", "failed"),
    ]


def test_a_row_of_another_institution_with_two_types_is_refused(
    client_for, users, django_capture_on_commit_callbacks
):
    book = export_book(users["rs.coordinator"], country="RS")
    sheet = contacts_sheet(book)
    first = append_row(
        sheet,
        {
            "Country code": "RS",
            "Institution": "New Shelter",
            "Institution type": "shelter_ngo",
            "Given name": "Ana",
            "Family name": "Ilić",
        },
    )
    second = append_row(
        sheet,
        {
            "Country code": "RS",
            "Institution": "New Shelter",
            "Institution type": "police",
            "Given name": "Uroš",
            "Family name": "Ilić",
        },
    )
    job = _import(client_for("rs.coordinator"), to_bytes(book), django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED
    [error] = job.result["errors"]
    assert (error["row"], error["column"], error["value"]) == (second, "Institution type", "police")
    assert f"Row {first} gives this institution 'shelter_ngo'" in error["message"]
    assert not Institution.objects.filter(name="New Shelter").exists()
