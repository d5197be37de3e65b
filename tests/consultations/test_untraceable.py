"""No consultation response can be tied to an invitation or to a person.

Respondents answer through the real respondent page, from a distinctive
address and browser; then every column of every stored row, the audit log,
the sessions and the cookies are inspected.
"""

from __future__ import annotations

import datetime
import logging
import os
import uuid

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client

from tests.consultations.conftest import answer_form, issue, make_consultation, respond
from thbhub.audit.models import AuditEvent
from thbhub.consultations.models import Answer, Invitation, InvitationState, Response
from thbhub.consultations.privacy import token_hash
from thbhub.core.logging import RedactSecretsFilter

ADDRESS = "203.0.113.77"
DEVICE = "Mozilla/5.0 (Linux; Android 14; UniquePhone-XYZ-4711)"
SECRET_STORY = "I worked at the farm near the river in 2019."


def _every_stored_value() -> list[tuple[str, str, object]]:
    """(model, column, value) for every row of every consultations table."""
    values = []
    for model in apps.get_app_config("consultations").get_models():
        for row in model._default_manager.all():
            for field in model._meta.concrete_fields:
                values.append((model.__name__, field.attname, getattr(row, field.attname)))
    return values


def test_answering_stores_nothing_that_ties_a_response_to_an_invitation_or_a_person(
    consultation, secretariat
):
    tokens = issue(secretariat, consultation, 6)
    audit_before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sessions_before = Session.objects.count()
    for index, token in enumerate(tokens):
        client = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=DEVICE)
        page = client.get(f"/c/{token}/")
        assert page.status_code == 200
        response = respond(
            token,
            answer_form(consultation, place=index % 2, text=SECRET_STORY if index == 0 else ""),
            client=client,
        )
        assert response.status_code == 302, response.content[:500]
        # No cookie set, on the question page or after answering.
        assert not page.cookies
        assert not response.cookies
        assert not client.cookies

    # Responses and answers have exactly these columns: no invitation, no
    # person, no address, no device, no language, no time of day.
    assert [f.attname for f in Response._meta.concrete_fields] == [
        "id",
        "consultation_id",
        "submitted_on",
    ]
    assert [f.attname for f in Answer._meta.concrete_fields] == [
        "id",
        "response_id",
        "question_id",
        "option_id",
        "scale_value",
        "text",
        "review",
        "shown_text",
    ]
    assert [f.attname for f in Invitation._meta.concrete_fields] == [
        "id",
        "consultation_id",
        "token_hash",
        "batch",
        "state",
    ]
    # No relation in either direction between invitations and responses.
    for model in (Response, Answer):
        related = {f.related_model for f in model._meta.get_fields() if f.is_relation}
        assert Invitation not in related
    assert not {f.related_model for f in Invitation._meta.get_fields() if f.is_relation} & {
        Response,
        Answer,
    }

    responses = list(Response.objects.all())
    assert len(responses) == 6
    for stored in responses:
        # Random ids: nothing to line up with the order links were used in.
        assert isinstance(stored.id, uuid.UUID)
        assert stored.id.version == 4
        assert type(stored.submitted_on) is datetime.date
    assert Response._meta.ordering == ["id"]
    assert Answer._meta.ordering == ["id"]

    # Invitations record only that they were used.
    assert set(Invitation.objects.values_list("state", flat=True)) == {InvitationState.USED}

    # Every column of every row: no address, device, token or the hashes of
    # the tokens anywhere but in the invitations' own hash column.
    hashes = {token_hash(token) for token in tokens}
    for model_name, column, value in _every_stored_value():
        text = str(value)
        assert ADDRESS not in text, (model_name, column)
        assert "UniquePhone" not in text, (model_name, column)
        for token in tokens:
            assert token not in text, (model_name, column)
        if not (model_name == "Invitation" and column == "token_hash"):
            assert text not in hashes, (model_name, column)
        if isinstance(value, datetime.datetime) and model_name in {"Response", "Answer"}:
            raise AssertionError(f"{model_name}.{column} holds a time of day")
    # The free text is stored encrypted, never in clear.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM consultations_answer WHERE text <> ''")
        raw = [row[0] for row in cursor.fetchall()]
    assert raw
    assert all(value.startswith("fernet:") for value in raw)
    assert all("farm" not in value for value in raw)

    # Answering wrote nothing to the audit log and created no session.
    assert not AuditEvent.objects.filter(pk__gt=audit_before).exists()
    assert not AuditEvent.objects.filter(address=ADDRESS).exists()
    assert Session.objects.count() == sessions_before


def test_a_logged_in_browser_answers_without_its_account_being_recorded(
    consultation, secretariat, users
):
    """A staff member's login on the same phone must not mix with the answers."""
    (token,) = issue(secretariat, consultation, 1)
    client = Client(REMOTE_ADDR=ADDRESS)
    client.force_login(users["rs.coordinator"])
    audit_before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = respond(token, answer_form(consultation), client=client)
    assert response.status_code == 302
    new_rows = AuditEvent.objects.filter(pk__gt=audit_before)
    assert not new_rows.exists(), list(new_rows.values("action", "actor_username"))
    for _model, _column, value in _every_stored_value():
        assert "rs.coordinator" not in str(value)
    assert Response.objects.count() == 1


def test_an_expired_login_marker_does_not_write_the_link_into_the_audit_log(
    consultation, secretariat
):
    """The session-expiry notice records the path; a respondent's path holds the token."""
    from thbhub.accounts.middleware import SESSION_MARKER_COOKIE

    (token,) = issue(secretariat, consultation, 1)
    client = Client(REMOTE_ADDR=ADDRESS)
    # A signed marker as the login sets it.
    from django.core import signing

    value = signing.get_cookie_signer(salt=SESSION_MARKER_COOKIE).sign("rs.coordinator")
    client.cookies[SESSION_MARKER_COOKIE] = value
    audit_before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert client.get(f"/c/{token}/").status_code == 200
    assert not AuditEvent.objects.filter(pk__gt=audit_before).exists()


def test_the_log_filter_removes_respondent_links():
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        ("/c/Abc123_-xyzXYZ0987654/",),
        None,
    )
    RedactSecretsFilter().filter(record)
    assert "Abc123" not in record.getMessage()
    assert "/c/[redacted]" in record.getMessage()


def test_the_answer_order_is_not_the_order_of_arrival(consultation, secretariat):
    """Twenty answers, read back the way every page reads them: not by arrival."""
    tokens = issue(secretariat, consultation, 20)
    for index, token in enumerate(tokens):
        respond(token, answer_form(consultation, scale=1 + index % 5))
    stored = list(Response.objects.values_list("id", flat=True))
    assert stored == sorted(stored)
    # Arrival order is by the scale pattern 1..5 repeated; the stored order
    # (random ids) is not the same sequence.
    scale_answers = [
        answer.scale_value
        for answer in Answer.objects.filter(scale_value__isnull=False).order_by("response_id")
    ]
    assert scale_answers != [1 + index % 5 for index in range(20)]


def test_no_model_outside_the_app_points_at_responses():
    for model in apps.get_models():
        if model._meta.app_label == "consultations":
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey):
                assert field.related_model not in {Response, Answer, Invitation}, model


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="xmin exists on PostgreSQL only",
)
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_no_invitation_shares_a_transaction_id_with_only_its_response():
    """PostgreSQL stamps each row with the transaction that wrote it (xmin).
    Answering rewrites every invitation of the consultation, so the xmin of
    a response matches all invitations or none, never one. (Committed
    transactions: the test is transactional.)"""
    from django.db import connection

    from tests.conftest import ensure_demo_data
    from thbhub.accounts.models import User

    ensure_demo_data()
    secretariat = User.objects.get(username="secretariat")
    consultation = make_consultation(secretariat)
    tokens = issue(secretariat, consultation, 4)
    for token in tokens:
        assert respond(token, answer_form(consultation)).status_code == 302
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xmin::text FROM consultations_invitation WHERE consultation_id = %s",
            [consultation.pk],
        )
        invitation_xmins = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT xmin::text FROM consultations_response WHERE consultation_id = %s",
            [consultation.pk],
        )
        response_xmins = [row[0] for row in cursor.fetchall()]
    assert len(set(response_xmins)) == 4  # each answer committed on its own
    for xmin in response_xmins:
        matching = invitation_xmins.count(xmin)
        assert matching in (0, len(invitation_xmins)), (xmin, invitation_xmins)
