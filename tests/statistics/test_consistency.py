"""Consistency queries between two members, built by hand.

Albania (B) identified Serbian citizens; Serbia (A) counts its victims
identified abroad and exploited in Albania. Croatia is the third country
that must not see their figures.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.statistics.consistency import (
    Outcome,
    access_comparison,
    consistency_comment_add,
    consistency_of,
)
from thbhub.statistics.models import ConsistencyComment, Round
from thbhub.statistics.services import (
    round_open,
    submission_return,
    submission_submit,
    submission_upload_csv,
)

pytestmark = pytest.mark.django_db

YEAR = 2012
COLUMNS = (
    "country,year,measure,status,sex,age,citizenship,exploitation,"
    "exploitation_country,identified_in,value,flag,note"
)


def row(country: str, value: int, **codes: str) -> str:
    cells = {
        "status": "TOTAL",
        "sex": "TOTAL",
        "age": "TOTAL",
        "citizenship": "TOTAL",
        "exploitation": "TOTAL",
        "exploitation_country": "TOTAL",
        "identified_in": "TOTAL",
        **codes,
    }
    return ",".join([country, str(YEAR), "VICTIMS", *cells.values(), str(value), "", ""])


def albania(serbians: int = 12, status: str = "IDENTIFIED") -> bytes:
    """20 victims, 15 formally identified; ``serbians`` identified by Albania's authorities."""
    rows = [
        row("AL", 20),
        row("AL", 15, status="IDENTIFIED"),
        row("AL", 5, status="PRESUMED"),
        row("AL", 15, status="IDENTIFIED", identified_in="REPORTING"),
        row("AL", serbians, status=status, citizenship="RS"),
        row("AL", serbians, status=status, citizenship="RS", identified_in="REPORTING"),
    ]
    return "\n".join([COLUMNS, *rows, ""]).encode()


def serbia(abroad_in_albania: int = 4) -> bytes:
    """50 victims, 40 formally identified, two more identified abroad than in Albania."""
    rows = [
        row("RS", 50),
        row("RS", 40, status="IDENTIFIED"),
        row("RS", 10, status="PRESUMED"),
        row("RS", abroad_in_albania + 2, status="IDENTIFIED", identified_in="ABROAD"),
        row(
            "RS",
            abroad_in_albania,
            status="IDENTIFIED",
            identified_in="ABROAD",
            exploitation_country="AL",
        ),
        row(
            "RS",
            abroad_in_albania,
            status="IDENTIFIED",
            citizenship="NATIONAL",
            identified_in="ABROAD",
            exploitation_country="AL",
        ),
    ]
    return "\n".join([COLUMNS, *rows, ""]).encode()


def croatia() -> bytes:
    """Totals only: no citizenship detail at all."""
    return "\n".join([COLUMNS, row("HR", 9), row("HR", 9, status="IDENTIFIED"), ""]).encode()


@pytest.fixture
def round_(users) -> Round:  # type: ignore[no-untyped-def]
    return round_open(
        actor=users["secretariat"],
        year=YEAR,
        deadline=datetime.date(YEAR + 1, 6, 30),
        member_codes=["RS", "AL", "HR"],
    )


def submit(users, round_: Round, country: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    result = submission_upload_csv(
        actor=users[f"{country.lower()}.statistician"],
        round=round_,
        country_id=country,
        data=data,
        filename=f"{country.lower()}.csv",
    )
    assert result.version is not None, [str(issue) for issue in result.report.errors]
    submission = round_.submissions.get(country_id=country)
    submission_submit(actor=users[f"{country.lower()}.statistician"], submission=submission)


def pair(users, round_: Round, who: str = "secretariat"):  # type: ignore[no-untyped-def]
    """Albania's identified Serbians against Serbia's victims identified in Albania."""
    return access_comparison(users[who], round_, identifying_country="AL", citizenship_country="RS")


def test_a_gap_beyond_the_tolerance_is_a_query(users, round_) -> None:  # type: ignore[no-untyped-def]
    submit(users, round_, "AL", albania(serbians=12))
    submit(users, round_, "RS", serbia(abroad_in_albania=4))
    query = pair(users, round_)
    assert query.outcome == Outcome.QUERY
    assert (query.identified.value, query.counted.value, query.gap) == (12, 4, 8)
    # The formally identified victims are compared, from the most precise cells.
    assert query.identified.described == (
        "VICTIMS IDENTIFIED, citizenship RS, identified_in REPORTING"
    )
    assert query.counted.described == (
        "VICTIMS IDENTIFIED, citizenship NATIONAL, identified_in ABROAD, exploitation_country AL"
    )
    assert (query.identified.row, query.counted.row) == (7, 7)  # file lines, header is 1


def test_a_small_gap_is_consistent(users, round_) -> None:  # type: ignore[no-untyped-def]
    submit(users, round_, "AL", albania(serbians=12))
    submit(users, round_, "RS", serbia(abroad_in_albania=10))
    assert pair(users, round_).outcome == Outcome.CONSISTENT


def test_a_gap_of_two_persons_is_noise(users, round_) -> None:  # type: ignore[no-untyped-def]
    # 4 against 2 is a 50 % gap, but of two persons: not a query.
    submit(users, round_, "AL", albania(serbians=4))
    submit(users, round_, "RS", serbia(abroad_in_albania=2))
    assert pair(users, round_).outcome == Outcome.CONSISTENT


def test_without_citizenship_detail_the_pair_is_not_comparable(users, round_) -> None:  # type: ignore[no-untyped-def]
    submit(users, round_, "HR", croatia())
    submit(users, round_, "RS", serbia())
    comparison = access_comparison(
        users["secretariat"], round_, identifying_country="HR", citizenship_country="RS"
    )
    assert comparison.outcome == Outcome.NOT_COMPARABLE
    assert comparison.reason == "Not comparable: HR gives no citizenship detail."
    assert comparison.identified is None and comparison.counted is None
    submit(users, round_, "AL", albania())
    other = access_comparison(
        users["secretariat"], round_, identifying_country="AL", citizenship_country="HR"
    )
    assert other.reason == "Not comparable: AL gives no figure for citizens of HR."
    abroad = access_comparison(
        users["secretariat"], round_, identifying_country="HR", citizenship_country="AL"
    )
    assert abroad.reason == "Not comparable: HR gives no citizenship detail."


def test_without_the_abroad_detail_the_pair_is_not_comparable(users, round_) -> None:  # type: ignore[no-untyped-def]
    submit(users, round_, "AL", albania())
    totals = "\n".join([COLUMNS, row("RS", 50), ""]).encode()
    submit(users, round_, "RS", totals)
    assert pair(users, round_).reason == (
        "Not comparable: RS gives no count of its victims identified abroad by country of "
        "exploitation."
    )


def test_different_victim_statuses_are_not_compared(users, round_) -> None:  # type: ignore[no-untyped-def]
    # Albania gives Serbian citizens only for identified and presumed together.
    submit(users, round_, "AL", albania(serbians=12, status="TOTAL"))
    submit(users, round_, "RS", serbia(abroad_in_albania=4))
    comparison = pair(users, round_)
    assert comparison.outcome == Outcome.NOT_COMPARABLE
    assert "different victim statuses" in comparison.reason


def test_drafts_and_returned_submissions_are_not_used(users, round_) -> None:  # type: ignore[no-untyped-def]
    submit(users, round_, "AL", albania(serbians=12))
    submission_upload_csv(
        actor=users["rs.statistician"],
        round=round_,
        country_id="RS",
        data=serbia(abroad_in_albania=4),
        filename="rs.csv",
    )
    waiting = pair(users, round_)
    assert (waiting.outcome, waiting.reason) == (
        Outcome.WAITING,
        "Waiting for the submission of RS.",
    )
    rs = round_.submissions.get(country_id="RS")
    submission_submit(actor=users["rs.statistician"], submission=rs)
    assert pair(users, round_).outcome == Outcome.QUERY
    submission_return(actor=users["secretariat"], submission=rs, comment="Check the abroad rows.")
    assert pair(users, round_).outcome == Outcome.WAITING


# Who sees what ---------------------------------------------------------------


@pytest.fixture
def query(users, round_) -> Round:  # type: ignore[no-untyped-def]
    submit(users, round_, "AL", albania(serbians=12))
    submit(users, round_, "RS", serbia(abroad_in_albania=4))
    submit(users, round_, "HR", croatia())
    return round_


def test_both_sides_see_the_query_with_both_figures(users, query) -> None:  # type: ignore[no-untyped-def]
    for username in ("rs.coordinator", "al.statistician", "al.rapporteur"):
        (shown,) = [c for c in consistency_of(users[username], query) if c.is_query]
        assert (shown.identifying_country, shown.citizenship_country) == ("AL", "RS")
        assert (shown.identified.value, shown.counted.value) == (12, 4)


def test_a_member_sees_no_figure_outside_a_query(users, query) -> None:  # type: ignore[no-untyped-def]
    comparisons = consistency_of(users["hr.coordinator"], query)
    assert {(c.identifying_country, c.citizenship_country) for c in comparisons} == {
        ("HR", "AL"),
        ("HR", "RS"),
        ("AL", "HR"),
        ("RS", "HR"),
    }
    assert all(c.identified is None and c.counted is None for c in comparisons)


def test_the_secretariat_sees_every_pair(users, query) -> None:  # type: ignore[no-untyped-def]
    comparisons = consistency_of(users["secretariat"], query)
    assert len(comparisons) == 6
    assert comparisons[0].is_query


def test_the_page_shows_a_member_its_queries_only(client_for, query) -> None:  # type: ignore[no-untyped-def]
    page = client_for("al.statistician").get(f"/statistics/rounds/{YEAR}/consistency/")
    body = page.content.decode()
    assert 'id="pair-AL-RS"' in body
    assert "VICTIMS IDENTIFIED, citizenship NATIONAL, identified_in ABROAD" in body
    assert "Add the explanation" in body
    third = client_for("hr.statistician").get(f"/statistics/rounds/{YEAR}/consistency/")
    body = third.content.decode()
    assert 'id="pair-AL-RS"' not in body
    assert "No query within your reach." in body
    assert "Not comparable: HR gives no citizenship detail." in body
    # A rapporteur reads queries but leaves explaining to those who submit.
    rapporteur = client_for("rs.rapporteur").get(f"/statistics/rounds/{YEAR}/consistency/")
    assert 'id="pair-AL-RS"' in rapporteur.content.decode()
    assert "Add the explanation" not in rapporteur.content.decode()


# Explanations ----------------------------------------------------------------


def test_either_side_explains_and_both_see_it(users, query, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("al.statistician").post(
        f"/statistics/rounds/{YEAR}/consistency/AL/RS/comments/",
        {"text": "Eight of the twelve went on to Italy, not home."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#pair-AL-RS")
    consistency_comment_add(
        actor=users["rs.coordinator"],
        round=query,
        identifying_country="al",
        citizenship_country="rs",
        text="Confirmed: four returned through the TRM.",
    )
    page = client_for("rs.rapporteur").get(f"/statistics/rounds/{YEAR}/consistency/")
    body = page.content.decode()
    assert "Eight of the twelve went on to Italy" in body
    assert "Confirmed: four returned" in body
    first, second = ConsistencyComment.objects.filter(round=query).order_by("created_at", "pk")
    assert (first.author_country_id, second.author_country_id) == ("AL", "RS")
    event = AuditEvent.objects.get(
        action="statistics.consistency.comment", actor_username="al.statistician"
    )
    assert event.detail == {"year": YEAR, "identifying": "AL", "citizenship": "RS"}
    assert "Italy" not in str(event.detail)


def test_a_third_country_cannot_reach_the_query(users, query, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("hr.coordinator").post(
        f"/statistics/rounds/{YEAR}/consistency/AL/RS/comments/", {"text": "Not ours."}
    )
    assert response.status_code == 404
    assert not ConsistencyComment.objects.exists()
    assert AuditEvent.objects.filter(
        action="access.refused", actor_username="hr.coordinator", object_id=f"{YEAR}/AL/RS"
    ).exists()


def test_an_empty_explanation_or_a_pair_without_gap_is_refused(client_for, query) -> None:  # type: ignore[no-untyped-def]
    client = client_for("rs.statistician")
    empty = client.post(
        f"/statistics/rounds/{YEAR}/consistency/AL/RS/comments/", {"text": "  "}, follow=True
    )
    assert "Write the explanation" in empty.content.decode()
    none = client.post(
        f"/statistics/rounds/{YEAR}/consistency/HR/RS/comments/", {"text": "Why?"}, follow=True
    )
    assert "raise no query (not comparable): there is no gap to explain" in none.content.decode()
    assert not ConsistencyComment.objects.exists()


# API -------------------------------------------------------------------------


def api_client(user) -> Client:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(actor=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_the_api_lists_pairs_and_takes_explanations(users, query) -> None:  # type: ignore[no-untyped-def]
    client = api_client(users["rs.statistician"])
    url = f"/api/v1/statistics/rounds/{YEAR}/consistency/"
    pairs = client.get(url).json()
    first = pairs[0]
    assert (first["identifying_country"], first["citizenship_country"], first["outcome"]) == (
        "AL",
        "RS",
        "query",
    )
    assert first["identified"]["value"] == 12
    assert first["identified"]["coordinates"] == {"citizenship": "RS", "identified_in": "REPORTING"}
    assert first["counted"]["value"] == 4
    assert all(p["identified"] is None for p in pairs if p["outcome"] != "query")
    created = client.post(
        url,
        {"identifying_country": "AL", "citizenship_country": "RS", "text": "Four returned."},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["author_country"] == "RS"
    assert client.get(url).json()[0]["comments"][0]["text"] == "Four returned."
    refused = client.post(
        url,
        {"identifying_country": "HR", "citizenship_country": "RS", "text": "Why?"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "there is no gap to explain" in refused.json()["detail"]


def test_the_api_hides_other_countries_pairs(users, query) -> None:  # type: ignore[no-untyped-def]
    client = api_client(users["hr.statistician"])
    url = f"/api/v1/statistics/rounds/{YEAR}/consistency/"
    assert all(
        "HR" in (p["identifying_country"], p["citizenship_country"]) for p in client.get(url).json()
    )
    forged = client.post(
        url,
        {"identifying_country": "AL", "citizenship_country": "RS", "text": "Not ours."},
        content_type="application/json",
    )
    assert forged.status_code == 404
    assert (
        api_client(users["rs.rapporteur"])
        .post(
            url,
            {"identifying_country": "AL", "citizenship_country": "RS", "text": "Reader."},
            content_type="application/json",
        )
        .status_code
        == 403
    )
