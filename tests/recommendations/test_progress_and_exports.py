"""The progress report (web data and PDF) and the tracker exports, read
back with real parsers."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.recommendations.helpers import open_review, recommendation
from thbhub.recommendations import services
from thbhub.recommendations.codes import ImplementationStatus
from thbhub.recommendations.exports import HEADERS
from thbhub.recommendations.models import Review
from thbhub.recommendations.progress import progress_report
from thbhub.recommendations.report_pdf import build_progress_pdf
from thbhub.recommendations.selectors import tracker_rows
from thbhub.reference.models import KOSOVO_DESIGNATION_NOTE

pytestmark = pytest.mark.django_db


def _cycle(users: Any) -> Review:
    review = open_review(users)
    services.status_record(
        actor=users["rs.coordinator"],
        recommendation_id=recommendation("np2018-rs-05").pk,
        status=ImplementationStatus.IMPLEMENTED,
        evidence='=HYPERLINK("http://example.org") Law on Foreigners, Article 62.',
    )
    services.status_record(
        actor=users["xk.coordinator"],
        recommendation_id=recommendation("np2018-xk-03").pk,
        status=ImplementationStatus.IMPLEMENTED,
        evidence="Statistical system in place since January.",
    )
    services.comment_add(
        actor=users["rs.rapporteur"],
        recommendation_id=recommendation("np2018-rs-05").pk,
        text="Confirmed: the provision applies since 1 March.",
    )
    return review


def test_report_counts_by_country_and_theme_and_what_moved(users) -> None:  # type: ignore[no-untyped-def]
    review = _cycle(users)
    report = progress_report(users["secretariat"], review)
    moved = {(m.row.recommendation.code, m.country_label) for m in report.moved}
    assert moved == {("np2018-rs-05", "Serbia"), ("np2018-xk-03", "Kosovo*")}
    serbia = next(t for t in report.by_country if t.key == "RS")
    assert serbia.total == 9 and serbia.moved == 1
    assert report.totals.total == 63 and report.totals.moved == 2
    data = next(t for t in report.by_theme if t.key == "data")
    assert data.moved == 1  # Kosovo*'s statistical system
    movement = next(m for m in report.moved if m.row.country and m.row.country.code == "RS")
    assert movement.before_label != movement.after_label == "Implemented"
    assert [c.text for c in movement.comments] == [
        "Confirmed: the provision applies since 1 March."
    ]
    assert report.names_kosovo


def test_country_report_shows_only_its_own_and_the_networks(users) -> None:  # type: ignore[no-untyped-def]
    review = _cycle(users)
    report = progress_report(users["rs.coordinator"], review)
    assert {t.key for t in report.by_country} == {"RS", ""}
    assert [m.row.recommendation.code for m in report.moved] == ["np2018-rs-05"]
    assert not report.names_kosovo


def test_pdf_reads_back_with_kosovo_and_the_note(users) -> None:  # type: ignore[no-untyped-def]
    review = _cycle(users)
    pdf = build_progress_pdf(progress_report(users["secretariat"], review))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Kosovo*" in flat
    assert " ".join(str(KOSOVO_DESIGNATION_NOTE).split())[:60] in flat
    assert "What moved since the last review" in flat
    assert "np2018-rs-05" in flat and "Confirmed: the provision applies" in flat


def test_cli_export_csv_reads_back_formula_safe_with_bom(users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _cycle(users)
    out = tmp_path / "tracker.csv"
    call_command(
        "recommendations", "export", "--out", str(out), "--as", "secretariat", stdout=io.StringIO()
    )
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    body = [row for row in rows[1:] if len(row) == len(HEADERS)]
    assert len(body) == 63
    serbian = next(row for row in body if row[0] == "np2018-rs-05")
    assert serbian[HEADERS.index("Status code")] == "implemented"
    assert serbian[HEADERS.index("Evidence")].startswith("'=HYPERLINK")
    assert serbian[HEADERS.index("Source document")].startswith("Combating Trafficking")
    assert any(row[1] == "Kosovo*" for row in body)
    assert rows[-1] == [str(KOSOVO_DESIGNATION_NOTE)]


def test_cli_export_xlsx_follows_the_accounts_scope(users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _cycle(users)
    out = tmp_path / "tracker.xlsx"
    call_command(
        "recommendations",
        "export",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--as",
        "rs.coordinator",
        stdout=io.StringIO(),
    )
    sheet = load_workbook(out)["Recommendations"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    countries = {row[2] for row in values[1:]}
    assert countries == {"RS", None}
    serbian = next(row for row in values[1:] if row[0] == "np2018-rs-05")
    evidence = serbian[HEADERS.index("Evidence")]
    assert isinstance(evidence, str) and evidence.startswith("=HYPERLINK")  # text, not a formula
    assert (
        sheet.cell(
            row=[r[0] for r in values].index("np2018-rs-05") + 1,
            column=HEADERS.index("Evidence") + 1,
        ).data_type
        == "s"
    )
    assert len(values) - 1 == len(tracker_rows(users["rs.coordinator"]))


def test_cli_export_refuses_a_role_without_access(users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "tracker.csv"
    with pytest.raises(CommandError, match="Your role does not allow"):
        call_command("recommendations", "export", "--out", str(out), "--as", "rs.statistician")
    assert not out.exists()
    with pytest.raises(CommandError, match="--format csv or --format xlsx"):
        call_command(
            "recommendations", "export", "--out", str(tmp_path / "x.txt"), "--as", "secretariat"
        )
