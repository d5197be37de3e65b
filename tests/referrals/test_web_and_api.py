"""The referral pages and the API: scope, the sender's preview, and the inbox."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.test import Client

from tests.referrals.conftest import ALL_ITEMS, agency_of, consent_abroad, draft, sent
from thbhub.accounts.models import User
from thbhub.accounts.services import api_token_create
from thbhub.audit.models import AuditEvent
from thbhub.referrals.codes import ReferralStatus
from thbhub.referrals.models import Referral


def api_client(user: User) -> Client:
    _token, key = api_token_create(actor=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_the_preview_shows_exactly_what_will_be_sent(client_for, worker, case):
    consent_abroad(worker, case)
    referral = draft(worker, case, items=ALL_ITEMS)
    page = client_for("rs.trm").get(f"/referrals/{referral.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Preview: exactly what the receiving country will get" in text
    assert "Teodora" in text
    # Not chosen, so not in the preview.
    assert "X0000000" not in text
    assert AuditEvent.objects.filter(
        action="referrals.referral.read", object_id=str(referral.pk)
    ).exists()


def test_another_countrys_contact_point_gets_404_on_web_and_api(client_for, users, worker, case):
    referral = draft(worker, case)
    for username in ("al.trm", "md.trm"):
        assert client_for(username).get(f"/referrals/{referral.pk}/").status_code == 404
        answer = api_client(users[username]).get(f"/api/v1/referrals/{referral.pk}/")
        assert answer.status_code == 404
        posted = client_for(username).post(
            f"/referrals/{referral.pk}/send/", {"version": referral.version}
        )
        assert posted.status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT


def test_the_sender_sees_its_outbox_only_and_the_receiver_its_inbox(
    client_for, users, worker, rs_trm, case
):
    referral = sent(worker, rs_trm, case)
    rs_out = api_client(users["rs.trm"]).get("/api/v1/referrals/?box=out").json()
    rs_in = api_client(users["rs.trm"]).get("/api/v1/referrals/?box=in").json()
    al_in = api_client(users["al.trm"]).get("/api/v1/referrals/?box=in").json()
    al_out = api_client(users["al.trm"]).get("/api/v1/referrals/?box=out").json()

    def ids(answer: Any) -> set[int]:
        rows = answer["results"] if isinstance(answer, dict) else answer
        return {row["id"] for row in rows}

    assert referral.pk in ids(rs_out)
    assert referral.pk not in ids(rs_in)
    assert referral.pk in ids(al_in)
    assert referral.pk not in ids(al_out)
    assert "TRM-RS-AL" in client_for("al.trm").get("/referrals/").content.decode()


def test_api_full_answer_flow(users, worker, case):
    consent_abroad(worker, case)
    created = api_client(users["rs.caseworker"]).post(
        "/api/v1/referrals/",
        {"case": case.pk, "to_country": "AL", "purpose": "assistance", "kind": "service"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    rs = api_client(users["rs.trm"])
    shared = rs.post(
        f"/api/v1/referrals/{pk}/share/",
        {"items": ["profile", "identity"], "version": created.json()["version"]},
        content_type="application/json",
    )
    assert shared.status_code == 200, shared.content
    assert shared.json()["content"]["items"]["identity"]["family_names"] == "Testović"
    stale = rs.post(
        f"/api/v1/referrals/{pk}/send/", {"version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409
    sent_answer = rs.post(
        f"/api/v1/referrals/{pk}/send/",
        {"version": shared.json()["version"]},
        content_type="application/json",
    )
    assert sent_answer.json()["status"] == "sent"
    al = api_client(users["al.trm"])
    assert al.post(f"/api/v1/referrals/{pk}/acknowledge/", {"version": 0}).status_code == 200
    accepted = al.post(
        f"/api/v1/referrals/{pk}/accept/",
        {"receiving_agency": agency_of("AL").pk},
        content_type="application/json",
    )
    assert accepted.json()["status"] == "accepted"
    posted = al.post(
        f"/api/v1/referrals/{pk}/messages/", {"body": "Arrived"}, content_type="application/json"
    )
    assert posted.status_code == 201
    thread = rs.get(f"/api/v1/referrals/{pk}/messages/").json()
    assert [message["body"] for message in thread] == ["Arrived"]
    timeline = rs.get(f"/api/v1/referrals/{pk}/timeline/").json()
    assert [event["kind"] for event in timeline][:4] == [
        "requested",
        "sharing_chosen",
        "sent",
        "acknowledged",
    ]
    assert json.dumps(timeline).count("Testović") == 0


def test_bad_input_is_refused_with_the_field_named(users, worker, case):
    answer = api_client(users["rs.caseworker"]).post(
        "/api/v1/referrals/",
        {"case": case.pk, "to_country": "RS", "purpose": "assistance", "kind": "service"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "to_country" in answer.json()
    assert not Referral.objects.filter(case=case).exists()


def test_ask_for_a_referral_from_the_web(client_for, worker, case):
    client = client_for("rs.caseworker")
    form = client.get(f"/referrals/new/?case={case.pk}")
    assert case.number in form.content.decode()
    answer = client.post(
        "/referrals/new/",
        {"case": case.pk, "to_country": "AL", "purpose": "return", "kind": "transfer"},
    )
    referral = Referral.objects.get(case=case)
    assert answer.status_code == 302
    assert answer["Location"] == f"/referrals/{referral.pk}/"
    assert referral.return_plan.case == case
    page = client.get(answer["Location"]).content.decode()
    assert "There is no consent in force" in page


def test_inbox_query_count_is_bounded(client_for, worker, rs_trm, django_assert_max_num_queries):
    from tests.cases.conftest import open_case

    for _ in range(3):
        sent(worker, rs_trm, open_case(worker))
    client = client_for("al.trm")
    with django_assert_max_num_queries(12):
        page = client.get("/referrals/")
    assert page.status_code == 200


def test_the_coordinator_sees_escalations_without_content(client_for, worker, rs_trm, case):
    from thbhub.referrals.escalation import referrals_escalate

    referral = sent(worker, rs_trm, case)
    assert referral.acknowledge_by is not None
    referrals_escalate(today=referral.acknowledge_by + datetime.timedelta(days=1))
    page = client_for("al.coordinator").get("/referrals/escalated/").content.decode()
    assert referral.reference in page
    assert "Teodora" not in page
    assert client_for("al.coordinator").get(f"/referrals/{referral.pk}/").status_code == 403
