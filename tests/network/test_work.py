"""The network's work: the rotating chair, the chair's work plan, meetings
with their documents, declarations, and the calendar as a page and as an
iCalendar file read back with a strict parser."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.network import services
from thbhub.network.calendar import Event, write_ics
from thbhub.network.models import ChairTerm, Meeting, MeetingDocument, WorkPlanActivity
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE

pytestmark = pytest.mark.django_db

YEAR = 2031  # a year the demo data gives no chair


def _chair(users, code: str = "RS", year: int = YEAR) -> ChairTerm:
    return services.chair_set(actor=users["secretariat"], year=year, country_id=code)


def _activity_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Regional training on = formulas",
        "starts_on": f"{YEAR}-04-02",
        "ends_on": f"{YEAR}-04-03",
        "budget": "15000.50",
        "currency": "eur",
        "funding_sources": "-Donor A; Chair",
        "fundraising_status": "partly_secured",
    }
    data.update(changes)
    return data


def test_only_the_secretariat_sets_the_chair(client_for, users):
    assert client_for("rs.coordinator").get("/network/chair/").status_code == 403
    response = client_for("secretariat").post("/network/chair/", {"year": YEAR, "country": "RS"})
    assert response.status_code == 302
    assert ChairTerm.objects.get(year=YEAR).country_id == "RS"
    response = client_for("secretariat").post("/network/chair/", {"year": YEAR, "country": "AT"})
    assert response.status_code == 200  # not a member: refused on the form
    assert ChairTerm.objects.get(year=YEAR).country_id == "RS"


def test_the_chair_countrys_coordinator_keeps_the_work_plan(client_for, users):
    _chair(users)
    client = client_for("rs.coordinator")
    response = client.post(f"/network/work-plan/{YEAR}/activities/new/", _activity_form())
    assert response.status_code == 302
    activity = WorkPlanActivity.objects.get(term__year=YEAR)
    assert (activity.currency, activity.budget) == ("EUR", Decimal("15000.50"))
    page = client_for("al.statistician").get(f"/network/work-plan/{YEAR}/").content.decode()
    assert "Regional training on = formulas" in page
    assert "Partly secured" in page
    # Another country's coordinator reads the plan but cannot add to it or change it.
    other = client_for("al.coordinator")
    assert other.get(f"/network/work-plan/{YEAR}/").status_code == 200
    assert (
        other.post(
            f"/network/work-plan/{YEAR}/activities/new/", _activity_form(title="Forged")
        ).status_code
        == 404
    )
    assert (
        other.post(
            f"/network/activities/{activity.pk}/edit/", _activity_form(title="Forged")
        ).status_code
        == 404
    )
    assert (
        other.post(f"/network/work-plan/{YEAR}/", {"summary": "Forged", "version": 1}).status_code
        == 404
    )
    assert not WorkPlanActivity.objects.filter(title="Forged").exists()
    assert ChairTerm.objects.get(year=YEAR).work_plan_summary == ""
    # The secretariat edits any year's plan.
    response = client_for("secretariat").post(
        f"/network/activities/{activity.pk}/edit/",
        _activity_form(title="Regional training", version=activity.version),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Regional training"


def test_an_activity_outside_the_plans_year_is_refused_with_the_fix(client_for, users):
    _chair(users)
    response = client_for("rs.coordinator").post(
        f"/network/work-plan/{YEAR}/activities/new/",
        _activity_form(starts_on=f"{YEAR + 1}-01-10", ends_on=""),
    )
    assert response.status_code == 200
    assert "add it to that year" in response.content.decode()
    assert not WorkPlanActivity.objects.filter(term__year=YEAR).exists()


def test_the_work_plan_export_reads_back_with_openpyxl(client_for, users):
    term = _chair(users, code="XK")
    services.activity_create(
        actor=users["xk.coordinator"],
        term=term,
        data=services.ActivityData(
            title="=SUM(A1:A2)",
            starts_on=datetime.date(YEAR, 2, 1),
            budget=Decimal("900.00"),
            funding_sources="@donor",
        ),
    )
    response = client_for("rs.caseworker").get(f"/network/work-plan/{YEAR}/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book[f"Work plan {YEAR}"]
    assert [c.value for c in sheet[1]][:4] == ["Activity", "Description", "Starts on", "Ends on"]
    row: list[Any] = [c.value for c in sheet[2]]
    assert row[0] == "=SUM(A1:A2)"
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert row[2].date() == datetime.date(YEAR, 2, 1)
    assert row[4] == 900
    assert row[6] == "@donor"
    notes = [str(r[0]) for r in book["Notes"].iter_rows(values_only=True)]
    assert "Kosovo*" in notes[0]
    assert str(KOSOVO_DESIGNATION_NOTE) in notes


def test_a_year_without_a_chair_is_not_found(client_for):
    assert client_for("rs.coordinator").get("/network/work-plan/1999/").status_code == 404


def test_meetings_with_uploaded_and_typed_documents(client_for, users, settings):
    client = client_for("secretariat")
    response = client.post(
        "/network/meetings/new/",
        {
            "title": "Extraordinary meeting",
            "starts_on": f"{YEAR}-05-04",
            "place": "Sarajevo",
            "agenda": "1. Opening",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Extraordinary meeting")
    pdf = b"%PDF-1.4 conclusions"
    response = client.post(
        f"/network/meetings/{meeting.pk}/documents/new/",
        {
            "kind": "conclusions",
            "title": "Conclusions",
            "file": SimpleUploadedFile("conclusions.pdf", pdf),
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/network/meetings/{meeting.pk}/documents/new/",
        {"kind": "agenda", "title": "Annotated agenda", "text": "1. Opening\n2. Closing"},
    )
    assert response.status_code == 302
    # A file of a type that cannot be attached changes nothing and says what to use.
    response = client.post(
        f"/network/meetings/{meeting.pk}/documents/new/",
        {"kind": "other", "title": "Script", "file": SimpleUploadedFile("run.exe", b"MZ")},
    )
    assert response.status_code == 200
    assert "cannot be attached" in response.content.decode()
    assert meeting.documents.count() == 2
    reader = client_for("rs.trm")
    page = reader.get(f"/network/meetings/{meeting.pk}/").content.decode()
    assert "Conclusions" in page and "Annotated agenda" in page
    uploaded = MeetingDocument.objects.get(meeting=meeting, kind="conclusions")
    download = reader.get(f"/network/documents/{uploaded.pk}/")
    assert download.status_code == 200
    assert download.content == pdf
    assert "conclusions.pdf" in download["Content-Disposition"]
    typed = MeetingDocument.objects.get(meeting=meeting, kind="agenda")
    assert (
        reader.get(f"/network/documents/{typed.pk}/").content.decode() == "1. Opening\n2. Closing"
    )
    # Members read meetings; only the secretariat records them.
    assert client_for("rs.coordinator").get("/network/meetings/new/").status_code == 403
    assert client_for("de.partner").get(f"/network/meetings/{meeting.pk}/").status_code == 403


def test_declarations(client_for):
    client = client_for("secretariat")
    response = client.post(
        "/network/declarations/new/",
        {
            "title": "Declaration on child victims",
            "adopted_on": f"{YEAR}-05-05",
            "text": "The members commit.",
        },
    )
    assert response.status_code == 302
    page = client_for("rs.rapporteur").get(response["Location"]).content.decode()
    assert "Declaration on child victims" in page and "The members commit." in page
    assert AuditEvent.objects.filter(action="network.declaration.create").exists()


# iCalendar (RFC 5545), read back with a small strict parser


def _unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, line
        assert "\n" not in line and "\r" not in line
    logical: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse_ics(body: bytes) -> list[dict[str, str]]:
    lines = _unfold(body.decode("utf-8"))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines[1:-1]:
        name, _sep, value = line.partition(":")
        assert _sep, f"not a content line: {line!r}"
        if line == "BEGIN:VEVENT":
            assert current is None
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            for required in ("UID", "DTSTAMP", "DTSTART;VALUE=DATE"):
                assert required in current, required
            events.append(current)
            current = None
        elif current is not None:
            current[name] = _unescape(value)
    assert current is None
    return events


def test_the_calendar_file_parses_and_holds_meetings_activities_and_deadlines(client_for, users):
    term = _chair(users)
    services.activity_create(
        actor=users["secretariat"],
        term=term,
        data=services.ActivityData(
            title="Study visit; Ljubljana, Zagreb",
            starts_on=datetime.date(YEAR, 6, 1),
            ends_on=datetime.date(YEAR, 6, 3),
        ),
    )
    services.meeting_create(
        actor=users["secretariat"],
        data=services.MeetingData(
            title="Meeting of coordinators — Београд " + "x" * 80,
            starts_on=datetime.date(YEAR, 3, 30),
            place="Beograd",
        ),
    )
    response = client_for("rs.statistician").get(f"/network/calendar.ics?year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = parse_ics(response.content)
    by_title = {event["SUMMARY"]: event for event in events}
    study = by_title["Study visit; Ljubljana, Zagreb"]
    assert study["DTSTART;VALUE=DATE"] == f"{YEAR}0601"
    assert study["DTEND;VALUE=DATE"] == f"{YEAR}0604"  # the end of an all-day event is exclusive
    meeting = by_title["Meeting of coordinators — Београд " + "x" * 80]
    assert meeting["LOCATION"] == "Beograd"
    assert len({event["UID"] for event in events}) == len(events)
    page = client_for("rs.statistician").get(f"/network/calendar/?year={YEAR}").content.decode()
    assert "Study visit; Ljubljana, Zagreb" in page
    # The API gives the same events.
    _token, key = api_token_create(actor=users["rs.statistician"], name="calendar")
    data = (
        Client(HTTP_AUTHORIZATION=f"Token {key}")
        .get(f"/api/v1/network/calendar/?year={YEAR}")
        .json()
    )
    assert {event["title"] for event in data} == set(by_title)


def test_the_demo_calendar_file_parses(client_for):
    response = client_for("secretariat").get("/network/calendar.ics")
    events = parse_ics(response.content)
    assert len(events) >= 6
    summaries = {event["SUMMARY"] for event in events}
    assert f"Regional meeting of national coordinators {timezone.localdate().year}" in summaries


def test_ics_escapes_and_folds():
    event = Event(
        uid="x@thbhub",
        kind="Meeting",
        title="A, B; C\\D\nE",
        starts_on=datetime.date(2030, 1, 1),
        ends_on=datetime.date(2030, 1, 1),
        place="Ω" * 60,
    )
    parsed = parse_ics(write_ics([event]))
    assert parsed[0]["SUMMARY"] == "A, B; C\\D\nE"
    assert parsed[0]["LOCATION"] == "Ω" * 60
