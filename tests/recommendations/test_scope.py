"""A country sees its own recommendations and the network-wide ones; the
secretariat sees every country's; other roles see none."""

from __future__ import annotations

import pytest

from tests.recommendations.helpers import open_review, recommendation
from thbhub.recommendations import services
from thbhub.recommendations.codes import ImplementationStatus
from thbhub.recommendations.selectors import (
    TrackerFilters,
    history_for,
    recommendations_visible_to,
    tracker_rows,
)
from thbhub.reference.models import Country

pytestmark = pytest.mark.django_db


def test_country_sees_own_and_network_wide(users) -> None:  # type: ignore[no-untyped-def]
    rows = tracker_rows(users["rs.coordinator"])
    countries = {row.country.code if row.country else None for row in rows}
    assert countries == {"RS", None}
    assert len([row for row in rows if row.country]) == 9
    assert len([row for row in rows if row.country is None]) == 22  # 5 STARs + 17 priorities


def test_secretariat_sees_every_country(users) -> None:  # type: ignore[no-untyped-def]
    rows = tracker_rows(users["secretariat"])
    assert len(rows) == 63
    assert {row.country.code for row in rows if row.country} == {"AL", "BA", "XK", "MK", "ME", "RS"}


@pytest.mark.parametrize("username", ["rs.statistician", "rs.caseworker", "rs.trm", "de.partner"])
def test_other_roles_see_nothing(users, username: str) -> None:  # type: ignore[no-untyped-def]
    assert tracker_rows(users[username]) == []


def test_country_filter_cannot_widen_scope(users) -> None:  # type: ignore[no-untyped-def]
    rows = tracker_rows(users["rs.coordinator"], TrackerFilters(country="AL"))
    assert all(row.country is None for row in rows)


def test_a_country_without_recommendations_sees_network_wide_only(users) -> None:  # type: ignore[no-untyped-def]
    rows = tracker_rows(users["si.coordinator"])
    assert rows and all(row.country is None for row in rows)


def test_status_history_of_a_shared_recommendation_stays_per_country(users) -> None:  # type: ignore[no-untyped-def]
    # A recommendation that concerns two countries: each sees only its own status.
    target = recommendation("np2018-rs-03")
    target.countries.add(Country.objects.get(code="MK"))
    open_review(users)
    services.status_record(
        actor=users["mk.coordinator"],
        recommendation_id=target.pk,
        status=ImplementationStatus.IMPLEMENTED,
        evidence="Screening in asylum registration since May (MK).",
    )
    services.status_record(
        actor=users["rs.coordinator"],
        recommendation_id=target.pk,
        status=ImplementationStatus.IN_PROGRESS,
        evidence="Screening piloted in two centres (RS).",
    )
    serbian = [u.evidence for u in history_for(users["rs.coordinator"], target)]
    assert "Screening piloted in two centres (RS)." in serbian
    assert "Screening in asylum registration since May (MK)." not in serbian
    assert history_for(users["secretariat"], target).filter(review__isnull=False).count() >= 2
    rows = [row for row in tracker_rows(users["rs.coordinator"]) if row.recommendation == target]
    assert [(row.country.code, row.status) for row in rows if row.country] == [
        ("RS", "in_progress")
    ]
    # Listed once, not once per country.
    assert recommendations_visible_to(users["secretariat"]).filter(pk=target.pk).count() == 1
