"""The good-practice library: described by a country, read by every account
including EU partners, searchable by theme and text."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.core.test_query_counts import count_queries
from thbhub.accounts.services import api_token_create
from thbhub.cases.nrm_indicators import DEFINITIONS as NRM_DEFINITIONS
from thbhub.directory.models import Institution
from thbhub.network import services
from thbhub.network.models import Practice
from thbhub.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


def _practice(users, **changes: object) -> Practice:
    data: dict[str, Any] = {
        "country_id": "RS",
        "title": "Peer support groups for survivors",
        "description": "Survivors meet monthly with a trained facilitator.",
        "themes": ["protection", "children"],
        "indicators": ["victims_identified"],
    }
    data.update(changes)
    return services.practice_create(
        actor=users["rs.coordinator"], data=services.PracticeData(**data)
    )


def test_every_account_including_eu_partners_reads_the_library(client_for, users):
    practice = _practice(users)
    for username in ("de.partner", "secretariat", "al.caseworker", "rs.trm"):
        client = client_for(username)
        assert practice.title in client.get("/network/practices/").content.decode()
        page = client.get(f"/network/practices/{practice.pk}/").content.decode()
        assert "Survivors meet monthly" in page
        assert "Formally identified victims" in page
    assert client_for("de.partner").get("/network/practices/new/").status_code == 403


def test_search_by_theme_and_text(client_for, users):
    peer = _practice(users)
    other = _practice(
        users,
        title="Hotline in five languages",
        description="Calls answered day and night.",
        themes=["prevention"],
        indicators=[],
    )
    client = client_for("de.partner")
    by_theme = client.get("/network/practices/", {"theme": "children"}).content.decode()
    assert peer.title in by_theme and other.title not in by_theme
    by_text = client.get("/network/practices/", {"query": "night hotline"}).content.decode()
    assert other.title in by_text and peer.title not in by_text
    _token, key = api_token_create(actor=users["de.partner"], name="library")
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    found = api.get("/api/v1/network/practices/", {"theme": "prevention", "q": "languages"}).json()
    assert [item["title"] for item in found] == [other.title]
    refused = api.get("/api/v1/network/practices/", {"theme": "gardening"})
    assert refused.status_code == 400 and "Unknown theme" in refused.json()["theme"]


def test_the_coordinator_describes_practices_of_the_own_country_only(client_for, users):
    recommendation = Recommendation.objects.order_by("code").first()
    institution = Institution.objects.filter(country_id="RS").order_by("pk").first()
    assert recommendation is not None and institution is not None
    client = client_for("rs.coordinator")
    response = client.post(
        "/network/practices/new/",
        {
            "country": "RS",
            "title": "Cultural mediators at the border",
            "description": "Mediators join the first interview.",
            "themes": ["identification", "migrants_asylum"],
            "indicators": ["foreigners"],
            "recommendations": [recommendation.pk],
            "contact_institution": institution.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    practice = Practice.objects.get(title="Cultural mediators at the border")
    assert practice.themes == ["identification", "migrants_asylum"]
    assert list(practice.recommendations.all()) == [recommendation]
    other = client_for("al.coordinator")
    assert other.get(f"/network/practices/{practice.pk}/edit/").status_code == 404
    assert (
        other.post(
            "/network/practices/new/",
            {"country": "RS", "title": "Forged", "description": "x", "themes": ["data"]},
        ).status_code
        == 200
    )
    assert not Practice.objects.filter(title="Forged").exists()
    _token, key = api_token_create(actor=users["al.coordinator"], name="forged")
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    payload = {
        "country": "RS",
        "title": "Forged",
        "description": "x",
        "themes": ["data"],
        "version": practice.version,
    }
    assert (
        api.put(
            f"/api/v1/network/practices/{practice.pk}/", payload, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        api.post("/api/v1/network/practices/", payload, content_type="application/json").status_code
        == 403
    )
    assert not Practice.objects.filter(title="Forged").exists()


def test_unknown_indicator_codes_are_refused_with_the_fix(users):
    with pytest.raises(ValidationError) as error:
        _practice(users, indicators=["victims_identified", "happiness_index"])
    assert "happiness_index" in str(error.value)
    assert not Practice.objects.filter(title="Peer support groups for survivors").exists()


def test_the_library_does_not_query_per_practice(client_for, users, django_assert_max_num_queries):
    client = client_for("de.partner")
    few = count_queries(client, "/network/practices/")
    for number in range(5):
        _practice(users, title=f"Practice {number}")
    many = count_queries(client, "/network/practices/")
    assert few == many
    with django_assert_max_num_queries(12):
        client.get("/network/practices/")


def test_practices_name_nrm_indicators_from_cases_too(users):
    key = NRM_DEFINITIONS[-1].key
    practice = _practice(users, indicators=[key, "victims_identified"])
    assert practice.indicators == sorted([key, "victims_identified"])
