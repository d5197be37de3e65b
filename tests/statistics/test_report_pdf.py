"""The report as a PDF, read back with pypdf."""

from __future__ import annotations

import io

import pypdf
import pytest

from tests.statistics.report_builders import publish_year
from thbhub.statistics.report.content import report_content
from thbhub.statistics.report.pdf import build_pdf

pytestmark = pytest.mark.django_db

YEAR = 2018


@pytest.fixture
def pdf_text(users) -> tuple[str, list[str], object]:  # type: ignore[no-untyped-def]
    publish_year(users["secretariat"], YEAR, members=["RS", "AL", "HR", "RO", "XK"])
    content = report_content(users["de.partner"], YEAR)
    steps: list[tuple[int, int, str]] = []
    body = build_pdf(
        content, progress=lambda done, total, message: steps.append((done, total, message))
    )
    reader = pypdf.PdfReader(io.BytesIO(body))
    pages = [page.extract_text() for page in reader.pages]
    return "\n".join(pages), pages, (content, steps)


def test_headline_numbers_and_member_names_are_in_the_pdf(pdf_text) -> None:  # type: ignore[no-untyped-def]
    text, _pages, (content, _steps) = pdf_text
    for figure in content.headline:
        assert figure.cell.text in text
    for name in ("Albania", "Croatia", "Romania", "Serbia", "Kosovo*"):
        assert name in text
    assert "UNSCR 1244/99 and the ICJ Opinion on the Kosovo declaration of independence" in text


def test_a_suppressed_cell_shows_c(pdf_text) -> None:  # type: ignore[no-untyped-def]
    text, _pages, (content, _steps) = pdf_text
    suppressed = [row for row in content.table if any(cell.suppressed for cell in row.cells)]
    if not suppressed:
        # Every fiche carries the form-of-exploitation chart, where the small cells fall.
        assert any(
            cell.suppressed
            for f in content.fiches
            for c in f.charts
            for s in c.series
            for cell in s.cells
        )
    lines = [line.strip() for line in text.splitlines()]
    assert "c" in lines


def test_cyrillic_and_diacritics_survive(pdf_text) -> None:  # type: ignore[no-untyped-def]
    text, _pages, _extra = pdf_text
    assert "Жртве су идентификоване у заједничкој операцији са Хрватском." in text  # noqa: RUF001 — Cyrillic on purpose
    assert "Agenția Națională împotriva Traficului de Persoane" in text
    assert "Ministria e Brendshme, Zyra e Koordinatorit Kombëtar" in text
    assert "Ministarstvo unutarnjih poslova" in text


def test_one_page_per_country_fiche_and_progress(pdf_text) -> None:  # type: ignore[no-untyped-def]
    _text, pages, (content, steps) = pdf_text
    for fiche in content.fiches:
        starting = [p for p in pages if f"{fiche.name}: registered victims by year" in p]
        assert len(starting) == 1, fiche.name
    assert steps[-1][0] == steps[-1][1]
    assert [done for done, _total, _m in steps] == list(range(1, len(steps) + 1))
