"""What the regional report says, from publications written as rows."""

from __future__ import annotations

import pytest

from tests.statistics.report_builders import THRESHOLD, publish_year
from thbhub.statistics.models import PublishedObservation, StoredObservation
from thbhub.statistics.report.charts import data_table, to_svg
from thbhub.statistics.report.content import report_content
from thbhub.statistics.report.sources import NoPublicationError

pytestmark = pytest.mark.django_db

YEAR = 2019


@pytest.fixture
def published(users):  # type: ignore[no-untyped-def]
    publish_year(users["secretariat"], YEAR - 1)
    return publish_year(
        users["secretariat"],
        YEAR,
        members=["RS", "AL", "HR", "XK"],
        addressed=["RS", "AL", "HR", "XK", "ME"],
        totals_only=["XK"],
        scale=2,
    )


def _region_total(publication, **coordinates):  # type: ignore[no-untyped-def]
    base = {
        "status": "TOTAL",
        "sex": "TOTAL",
        "age": "TOTAL",
        "citizenship": "TOTAL",
        "exploitation": "TOTAL",
        "exploitation_country": "TOTAL",
        "identified_in": "TOTAL",
    }
    return PublishedObservation.objects.get(
        publication=publication, country="NATC_SEE", measure="VICTIMS", **(base | coordinates)
    )


def test_headline_figures_are_the_published_region_rows(published, users) -> None:  # type: ignore[no-untyped-def]
    content = report_content(users["de.partner"], YEAR)
    figures = {h.label: h for h in content.headline}
    assert figures["Registered victims"].cell.value == _region_total(published).value
    assert figures["Children"].cell.value == _region_total(published, age="CHILD").value
    assert figures["Women and girls"].cell.value == _region_total(published, sex="F").value
    # Twice the victims of the year before, with the same members: +100 %.
    assert figures["Registered victims"].change == "+100 %"


def test_table_names_kosovo_with_the_star_and_shows_suppressed_cells_as_c(published, users) -> None:  # type: ignore[no-untyped-def]
    content = report_content(users["rs.rapporteur"], YEAR)
    names = [row.name for row in content.table]
    assert "Kosovo*" in names
    assert content.names_kosovo
    assert "UNSCR 1244/99" in content.designation_note
    suppressed = [cell for row in content.table for cell in row.cells if cell.suppressed]
    small = PublishedObservation.objects.filter(publication=published, flag="c")
    if small.exists():
        assert all(cell.text == "c" and cell.value is None for cell in suppressed)
    for row in content.table:
        for cell in row.cells:
            assert cell.value is None or cell.value > THRESHOLD or cell.value == 0


def test_nothing_comes_from_unpublished_rows(published, users) -> None:  # type: ignore[no-untyped-def]
    # A number only an unpublished version holds never reaches the report.
    version = published.round.submissions.get(country_id="RS").latest_version()
    StoredObservation.objects.create(
        version=version,
        country="RS",
        year=YEAR,
        measure="VICTIMS",
        status="TOTAL",
        sex="TOTAL",
        age="TOTAL",
        citizenship="TOTAL",
        exploitation="TOTAL",
        exploitation_country="TOTAL",
        identified_in="TOTAL",
        value=987654,
        source_row=2,
    )
    content = report_content(users["secretariat"], YEAR)
    texts = [cell.text for row in content.table for cell in row.cells]
    assert not any("987" in text for text in texts)


def test_caveats_name_members_left_out_totals_only_and_incomplete_sums(published, users) -> None:  # type: ignore[no-untyped-def]
    caveats = " ".join(report_content(users["secretariat"], YEAR).caveats)
    assert "Montenegro" in caveats  # addressed, not published
    assert "Totals only, no breakdown: Kosovo*" in caveats
    assert f"from 1 to {THRESHOLD}" in caveats
    assert "Sum of 4 of 11 members" in caveats


def test_divergences_group_members_by_their_methodology(published, users) -> None:  # type: ignore[no-untyped-def]
    content = report_content(users["secretariat"], YEAR)
    presumed = dict(content.divergences[0].groups)
    assert presumed["Yes"] == ("Albania", "Serbia")
    assert presumed["No"] == ("Croatia",)
    breaks = content.divergences[-1]
    assert breaks.groups == (("Yes", ("Serbia",)),)


def test_answers_are_grouped_by_theme_as_written(published, users) -> None:  # type: ignore[no-untyped-def]
    content = report_content(users["secretariat"], YEAR)
    answers = [a for theme in content.themes for q in theme.questions for a in q.answers]
    assert ("Serbia", "Жртве су идентификоване у заједничкој операцији са Хрватском.") in answers  # noqa: RUF001 — Cyrillic on purpose


def test_one_fiche_per_member_and_charts_with_tables(published, users) -> None:  # type: ignore[no-untyped-def]
    content = report_content(users["secretariat"], YEAR)
    assert [f.name for f in content.fiches] == ["Albania", "Croatia", "Kosovo*", "Serbia"]
    by_key = {chart.key: chart for chart in content.charts}
    assert set(by_key) == {"by-country", "sex-age", "exploitation", "trends", "flows"}
    assert by_key["trends"].categories == (str(YEAR - 1), str(YEAR))
    header, rows = data_table(by_key["by-country"])
    assert header[0] == "Member" and len(rows) == 4
    svg = to_svg(by_key["flows"])
    assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
    # Victims from Ukraine registered by a member appear as a flow to that member.
    assert any("Ukraine" in series.label for series in by_key["flows"].series)


def test_a_year_without_publication_says_to_publish_first(users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NoPublicationError, match="thbhub stats publish --year 2011"):
        report_content(users["secretariat"], 2011)
