"""The tracker's pages and API endpoints."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.recommendations.helpers import open_review, recommendation
from thbhub.recommendations.codes import ImplementationStatus
from thbhub.recommendations.models import StatusUpdate

pytestmark = pytest.mark.django_db


def test_tracker_page_lists_the_countrys_rows_in_few_queries(  # type: ignore[no-untyped-def]
    client_for, django_assert_max_num_queries
) -> None:
    client = client_for("rs.coordinator")
    with django_assert_max_num_queries(20):
        response = client.get("/recommendations/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "np2018-rs-01" in page and "np2021-star-5" in page
    assert "np2018-al-01" not in page


def test_secretariat_tracker_page_query_count_does_not_grow_with_rows(  # type: ignore[no-untyped-def]
    client_for, django_assert_max_num_queries
) -> None:
    client = client_for("secretariat")
    with django_assert_max_num_queries(20):
        response = client.get("/recommendations/?theme=compensation")
    page = response.content.decode()
    assert "np2018-al-02" in page and "np2018-rs-08" in page
    assert "np2018-al-01" not in page


def test_status_form_records_and_forged_ids_get_404(client_for, users) -> None:  # type: ignore[no-untyped-def]
    open_review(users)
    client = client_for("rs.coordinator")
    target = recommendation("np2018-rs-02")
    detail = client.get(f"/recommendations/{target.pk}/")
    assert "Record the status" in detail.content.decode()
    response = client.post(
        f"/recommendations/{target.pk}/status/",
        {
            "country": "RS",
            "status": "in_progress",
            "evidence": "Prevention plan for children adopted.",
        },
    )
    assert response.status_code == 302
    assert StatusUpdate.objects.filter(evidence="Prevention plan for children adopted.").exists()
    albanian = recommendation("np2018-al-01")
    assert client.get(f"/recommendations/{albanian.pk}/").status_code == 404
    forged = client.post(
        f"/recommendations/{albanian.pk}/status/",
        {"country": "AL", "status": "implemented", "evidence": "Forged"},
    )
    assert forged.status_code == 404
    assert not StatusUpdate.objects.filter(evidence="Forged").exists()


def test_empty_evidence_is_shown_on_the_form(client_for, users) -> None:  # type: ignore[no-untyped-def]
    open_review(users)
    target = recommendation("np2018-rs-02")
    response = client_for("rs.coordinator").post(
        f"/recommendations/{target.pk}/status/",
        {"country": "RS", "status": "in_progress", "evidence": ""},
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


def test_web_exports_and_pdf(client_for, users) -> None:  # type: ignore[no-untyped-def]
    client = client_for("secretariat")
    xlsx = client.get("/recommendations/export.xlsx?country=XK")
    sheet = load_workbook(io.BytesIO(xlsx.content))["Recommendations"]
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert {row[1] for row in rows} == {"Kosovo*", "Network (all members)"}
    notes = [
        row[0]
        for row in load_workbook(io.BytesIO(xlsx.content))["Notes"].iter_rows(values_only=True)
    ]
    assert any(str(note).startswith("* This designation") for note in notes)
    csv_response = client.get("/recommendations/export.csv")
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    pdf = client.get("/recommendations/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "progress report" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_report_with_a_forged_review_id_is_404(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("secretariat")
    assert client.get("/recommendations/report/?review=999999").status_code == 404
    assert client.get("/recommendations/report/?review=abc").status_code == 404


def test_api_lists_with_the_same_scope_and_records_status(client_for, users) -> None:  # type: ignore[no-untyped-def]
    client = client_for("rs.coordinator")
    rows = client.get("/api/v1/recommendations/").json()
    assert {row["country"] for row in rows} == {"RS", None}
    albanian = recommendation("np2018-al-01")
    assert client.get(f"/api/v1/recommendations/{albanian.pk}/").status_code == 404
    target = recommendation("np2018-rs-04")
    refused = client.post(
        f"/api/v1/recommendations/{target.pk}/status/",
        {"status": "implemented", "evidence": "Rulebook adopted."},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "No review is open" in refused.content.decode()
    open_review(users)
    created = client.post(
        f"/api/v1/recommendations/{target.pk}/status/",
        {"status": ImplementationStatus.IMPLEMENTED, "evidence": "Rulebook adopted."},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["country"] == "RS"
    detail = client.get(f"/api/v1/recommendations/{target.pk}/").json()
    assert detail["history"][0]["evidence"] == "Rulebook adopted."
    assert detail["source_document"]["key"] == "non-paper-2018"
