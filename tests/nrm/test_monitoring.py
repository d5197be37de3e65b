"""NRM monitoring: indicators counted from cases, disclosure control by
role, published statistics where a country has no cases, gaps with reasons,
the page, the export and the API."""

from __future__ import annotations

import datetime
import io
import statistics
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.nrm.builders import IDENTIFIED, NOT_VICTIM, Story, build_case
from thbhub.audit.models import AuditEvent
from thbhub.cases.models import Case
from thbhub.cases.nrm_indicators import guardian_deadlines
from thbhub.nrm.selectors import nrm_monitoring
from thbhub.statistics.indicator_selectors import PUBLISHED, indicators_for

pytestmark = pytest.mark.django_db

YEAR = 2023
D = datetime.date
# A year the demo publishes statistics for.
PUBLISHED_YEAR = 2022


@pytest.fixture
def rs_cases(users: Any) -> dict[str, Any]:
    worker = users["rs.caseworker"]
    stories = {
        "c1": Story(
            D(YEAR, 2, 1),
            services=[("accommodation", 2)],
            reflection_after=2,
            plan_after=10,
            decision=IDENTIFIED,
            decided_after=40,
        ),
        "c2": Story(
            D(YEAR, 3, 1),
            services=[("mental_health", 5), ("accommodation", 3)],
            reflection_after=3,
            reflection_days=60,
            decision=IDENTIFIED,
            decided_after=20,
        ),
        "c3": Story(
            D(YEAR, 4, 1), services=[("psychological", 7)], decision=IDENTIFIED, decided_after=60
        ),
        "c4": Story(D(YEAR, 5, 1), age=15, guardian_after=2, services=[("accommodation", 3)]),
        "c5": Story(D(YEAR, 6, 1), age=16, guardian_after=10),
        "c6": Story(D(YEAR, 7, 1)),
        "not_victim": Story(D(YEAR, 8, 1), decision=NOT_VICTIM, decided_after=5),
    }
    return {key: build_case(worker, story) for key, story in stories.items()}


def test_indicators_are_counted_from_the_cases(users: Any, rs_cases: dict[str, Case]) -> None:
    table = nrm_monitoring(users["rs.coordinator"], years=[YEAR])
    assert table.full_country == "RS"

    def value(key: str) -> Any:
        return table.get(YEAR, key, "RS")

    assert value("cases").value == 6
    assert value("days_to_referral").value == statistics.median([2, 3, 7, 3])
    assert value("days_to_identification").value == 40
    assert (value("reflection_share").numerator, value("reflection_share").denominator) == (2, 6)
    first_length = rs_cases["c1"].reflection_days
    assert first_length is not None
    assert value("reflection_length").value == statistics.median([first_length, 60])
    assert (value("assistance_plan_share").numerator, value("assistance_plan_share").value) == (
        1,
        round(1 / 6, 6),
    )
    assert value("mental_health_share").numerator == 2
    deadline = guardian_deadlines(["RS"])["RS"]
    in_time = sum(days <= deadline for days in (2, 10))
    guardian = value("guardian_share")
    assert (guardian.numerator, guardian.denominator) == (in_time, 2)
    assert f"{deadline} days" in guardian.note
    assert value("protection_coverage").numerator == 4
    assert value("protection_coverage").source == "cases"
    assert all(table.get(YEAR, "cases", m.code).flag == "" for m in table.members)


def test_other_countries_see_small_counts_suppressed(users: Any, rs_cases: Any) -> None:
    table = nrm_monitoring(users["al.coordinator"], years=[YEAR])
    assert table.full_country == "AL"
    assert table.get(YEAR, "cases", "RS").value == 6
    for key in ("reflection_share", "mental_health_share", "protection_coverage"):
        hidden = table.get(YEAR, key, "RS")
        assert hidden.value is None and hidden.flag == "c", key
        assert hidden.numerator is None and hidden.denominator is None
        assert "Suppressed" in hidden.reason
    # A median over three identifications could point at a person.
    assert table.get(YEAR, "days_to_identification", "RS").flag == "c"
    # The secretariat sees the same controlled figures, network-wide.
    secretariat = nrm_monitoring(users["secretariat"], years=[YEAR])
    assert secretariat.full_country is None
    assert secretariat.get(YEAR, "reflection_share", "RS").flag == "c"
    assert secretariat.get(YEAR, "cases", "RS").value == 6


def test_eu_partner_sees_published_statistics_only(users: Any, rs_cases: Any) -> None:
    partner = users["de.partner"]
    table = nrm_monitoring(partner, years=[PUBLISHED_YEAR, YEAR])
    assert not table.sees_cases
    gap = table.get(YEAR, "days_to_referral", "RS")
    assert gap.value is None and "Not published" in gap.reason
    assert table.get(YEAR, "referrals_sent", "RS").value is None
    published = indicators_for(partner, years=[PUBLISHED_YEAR], source=PUBLISHED)
    for code in ("RS", "BA"):
        coverage = table.get(PUBLISHED_YEAR, "protection_coverage", code)
        figure = published.get(code, PUBLISHED_YEAR, "protection_coverage")
        assert figure is not None
        assert coverage.value == figure.value
        assert coverage.source == "statistics" if figure.value is not None else True


def test_country_without_cases_gets_statistics_or_a_gap(users: Any, rs_cases: Any) -> None:
    table = nrm_monitoring(users["secretariat"], years=[PUBLISHED_YEAR])
    assert not Case.objects.filter(country_id="BA").exists()
    coverage = table.get(PUBLISHED_YEAR, "protection_coverage", "BA")
    assert coverage.source == "statistics"
    gap = table.get(PUBLISHED_YEAR, "days_to_referral", "BA")
    assert gap.value is None
    assert "BA does not manage its cases in THB Hub" in gap.reason
    # Serbia's cases start later: for this year its published statistics stand in.
    assert table.get(PUBLISHED_YEAR, "protection_coverage", "RS").source == "statistics"
    assert "RS has no case in THB Hub with first contact in 2022" in (
        table.get(PUBLISHED_YEAR, "days_to_referral", "RS").reason
    )
    assert any(member.label == "Kosovo*" for member in table.members)
    assert any("UNSCR 1244" in note for note in table.notes)


def test_referral_figures_are_shown_for_countries_with_cases(users: Any, rs_cases: Any) -> None:
    table = nrm_monitoring(users["rs.rapporteur"], years=[YEAR])
    sent = table.get(YEAR, "referrals_sent", "RS")
    assert sent.source == "referrals"
    assert sent.value is not None
    assert table.get(YEAR, "referrals_sent", "BA").value is None


def test_page_lists_definitions_beside_numbers_in_bounded_queries(
    users: Any, rs_cases: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for("rs.coordinator")
    with django_assert_max_num_queries(60):
        response = client.get(f"/nrm/?from={YEAR - 2}&to={YEAR}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Median days from the first contact to the decision identifying" in page
    assert 'id="nrm-2023"' in page and 'id="nrm-2021"' in page
    assert "Kosovo*" in page
    assert "does not manage its cases in THB Hub" in page


def test_page_explains_a_wrong_year_range(client_for: Any) -> None:
    response = client_for("secretariat").get("/nrm/?from=2024&to=2010")
    assert response.status_code == 200
    assert "is before the first" in response.content.decode()


def test_export_is_a_workbook_with_the_same_values(
    users: Any, rs_cases: Any, client_for: Any
) -> None:
    response = client_for("al.coordinator").get(f"/nrm/export.xlsx?from={YEAR}&to={YEAR}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    by = {(row[1], row[2]): dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by[("Victims taken into the NRM", "Serbia")]["Value"] == 6
    hidden = by[("Share with a recovery and reflection period", "Serbia")]
    assert hidden["Value"] is None and hidden["Flag"] == "c"
    notes = [row[0] for row in book.worksheets[1].iter_rows(values_only=True)]
    assert any("UNSCR 1244" in str(note) for note in notes)
    assert AuditEvent.objects.filter(action="nrm.export", actor__username="al.coordinator").exists()


def test_api_gives_the_same_table(users: Any, rs_cases: Any) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(users["de.partner"])
    data = client.get(f"/api/v1/nrm/indicators/?from={YEAR}").json()
    values = {(v["indicator"], v["country"]): v for v in data["values"] if v["year"] == YEAR}
    assert values[("days_to_referral", "RS")]["value"] is None
    assert "Not published" in values[("days_to_referral", "RS")]["reason"]
    client.force_authenticate(users["rs.coordinator"])
    own = client.get(f"/api/v1/nrm/indicators/?from={YEAR}&to={YEAR}").json()
    cases = next(v for v in own["values"] if v["indicator"] == "cases" and v["country"] == "RS")
    assert cases["value"] == 6
    definitions = {d["key"]: d for d in own["definitions"]}
    assert definitions["protection_coverage"]["statistics_definition"]
    wrong = client.get("/api/v1/nrm/indicators/?from=2024&to=2001")
    assert wrong.status_code == 400
    client.force_authenticate(users["rs.caseworker"])
    assert client.get("/api/v1/nrm/indicators/").status_code == 403
