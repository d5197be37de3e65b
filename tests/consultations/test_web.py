"""The secretariat's pages and the API; who sees what."""

from __future__ import annotations

import datetime
import json

from django.test import Client
from django.utils import timezone

from tests.consultations.conftest import answer_form, issue, make_consultation, respond
from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.consultations.models import Consultation, Invitation, QuestionKind
from thbhub.consultations.privacy import token_hash


def test_the_secretariat_opens_a_consultation_and_adds_questions_on_the_web(client_for):
    client = client_for("secretariat")
    today = timezone.localdate()
    response = client.post(
        "/consultations/new/",
        {
            "title_en": "Shelter funding",
            "title_sr_latn": "Finansiranje skloništa",
            "purpose_en": "Which services matter most.",
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=10)).isoformat(),
            "minimum_group_size": 6,
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get(title__en="Shelter funding")
    assert consultation.title == {"en": "Shelter funding", "sr-latn": "Finansiranje skloništa"}
    assert consultation.minimum_group_size == 6
    response = client.post(
        f"/consultations/{consultation.pk}/questions/new/",
        {
            "kind": "single",
            "text_en": "Did a shelter help you?",
            "text_sr_latn": "Da li vam je sklonište pomoglo?",
            "options_en": "Yes\nNo",
            "options_sr_latn": "Da\nNe",
        },
    )
    assert response.status_code == 302
    question = consultation.questions.get()
    assert [o.text for o in question.options.all()] == [
        {"en": "Yes", "sr-latn": "Da"},
        {"en": "No", "sr-latn": "Ne"},
    ]
    detail = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert "Did a shelter help you?" in detail
    assert "en, sr-latn" in detail  # both languages complete
    assert AuditEvent.objects.filter(action="consultations.question.add").exists()


def test_a_group_below_five_is_refused_with_a_clear_message(client_for):
    client = client_for("secretariat")
    today = timezone.localdate().isoformat()
    response = client.post(
        "/consultations/new/",
        {"title_en": "Tiny", "opens_on": today, "closes_on": today, "minimum_group_size": 3},
    )
    assert response.status_code == 200
    assert "Results are never shown for fewer than 5 respondents" in response.content.decode()
    assert not Consultation.objects.filter(title__en="Tiny").exists()


def test_options_must_match_in_every_language(client_for, consultation):
    client = client_for("secretariat")
    fresh = Consultation.objects.create(
        title={"en": "Fresh"},
        opens_on=consultation.opens_on,
        closes_on=consultation.closes_on,
        minimum_group_size=5,
        created_by=consultation.created_by,
    )
    response = client.post(
        f"/consultations/{fresh.pk}/questions/new/",
        {"kind": "single", "text_en": "Q?", "options_en": "A\nB", "options_sr_latn": "A"},
    )
    assert response.status_code == 200
    assert "Give as many options as in English (2)" in response.content.decode()
    assert not fresh.questions.exists()


def test_questions_cannot_change_once_answers_came_in(client_for, consultation, secretariat):
    (token,) = issue(secretariat, consultation, 1)
    respond(token, answer_form(consultation))
    client = client_for("secretariat")
    question = consultation.questions.first()
    response = client.post(
        f"/consultations/{consultation.pk}/questions/{question.pk}/delete/", follow=True
    )
    assert "can no longer change" in response.content.decode()
    assert consultation.questions.count() == 4


def test_readers_see_published_results_only(client_for, consultation, secretariat):
    partner = client_for("de.partner")
    assert partner.get("/consultations/").status_code == 200
    assert "Funding priorities 2027" not in partner.get("/consultations/").content.decode()
    assert partner.get(f"/consultations/{consultation.pk}/").status_code == 404
    assert partner.get(f"/consultations/{consultation.pk}/results/").status_code == 404
    assert partner.get(f"/consultations/{consultation.pk}/summary.pdf").status_code == 404

    secretariat_client = client_for("secretariat")
    refused = secretariat_client.post(f"/consultations/{consultation.pk}/publish/", follow=True)
    assert "Fewer than 5 people have answered" in refused.content.decode()
    for token in issue(secretariat, consultation, 5):
        respond(token, answer_form(consultation))
    secretariat_client.post(f"/consultations/{consultation.pk}/publish/")
    consultation.refresh_from_db()
    assert consultation.published_on == timezone.localdate()

    for reader in ("de.partner", "rs.coordinator", "rs.rapporteur"):
        client = client_for(reader)
        assert "Funding priorities 2027" in client.get("/consultations/").content.decode()
        page = client.get(f"/consultations/{consultation.pk}/results/")
        assert page.status_code == 200
        assert "5 respondents" in page.content.decode()
        # Readers do not manage: no links, no review, no changes.
        assert client.get(f"/consultations/{consultation.pk}/invitations/").status_code == 403
        assert client.get(f"/consultations/{consultation.pk}/review/").status_code == 403
    assert client_for("rs.caseworker").get("/consultations/").status_code == 403


def test_the_list_page_makes_few_queries(client_for, secretariat, django_assert_max_num_queries):
    for _index in range(8):
        make_consultation(secretariat)
    client = client_for("secretariat")
    with django_assert_max_num_queries(12):
        response = client.get("/consultations/")
    assert response.status_code == 200


def _api(username: str) -> Client:
    from thbhub.accounts.models import User

    _token, key = api_token_create(actor=User.objects.get(username=username), name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_the_api_creates_a_consultation_issues_links_and_reports_results(db):
    client = _api("secretariat")
    today = timezone.localdate()
    created = client.post(
        "/api/v1/consultations/",
        data={
            "title": {"en": "API consultation", "sr-latn": "API konsultacija"},
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=3)).isoformat(),
            "questions": [
                {
                    "kind": "single",
                    "text": {"en": "Yes or no?", "sr-latn": "Da ili ne?"},
                    "options": [{"en": "Yes", "sr-latn": "Da"}, {"en": "No", "sr-latn": "Ne"}],
                }
            ],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["minimum_group_size"] == 5
    assert body["respondents"] is None
    pk = body["id"]
    links = client.post(
        f"/api/v1/consultations/{pk}/invitations/",
        data={"count": 5},
        content_type="application/json",
    )
    assert links.status_code == 201
    assert links["Cache-Control"] == "no-store"
    tokens = [item["link"].rsplit("/c/", 1)[1].strip("/") for item in links.json()["links"]]
    assert Invitation.objects.filter(token_hash__in=[token_hash(t) for t in tokens]).count() == 5
    consultation = Consultation.objects.get(pk=pk)
    question = consultation.questions.get(kind=QuestionKind.SINGLE)
    yes = question.options.get(position=1)
    for token in tokens:
        assert Client().post(f"/c/{token}/", {f"q{question.pk}": yes.pk}).status_code == 302
    results = client.get(f"/api/v1/consultations/{pk}/results/").json()
    assert results["respondents"] == 5
    assert results["questions"][0]["options"][0] == {"label": "Yes", "count": 5, "percent": 100}
    # Not published: readers do not find it.
    assert _api("de.partner").get(f"/api/v1/consultations/{pk}/results/").status_code == 404
    listed = json.dumps(_api("de.partner").get("/api/v1/consultations/").json())
    assert "API consultation" not in listed


def test_the_api_refuses_readers_writes(db):
    today = timezone.localdate().isoformat()
    response = _api("rs.coordinator").post(
        "/api/v1/consultations/",
        data={"title": {"en": "X"}, "opens_on": today, "closes_on": today},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Consultation.objects.filter(title__en="X").exists()
