"""The audit log: append-only, scoped by country, recording reads of personal data."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import DatabaseError, transaction
from openpyxl import load_workbook

from thbhub.audit.models import AppendOnlyError, AuditEvent
from thbhub.audit.services import audit_record
from thbhub.directory.models import ContactPerson


def test_audit_rows_cannot_be_changed_or_deleted(users) -> None:
    event = audit_record(actor=users["rs.coordinator"], action="test.event")
    event.action = "test.changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_database_refuses_changes_on_postgresql(users) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    event = audit_record(actor=users["rs.coordinator"], action="test.event")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


def test_reading_contact_details_is_recorded(client_for) -> None:
    contact = ContactPerson.objects.filter(institution__country_id="AL").first()
    assert contact is not None
    response = client_for("rs.statistician").get(f"/directory/contacts/{contact.pk}/")
    assert contact.email in response.content.decode()
    event = AuditEvent.objects.get(action="directory.contact.read", object_id=str(contact.pk))
    assert event.actor_username == "rs.statistician"
    # Recorded under the contact's country, so Albania's coordinator sees it.
    assert event.country_id == "AL"


def test_each_country_sees_its_own_records_and_the_secretariat_all(client_for, users) -> None:
    audit_record(actor=users["rs.coordinator"], action="test.rs")
    audit_record(actor=users["al.coordinator"], action="test.al")
    rs_page = client_for("rs.coordinator").get("/audit/?action=test.").content.decode()
    assert "test.rs" in rs_page
    assert "test.al" not in rs_page
    api = client_for("rs.rapporteur").get("/api/v1/audit-events/?action=test.").json()
    assert {row["action"] for row in api["results"]} == {"test.rs"}
    everything = client_for("secretariat").get("/audit/?action=test.").content.decode()
    assert "test.rs" in everything
    assert "test.al" in everything


def test_audit_log_filters_by_outcome_and_date(client_for, users) -> None:
    audit_record(actor=users["rs.coordinator"], action="test.ok")
    audit_record(actor=users["rs.coordinator"], action="test.bad", outcome="failed")
    page = client_for("rs.coordinator").get("/audit/?action=test.&outcome=failed")
    text = page.content.decode()
    assert "test.bad" in text
    assert "test.ok" not in text
    bad_date = client_for("rs.coordinator").get("/api/v1/audit-events/?since=yesterday")
    assert bad_date.status_code == 400
    assert "since" in bad_date.json()


def test_audit_export_is_readable_and_recorded(client_for, users) -> None:
    audit_record(actor=users["rs.coordinator"], action="test.export")
    client = client_for("rs.coordinator")
    response = client.get("/audit/export.csv?action=test.")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["When (UTC)", "User", "Role", "Country", "Action"]
    assert any(row[4] == "test.export" for row in rows[1:])
    workbook = load_workbook(io.BytesIO(client.get("/audit/export.xlsx?action=test.").content))
    sheet = workbook["Audit log"]
    assert sheet.cell(row=1, column=5).value == "Action"
    assert (
        AuditEvent.objects.filter(action="audit.export", actor_username="rs.coordinator").count()
        == 2
    )
