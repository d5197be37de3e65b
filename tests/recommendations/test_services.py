"""Review cycles: who may do what, and what each step records."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from tests.recommendations.helpers import open_review, recommendation
from thbhub.access.policies import PermissionDenied
from thbhub.audit.models import AuditEvent
from thbhub.recommendations import services
from thbhub.recommendations.codes import ImplementationStatus, ReviewState
from thbhub.recommendations.models import Review, ReviewComment, StatusUpdate

pytestmark = pytest.mark.django_db


def test_secretariat_opens_and_closes_a_review(users) -> None:  # type: ignore[no-untyped-def]
    review = open_review(users)
    assert review.state == ReviewState.OPEN
    assert AuditEvent.objects.filter(
        action="recommendations.review_opened", object_id=str(review.pk)
    ).exists()
    with pytest.raises(ValidationError, match="still open"):
        open_review(users, title="Another")
    services.review_close(actor=users["secretariat"], review_id=review.pk)
    review.refresh_from_db()
    assert review.state == ReviewState.CLOSED and review.closed_by == users["secretariat"]
    with pytest.raises(ValidationError, match="already closed"):
        services.review_close(actor=users["secretariat"], review_id=review.pk)


def test_a_deadline_in_the_past_is_refused(users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="deadline has already passed"):
        services.review_open(
            actor=users["secretariat"],
            title="Late",
            deadline=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert not Review.objects.filter(title="Late").exists()


@pytest.mark.parametrize("username", ["rs.coordinator", "rs.rapporteur", "rs.statistician"])
def test_only_the_secretariat_opens_reviews(users, username: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.review_open(actor=users[username], title="Mine", deadline=timezone.localdate())


def test_coordinator_records_the_own_countrys_status_with_evidence(users) -> None:  # type: ignore[no-untyped-def]
    review = open_review(users)
    target = recommendation("np2018-rs-05")
    update = services.status_record(
        actor=users["rs.coordinator"],
        recommendation_id=target.pk,
        status=ImplementationStatus.IMPLEMENTED,
        evidence="Law on Foreigners amended, Official Gazette 12/2025, Article 62.",
    )
    assert update.country_id == "RS" and update.review == review
    assert update.assessed_by == users["rs.coordinator"]
    event = AuditEvent.objects.get(
        action="recommendations.status_recorded", object_id=str(update.pk)
    )
    assert event.country_id == "RS" and event.detail["status"] == "implemented"


def test_coordinator_cannot_touch_another_countrys_recommendation(users) -> None:  # type: ignore[no-untyped-def]
    open_review(users)
    albanian = recommendation("np2018-al-01")
    with pytest.raises(Http404):
        services.status_record(
            actor=users["rs.coordinator"],
            recommendation_id=albanian.pk,
            status=ImplementationStatus.IMPLEMENTED,
            evidence="Forged",
        )
    assert not StatusUpdate.objects.filter(evidence="Forged").exists()
    assert AuditEvent.objects.filter(action="access.refused", object_id=str(albanian.pk)).exists()


def test_network_wide_status_is_the_secretariats(users) -> None:  # type: ignore[no-untyped-def]
    open_review(users)
    star = recommendation("np2021-star-1")
    with pytest.raises(Http404):
        services.status_record(
            actor=users["rs.coordinator"],
            recommendation_id=star.pk,
            status=ImplementationStatus.IN_PROGRESS,
            evidence="Not ours to assess",
        )
    update = services.status_record(
        actor=users["secretariat"],
        recommendation_id=star.pk,
        status=ImplementationStatus.IN_PROGRESS,
        evidence="Online exchange held on 3 March; symposium planned.",
    )
    assert update.country is None


def test_secretariat_names_the_country(users) -> None:  # type: ignore[no-untyped-def]
    open_review(users)
    serbian = recommendation("np2018-rs-01")
    with pytest.raises(ValidationError, match="Choose the country concerned: RS"):
        services.status_record(
            actor=users["secretariat"],
            recommendation_id=serbian.pk,
            status=ImplementationStatus.IN_PROGRESS,
            evidence="x",
            country_code="AL",
        )


def test_no_status_without_an_open_review_or_evidence(users) -> None:  # type: ignore[no-untyped-def]
    target = recommendation("np2018-rs-01")
    with pytest.raises(ValidationError, match="No review is open"):
        services.status_record(
            actor=users["rs.coordinator"],
            recommendation_id=target.pk,
            status=ImplementationStatus.IN_PROGRESS,
            evidence="Centre staffed",
        )
    open_review(users)
    with pytest.raises(ValidationError, match="Give the evidence"):
        services.status_record(
            actor=users["rs.coordinator"],
            recommendation_id=target.pk,
            status=ImplementationStatus.IN_PROGRESS,
            evidence="   ",
        )
    with pytest.raises(ValidationError, match="Unknown status"):
        services.status_record(
            actor=users["rs.coordinator"],
            recommendation_id=target.pk,
            status="done",
            evidence="Centre staffed",
        )
    assert not StatusUpdate.objects.filter(evidence="Centre staffed").exists()


def test_rapporteur_comments_on_the_own_country_only(users) -> None:  # type: ignore[no-untyped-def]
    review = open_review(users)
    comment = services.comment_add(
        actor=users["rs.rapporteur"],
        recommendation_id=recommendation("np2018-rs-08").pk,
        text="The State compensation scheme is still only a draft.",
    )
    assert comment.review == review and comment.country_id == "RS"
    with pytest.raises(Http404):
        services.comment_add(
            actor=users["rs.rapporteur"],
            recommendation_id=recommendation("np2018-me-01").pk,
            text="Not my country",
        )
    with pytest.raises(PermissionDenied):
        services.comment_add(
            actor=users["rs.coordinator"],
            recommendation_id=recommendation("np2018-rs-08").pk,
            text="Coordinators report status, they do not comment",
        )
    assert ReviewComment.objects.count() == 1
