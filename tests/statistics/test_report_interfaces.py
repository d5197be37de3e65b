"""The report through the web page, the background PDF build and the command."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from django.core.management import CommandError, call_command

from tests.statistics.report_builders import publish_year
from thbhub.audit.models import AuditEvent
from thbhub.jobs.models import Job

pytestmark = pytest.mark.django_db

YEAR = 2017


@pytest.fixture
def published(users):  # type: ignore[no-untyped-def]
    return publish_year(users["secretariat"], YEAR, members=["RS", "AL", "XK"])


def test_every_role_reads_the_report_page(published, client_for) -> None:  # type: ignore[no-untyped-def]
    for username in ("de.partner", "rs.caseworker", "al.coordinator", "secretariat"):
        response = client_for(username).get(f"/statistics/report/{YEAR}/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Kosovo*" in body and "UNSCR 1244/99" in body
        assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in body


def test_a_year_without_publication_is_not_found(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("de.partner").get("/statistics/report/2012/")
    assert response.status_code == 404


def test_standalone_html_points_nowhere_outside(published, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("de.partner").get(f"/statistics/report/{YEAR}/report.html")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    body = response.content.decode()
    assert "<style>" in body and "<svg" in body
    assert not re.search(r'(src|href)="(https?:)?//', body)
    assert "<link" not in body and "<script" not in body


def test_the_pdf_is_built_in_the_background_and_downloaded_by_its_owner(
    published, client_for, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = client_for("de.partner")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/statistics/report/{YEAR}/pdf/")
    assert response.status_code == 302
    job = Job.objects.get(owner__username="de.partner", kind="statistics.report_build")
    assert response["Location"] == f"/statistics/report/builds/{job.pk}/"
    status = client.get(response["Location"])
    assert status.status_code == 200
    assert "Download the PDF" in status.content.decode()
    download = client.get(f"/statistics/report/builds/{job.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(download.content))
    assert "Kosovo*" in "".join(page.extract_text() for page in pdf.pages)
    # Another account's build is not found, even with its id.
    other = client_for("rs.rapporteur").get(f"/statistics/report/builds/{job.pk}/download/")
    assert other.status_code == 404
    assert AuditEvent.objects.filter(
        action="statistics.report.build", actor_username="de.partner"
    ).exists()


def test_command_builds_pdf_and_html(published, tmp_path, users) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.pdf"
    call_command(
        "report",
        "build",
        "--year",
        str(YEAR),
        "--format",
        "pdf",
        "--out",
        str(out),
        "--as",
        "rs.statistician",
    )
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "Serbia" in text and "Albania" in text
    html = tmp_path / "report.html"
    call_command(
        "report",
        "build",
        "--year",
        str(YEAR),
        "--format",
        "html",
        "--out",
        str(html),
        "--as",
        "de.partner",
    )
    assert "Kosovo*" in html.read_text(encoding="utf-8")
    assert AuditEvent.objects.filter(
        action="statistics.report.build", actor_username="rs.statistician"
    ).exists()


def test_command_says_to_publish_first(tmp_path, users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(
        CommandError, match="publish the round first: thbhub stats publish --year 2013"
    ):
        call_command(
            "report",
            "build",
            "--year",
            "2013",
            "--out",
            str(tmp_path / "r.pdf"),
            "--as",
            "secretariat",
        )
    assert not (tmp_path / "r.pdf").exists()


def test_command_needs_an_account(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="--as USERNAME"):
        call_command("report", "build", "--year", str(YEAR), "--out", str(tmp_path / "r.pdf"))
