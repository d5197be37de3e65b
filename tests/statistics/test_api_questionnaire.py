"""The API of round questions, methodology and answers."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.statistics.rounds import open_round, submission_of, totals_only_csv
from thbhub.accounts.services import api_token_create
from thbhub.statistics.models import RoundQuestion
from thbhub.statistics.services import submission_upload_csv

pytestmark = pytest.mark.django_db

# A year the demo data opens no round for.
API_YEAR = 2016


def api_client(user) -> Client:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(actor=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_questions_are_listed_added_changed_and_deleted(users) -> None:  # type: ignore[no-untyped-def]
    opened = open_round(users["secretariat"], year=API_YEAR)
    client = api_client(users["secretariat"])
    url = f"/api/v1/statistics/rounds/{API_YEAR}/questions/"
    listed = client.get(url).json()
    assert [q["number"] for q in listed] == list(range(1, len(listed) + 1))
    added = client.post(
        url, {"theme": "other", "text": "Shelters for men?"}, content_type="application/json"
    )
    assert added.status_code == 201
    body = added.json()
    assert body["number"] == len(listed) + 1
    moved = client.patch(
        f"{url}{body['id']}/",
        {"number": 1, "text": "Men's shelters?"},
        content_type="application/json",
    )
    assert moved.json() == {
        "id": body["id"],
        "number": 1,
        "theme": "other",
        "text": "Men's shelters?",
    }
    bad = client.patch(f"{url}{body['id']}/", {"theme": "weather"}, content_type="application/json")
    assert bad.status_code == 400 and "theme" in bad.json()
    assert client.delete(f"{url}{body['id']}/").status_code == 204
    assert opened.questions.count() == len(listed)
    member = api_client(users["rs.coordinator"])
    assert member.get(url).status_code == 200
    refused = member.post(url, {"theme": "other", "text": "x"}, content_type="application/json")
    assert refused.status_code == 403
    assert api_client(users["de.partner"]).get(url).status_code == 403


def test_methodology_and_answers_are_read_and_replaced(users) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(users["secretariat"], year=API_YEAR)
    submission_upload_csv(
        actor=users["rs.statistician"],
        round=round_,
        country_id="RS",
        data=totals_only_csv(year=API_YEAR),
        filename="rs.csv",
    )
    submission = submission_of(round_, "RS")
    client = api_client(users["rs.statistician"])
    url = f"/api/v1/statistics/submissions/{submission.pk}/"
    assert client.get(f"{url}methodology/").json() == {
        "version": 1,
        "created": False,
        "methodology": {},
    }
    put = client.put(
        f"{url}methodology/",
        {"data_authority": "Ministry of Interior", "includes_presumed": "yes"},
        content_type="application/json",
    )
    assert put.status_code == 200
    assert put.json()["version"] == 2 and put.json()["created"] is True
    assert put.json()["methodology"]["includes_presumed"] == "yes"
    wrong = client.put(
        f"{url}methodology/", {"includes_presumed": "maybe"}, content_type="application/json"
    )
    assert wrong.status_code == 400 and "includes_presumed" in wrong.json()
    question = RoundQuestion.objects.filter(round=round_).order_by("number").first()
    assert question is not None
    answered = client.put(
        f"{url}answers/",
        {"answers": [{"question": question.pk, "answer": "Fewer referrals."}]},
        content_type="application/json",
    )
    assert answered.status_code == 200
    body = answered.json()
    assert body["version"] == 3
    first = body["answers"][0]
    assert (first["question"], first["answer"]) == (question.pk, "Fewer referrals.")
    unknown = client.put(
        f"{url}answers/",
        {"answers": [{"question": 999999, "answer": "x"}]},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "answers" in unknown.json()
    assert submission.versions.count() == 3
    other = api_client(users["al.statistician"])
    assert other.get(f"{url}answers/").status_code == 404
    assert other.put(f"{url}methodology/", {}, content_type="application/json").status_code == 404
    assert api_client(users["rs.rapporteur"]).get(f"{url}methodology/").status_code == 200
