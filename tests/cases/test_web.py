"""The case pages as a case worker uses them."""

from __future__ import annotations

import pytest

from tests.cases.conftest import days_ago, open_case
from thbhub.cases.models import Case


def test_opening_a_case_through_the_form(client_for, worker):
    client = client_for("rs.caseworker")
    assert client.get("/cases/new/").status_code == 200
    response = client.post(
        "/cases/new/",
        {
            "case-first_contact_on": days_ago(2).isoformat(),
            "case-sex": "F",
            "case-age_at_identification": "",
            "case-citizenship": "md",
            "case-languages": "ro, ru",
            "case-exploitation": ["SEXUAL"],
            "case-routes": "recruitment, MD, 2025-01-10\nexploitation, RS, 2025-02-01, 2025-06-30",
            "person-given_names": "Olga",
            "person-family_names": "Formularescu",
            "person-date_of_birth": "2008",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=response["Location"].strip("/").split("/")[-1])
    assert case.citizenship == "MD"
    assert case.presumed_child  # age unknown: presumed a child
    assert case.routes.count() == 2
    assert case.identifiers.family_names == "Formularescu"
    page = client.get(response["Location"]).content.decode()
    assert "Appoint a guardian" in page
    assert "Formularescu" not in page


def test_a_bad_route_line_is_named(client_for):
    client = client_for("rs.caseworker")
    response = client.post(
        "/cases/new/",
        {"case-first_contact_on": days_ago(2).isoformat(), "case-sex": "F", "case-routes": "MD"},
    )
    assert response.status_code == 200
    assert "Line 1 (MD)" in response.content.decode()


def test_the_list_filters(client_for, child_case, case):
    client = client_for("rs.caseworker")
    children = client.get("/cases/", {"child": "yes"}).content.decode()
    assert child_case.number in children
    assert case.number not in children
    labour = client.get("/cases/", {"exploitation": "LABOUR", "status": "PRESUMED"}).content
    assert case.number in labour.decode()


@pytest.mark.parametrize(
    "action",
    ["identify", "reflection", "plan", "services/new", "consents/new", "guardian",
     "best-interests/new", "family-contact/new", "close", "identifiers/edit", "edit"],
)  # fmt: skip
def test_every_case_form_opens(client_for, child_case, action):
    response = client_for("rs.caseworker").get(f"/cases/{child_case.pk}/{action}/")
    assert response.status_code == 200


def test_consent_gate_on_the_service_form(client_for, case, social):
    client = client_for("rs.caseworker")
    form = {"service": "legal_aid", "provider": social.pk, "started_on": days_ago(1).isoformat()}
    refused = client.post(f"/cases/{case.pk}/services/new/", form)
    assert refused.status_code == 200
    assert "no consent in force" in refused.content.decode()
    assert not case.services.exists()
    form["override_reason"] = "Court hearing tomorrow; the person is in hospital."
    assert client.post(f"/cases/{case.pk}/services/new/", form).status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Court hearing tomorrow" in page
    assert "Acted without consent" in page


def test_the_coordinator_sets_the_countrys_rules(client_for):
    from thbhub.cases.models import CountryCaseSettings

    client = client_for("rs.coordinator")
    short = {
        "reflection_period_days": 20,
        "reflection_alert_days": 5,
        "guardian_within_days": 2,
        "review_interval_days": 60,
        "best_interests_within_days": 14,
        "retention_years": 7,
    }
    refused = client.post("/cases/rules/", short)
    assert refused.status_code == 200
    assert not CountryCaseSettings.objects.filter(country_id="RS").exists()
    saved = client.post("/cases/rules/", {**short, "reflection_period_days": 90})
    assert saved.status_code == 302
    rules = CountryCaseSettings.objects.get(country_id="RS")
    assert (rules.reflection_period_days, rules.guardian_within_days) == (90, 2)
    assert (rules.best_interests_within_days, rules.retention_years) == (14, 7)


def test_editing_identifiers_records_field_names_only(client_for, case):
    from thbhub.audit.models import AuditEvent

    client = client_for("rs.caseworker")
    form = client.get(f"/cases/{case.pk}/identifiers/edit/")
    assert "Teodora" in form.content.decode()
    response = client.post(
        f"/cases/{case.pk}/identifiers/edit/",
        {
            "given_names": "Teodora",
            "family_names": "Testović-Nova",
            "date_of_birth": "1995-04-12",
            "documents": "Passport X0000000 (test)",
            "version": 1,
        },
    )
    assert response.status_code == 302
    case.identifiers.refresh_from_db()
    assert case.identifiers.family_names == "Testović-Nova"
    entry = AuditEvent.objects.get(action="cases.identifiers.update", object_id=str(case.pk))
    assert entry.detail == {"fields": ["family_names"]}
    assert "Nova" not in str(AuditEvent.objects.filter(object_id=str(case.pk)).values("detail"))


def test_a_task_is_marked_done_and_leaves_the_due_list(client_for, child_case):
    client = client_for("rs.caseworker")
    task = child_case.tasks.get(kind="guardian")

    def due_box() -> str:
        page = client.get("/cases/").content.decode()
        return page.split("Due soon")[1].split('role="search"')[0] if "Due soon" in page else ""

    assert child_case.number in due_box()
    response = client.post(f"/cases/{child_case.pk}/tasks/{task.pk}/done/")
    assert response.status_code == 302
    assert child_case.number not in due_box()
    task.refresh_from_db()
    assert task.done_on is not None
    assert child_case.events.filter(kind="task_done").exists()


def test_a_long_list_says_it_goes_on_and_reaches_the_newest_cases_only(
    client_for, worker, monkeypatch
):
    from thbhub.cases import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "CASE_LIST_CAP", 4)
    for _ in range(5):
        open_case(worker)
    newest = list(
        Case.objects.filter(agency=worker.agency, closed_on__isnull=True)
        .order_by("-pk")
        .values_list("number", flat=True)[:5]
    )
    client = client_for("rs.caseworker")

    first = client.get("/cases/").content.decode()
    beyond = client.get("/cases/", {"page": "9"}).content.decode()

    assert "More than 4 cases: the newest 4 are listed. Filter or search" in first
    assert "Page 1 of 2" in first
    assert newest[0] in first and newest[1] in first
    assert "Page 2 of 2" in beyond
    assert newest[2] in beyond and newest[3] in beyond
    assert newest[4] not in beyond


def test_a_search_that_fits_on_one_page_counts_nothing(client_for, worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    found = open_case(worker, given="Ana", family="Jednomić")
    client = client_for("rs.caseworker")

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/cases/", {"query": "Jednomić", "state": "all"}).content.decode()

    assert found.number in page
    assert "1 case" in page
    case_counts = [
        query["sql"]
        for query in queries.captured_queries
        if "COUNT(" in query["sql"].upper() and '"cases_case"' in query["sql"]
    ]
    assert case_counts == []
