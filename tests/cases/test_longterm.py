"""Long-term assistance and social inclusion: permits, education, work, housing, reviews."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.cases.conftest import days_ago
from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.cases import longterm, services
from thbhub.cases.codes import TaskKind
from thbhub.cases.models import CaseReview


def test_a_permit_with_an_end_puts_a_task_before_it_ends(case, worker):
    longterm.case_permit_record(
        actor=worker,
        case=case,
        kind="temporary_victim",
        valid_from=days_ago(10),
        valid_until=days_ago(10) + datetime.timedelta(days=180),
    )
    task = case.tasks.get(kind=TaskKind.PERMIT_ENDS, done_on__isnull=True)
    assert task.due_on == days_ago(10) + datetime.timedelta(days=180)
    assert task.alert_on == task.due_on - datetime.timedelta(days=30)
    # A renewal replaces the old permit's task.
    longterm.case_permit_record(
        actor=worker,
        case=case,
        kind="temporary_victim",
        valid_from=days_ago(1),
        valid_until=days_ago(1) + datetime.timedelta(days=365),
    )
    open_tasks = case.tasks.filter(kind=TaskKind.PERMIT_ENDS, done_on__isnull=True)
    assert [t.due_on for t in open_tasks] == [days_ago(1) + datetime.timedelta(days=365)]
    assert (
        AuditEvent.objects.filter(action="cases.permit.record", object_id=str(case.pk)).count() == 2
    )


def test_a_permit_ending_before_it_starts_is_refused(case, worker):
    with pytest.raises(ValidationError, match="before the start date"):
        longterm.case_permit_record(
            actor=worker,
            case=case,
            kind="humanitarian",
            valid_from=days_ago(1),
            valid_until=days_ago(5),
        )
    assert not case.permits.exists()


def test_a_measure_must_belong_to_its_area(case, worker, social):
    with pytest.raises(ValidationError, match="is not a measure of Housing"):
        longterm.case_inclusion_record(
            actor=worker, case=case, area="housing", kind="school", started_on=days_ago(3)
        )
    measure = longterm.case_inclusion_record(
        actor=worker,
        case=case,
        area="education",
        kind="vocational_training",
        started_on=days_ago(3),
        provider_id=social.pk,
        notes="Course in a bakery",
    )
    longterm.case_inclusion_end(
        actor=worker, case=case, measure_id=measure.pk, ended_on=days_ago(0)
    )
    measure.refresh_from_db()
    assert measure.ended_on == days_ago(0)


def test_reviews_follow_the_countrys_interval(case, worker, users):
    services.case_settings_update(
        actor=users["rs.coordinator"],
        country_id="RS",
        reflection_period_days=30,
        review_interval_days=60,
    )
    longterm.case_review_record(
        actor=worker, case=case, reviewed_on=days_ago(5), outcome="continue", notes="Stable."
    )
    task = case.tasks.get(kind=TaskKind.REVIEW, done_on__isnull=True)
    assert task.due_on == days_ago(5) + datetime.timedelta(days=60)
    longterm.case_review_record(
        actor=worker, case=case, reviewed_on=days_ago(1), outcome="goals_met"
    )
    # The open review was done by the second review, and no next one is due.
    assert not case.tasks.filter(kind=TaskKind.REVIEW, done_on__isnull=True).exists()
    assert CaseReview.objects.filter(case=case).count() == 2


def test_the_case_page_and_forms(case, client_for):
    client = client_for("rs.caseworker")
    response = client.post(
        f"/cases/{case.pk}/permits/new/",
        {"kind": "humanitarian", "valid_from": days_ago(2).isoformat()},
    )
    assert response.status_code == 302
    response = client.post(
        f"/cases/{case.pk}/inclusion/new/",
        {"area": "work", "kind": "employment", "started_on": days_ago(1).isoformat()},
    )
    assert response.status_code == 302
    response = client.post(
        f"/cases/{case.pk}/reviews/new/",
        {"reviewed_on": days_ago(1).isoformat(), "outcome": "adjusted", "notes": "New goals."},
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Humanitarian permit" in page
    assert "Employment" in page
    assert "Plan adjusted" in page
    assert "New goals." in page
    bad = client.post(
        f"/cases/{case.pk}/inclusion/new/",
        {"area": "work", "kind": "shelter", "started_on": days_ago(1).isoformat()},
    )
    assert bad.status_code == 200
    assert "is not a measure of Work" in bad.content.decode()


def test_the_api_records_and_lists(case, worker):
    _token, key = api_token_create(actor=worker, name="t")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    created = client.post(
        f"/api/v1/cases/{case.pk}/permits/",
        {"kind": "cooperation", "valid_from": days_ago(3).isoformat()},
        content_type="application/json",
    )
    assert created.status_code == 201
    review = client.post(
        f"/api/v1/cases/{case.pk}/reviews/",
        {"reviewed_on": days_ago(1).isoformat(), "outcome": "continue"},
        content_type="application/json",
    )
    assert review.status_code == 201
    assert (
        review.json()["next_review_on"] == (days_ago(1) + datetime.timedelta(days=90)).isoformat()
    )
    bad = client.post(
        f"/api/v1/cases/{case.pk}/inclusion/",
        {"area": "housing", "kind": "school", "started_on": days_ago(1).isoformat()},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "kind" in bad.json()
    body = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert [p["kind"] for p in body["permits"]] == ["cooperation"]
    assert body["reviews"][0]["outcome"] == "continue"
