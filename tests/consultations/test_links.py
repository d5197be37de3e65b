"""Single-use invitation links: issued once, stored only as hashes, used
once, revocable, expiring at the closing date; every unusable link gets a
clear page in the respondent's language and changes nothing."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.consultations.conftest import (
    TOKEN_IN_LINK,
    answer_form,
    issue,
    make_consultation,
    respond,
)
from thbhub.audit.models import AuditEvent
from thbhub.consultations import services
from thbhub.consultations.models import Invitation, InvitationState, Response
from thbhub.consultations.privacy import token_hash


def test_links_are_shown_once_and_only_their_hashes_are_kept(client_for, consultation):
    client = client_for("secretariat")
    page = client.post(
        f"/consultations/{consultation.pk}/invitations/", {"count": 3, "delivery": "page"}
    )
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    tokens = TOKEN_IN_LINK.findall(page.content.decode())
    assert len(set(tokens)) == 3
    stored = set(
        Invitation.objects.filter(consultation=consultation).values_list("token_hash", flat=True)
    )
    assert stored == {token_hash(token) for token in tokens}
    assert not stored & set(tokens)
    # The page of links is never shown again.
    again = client.get(f"/consultations/{consultation.pk}/invitations/").content.decode()
    assert not any(token in again for token in tokens)
    assert "3" in again  # the count of unused links
    entry = AuditEvent.objects.filter(action="consultations.invitations.issue").latest("pk")
    assert entry.detail == {"batch": 1, "count": 3}
    assert not any(token in str(entry.detail) for token in tokens)


def test_links_can_be_downloaded_once_as_csv(client_for, consultation):
    client = client_for("secretariat")
    response = client.post(
        f"/consultations/{consultation.pk}/invitations/", {"count": 4, "delivery": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Number", "Link"]
    assert len(rows) == 5
    for reference, link in rows[1:]:
        match = TOKEN_IN_LINK.search(link)
        assert match is not None
        token = match.group(1)
        assert Invitation.objects.get(pk=int(reference)).token_hash == token_hash(token)


def test_a_link_works_once(consultation, secretariat):
    (token,) = issue(secretariat, consultation, 1)
    assert respond(token, answer_form(consultation)).status_code == 302
    second = respond(token, answer_form(consultation), lang="sr-latn")
    assert second.status_code == 410
    body = second.content.decode()
    assert 'lang="sr-latn"' in body
    assert Response.objects.filter(consultation=consultation).count() == 1
    assert not second.cookies


@pytest.mark.parametrize(
    ("problem", "status", "english"),
    [
        ("invalid", 404, "This link is not valid"),
        ("revoked", 410, "This link has been withdrawn"),
        ("closed", 410, "This consultation has closed"),
        ("not_open", 200, "This consultation has not opened yet"),
    ],
)
def test_an_unusable_link_gets_a_clear_page_and_changes_nothing(
    problem, status, english, secretariat
):
    today = timezone.localdate()
    dates = {
        "closed": (today - datetime.timedelta(days=10), today - datetime.timedelta(days=1)),
        "not_open": (today + datetime.timedelta(days=2), today + datetime.timedelta(days=9)),
    }.get(problem, (today, today + datetime.timedelta(days=5)))
    consultation = make_consultation(secretariat, opens_on=dates[0], closes_on=dates[1])
    if problem == "closed":
        # Links issued while it was open; the closing date has passed since.
        Invitation.objects.create(
            consultation=consultation, token_hash=token_hash("closedtoken1234"), batch=1
        )
        token = "closedtoken1234"
    elif problem == "invalid":
        token = "NoSuchTokenAtAll123"
    else:
        (token,) = issue(secretariat, consultation, 1)
    if problem == "revoked":
        assert services.invitations_revoke(actor=secretariat, consultation=consultation) == 1
    audit_before = AuditEvent.objects.count()
    page = respond(token, answer_form(consultation))
    assert page.status_code == status
    assert english in page.content.decode()
    assert "Nothing was recorded about this visit." in page.content.decode()
    assert not Response.objects.filter(consultation=consultation).exists()
    assert AuditEvent.objects.count() == audit_before
    assert not page.cookies
    if problem != "invalid":
        assert Invitation.objects.get(token_hash=token_hash(token)).state != InvitationState.USED
    # The same page in Serbian, as the respondent chose it.
    serbian = respond(token, answer_form(consultation), lang="sr-latn")
    assert 'lang="sr-latn"' in serbian.content.decode()


def test_revoking_named_links_leaves_the_others_usable(consultation, secretariat):
    issued = services.invitations_issue(actor=secretariat, consultation=consultation, count=3)
    revoked = services.invitations_revoke(
        actor=secretariat, consultation=consultation, references=[issued[0].reference]
    )
    assert revoked == 1
    assert respond(issued[0].token, answer_form(consultation)).status_code == 410
    assert respond(issued[1].token, answer_form(consultation)).status_code == 302
    with pytest.raises(ValidationError, match="#999999"):
        services.invitations_revoke(
            actor=secretariat, consultation=consultation, references=[999999]
        )


def test_the_revoke_form_on_the_web(client_for, consultation, secretariat):
    issued = services.invitations_issue(actor=secretariat, consultation=consultation, count=2)
    client = client_for("secretariat")
    response = client.post(
        f"/consultations/{consultation.pk}/invitations/revoke/",
        {"references": f"#{issued[1].reference}"},
        follow=True,
    )
    assert "1 unused link withdrawn." in response.content.decode()
    assert Invitation.objects.get(pk=issued[1].reference).state == InvitationState.REVOKED
    assert Invitation.objects.get(pk=issued[0].reference).state == InvitationState.UNUSED


def test_no_links_for_a_closed_consultation_or_without_questions(secretariat):
    today = timezone.localdate()
    closed = make_consultation(
        secretariat,
        opens_on=today - datetime.timedelta(days=9),
        closes_on=today - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="closed"):
        services.invitations_issue(actor=secretariat, consultation=closed, count=1)
    empty = services.consultation_create(
        actor=secretariat,
        data=services.ConsultationData(
            title={"en": "Empty"},
            purpose={},
            opens_on=today,
            closes_on=today,
            minimum_group_size=5,
        ),
    )
    with pytest.raises(ValidationError, match="questions first"):
        services.invitations_issue(actor=secretariat, consultation=empty, count=1)
    with pytest.raises(ValidationError):
        services.invitations_issue(actor=secretariat, consultation=closed, count=0)


def test_a_missing_required_answer_is_asked_for_and_the_link_stays_usable(
    consultation, secretariat
):
    (token,) = issue(secretariat, consultation, 1)
    data = answer_form(consultation)
    multiple = consultation.questions.get(kind="multiple")
    data[f"q{multiple.pk}"] = []
    page = respond(token, data)
    assert page.status_code == 400
    assert "Please answer this question." in page.content.decode()
    assert Invitation.objects.get(token_hash=token_hash(token)).state == InvitationState.UNUSED
    assert not Response.objects.exists()


def test_the_respondent_page_speaks_the_chosen_language(consultation, secretariat, client):
    (token,) = issue(secretariat, consultation, 1)
    page = client.get(f"/c/{token}/?lang=sr-latn")
    body = page.content.decode()
    assert 'lang="sr-latn"' in body
    assert "Prioriteti finansiranja 2027" in body
    assert "Gde sada živite?" in body
    assert "Stanovanje" in body
    assert page["Cache-Control"] == "no-store"
    assert page["Referrer-Policy"] == "no-referrer"
    assert "csrfmiddlewaretoken" not in body
    english = client.get(f"/c/{token}/").content.decode()
    assert "Your answers cannot be traced to you." in english
    assert "Where do you live now?" in english
