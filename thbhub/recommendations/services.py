"""Every change to the recommendations tracker."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import require
from thbhub.audit.services import audit_record
from thbhub.recommendations.codes import ImplementationStatus, ReviewState
from thbhub.recommendations.models import Review, ReviewComment, StatusUpdate
from thbhub.recommendations.selectors import (
    access_recommendation,
    access_review,
    assessable_countries,
    commentable_countries,
    open_review,
)

if TYPE_CHECKING:
    from thbhub.accounts.models import User
    from thbhub.reference.models import Country

MAX_TEXT = 10_000


def review_open(*, actor: User, title: str, deadline: datetime.date) -> Review:
    require(actor, Perm.RECOMMENDATIONS_MANAGE)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the review a title, for example 'Review 2026'.")})
    if deadline < timezone.localdate():
        raise ValidationError(
            {"deadline": _("The deadline has already passed: choose today or a later date.")}
        )
    current = open_review()
    if current is not None:
        raise ValidationError(
            _("The review '%(title)s' is still open: close it before opening another.")
            % {"title": current.title}
        )
    try:
        with transaction.atomic():
            review = Review.objects.create(title=title, deadline=deadline, opened_by=actor)
            audit_record(
                actor=actor,
                action="recommendations.review_opened",
                obj=review,
                detail={"title": title, "deadline": deadline.isoformat()},
            )
    except IntegrityError:
        # Two people opened a review at the same moment; the database kept one.
        raise ValidationError(
            _("Another review was opened at the same moment: reload the page.")
        ) from None
    return review


def review_close(*, actor: User, review_id: object) -> Review:
    require(actor, Perm.RECOMMENDATIONS_MANAGE)
    with transaction.atomic():
        review = access_review(actor, review_id, perm=Perm.RECOMMENDATIONS_MANAGE)
        review = Review.objects.select_for_update().get(pk=review.pk)
        if not review.is_open:
            raise ValidationError(_("This review is already closed."))
        review.state = ReviewState.CLOSED
        review.closed_at = timezone.now()
        review.closed_by = actor
        review.save(update_fields=["state", "closed_at", "closed_by"])
        audit_record(actor=actor, action="recommendations.review_closed", obj=review)
    return review


def _target_country(
    countries: list[Country | None], country_code: str, *, refusal: str
) -> Country | None:
    """The country a status or comment is about, among those the user may act for."""
    if not countries:
        raise ValidationError(refusal)
    if countries == [None]:
        return None
    code = (country_code or "").strip().upper()
    if not code and len(countries) == 1:
        return countries[0]
    for country in countries:
        if country is not None and country.code == code:
            return country
    allowed = ", ".join(country.code for country in countries if country is not None)
    raise ValidationError(
        {
            "country": _("Choose the country concerned: %(allowed)s (ISO codes; XK for Kosovo*).")
            % {"allowed": allowed}
        }
    )


def _open_review_or_error() -> Review:
    review = open_review()
    if review is None:
        raise ValidationError(
            _(
                "No review is open. The secretariat opens a review; statuses and comments are "
                "recorded within it."
            )
        )
    return review


def status_record(
    *,
    actor: User,
    recommendation_id: object,
    status: str,
    evidence: str,
    country_code: str = "",
) -> StatusUpdate:
    """Record a recommendation's implementation status for one country in
    the open review. Earlier rows stay: the history is never rewritten."""
    require(actor, Perm.RECOMMENDATIONS_ASSESS)
    recommendation = access_recommendation(
        actor, recommendation_id, perm=Perm.RECOMMENDATIONS_ASSESS
    )
    if status not in ImplementationStatus.values:
        raise ValidationError(
            {
                "status": _("Unknown status %(value)s. Use one of: %(choices)s.")
                % {"value": status, "choices": ", ".join(ImplementationStatus.values)}
            }
        )
    evidence = evidence.strip()
    if not evidence:
        raise ValidationError(
            {
                "evidence": _(
                    "Give the evidence for this status: what was adopted or done, when, and "
                    "where it can be checked."
                )
            }
        )
    if len(evidence) > MAX_TEXT:
        raise ValidationError(
            {"evidence": _("Keep the evidence under %(limit)d characters.") % {"limit": MAX_TEXT}}
        )
    country = _target_country(
        assessable_countries(actor, recommendation),
        country_code,
        refusal=_(
            "This recommendation does not concern your country: you cannot report its status."
        ),
    )
    with transaction.atomic():
        review = _open_review_or_error()
        update = StatusUpdate.objects.create(
            recommendation=recommendation,
            country=country,
            status=status,
            evidence=evidence,
            assessed_by=actor,
            review=review,
        )
        audit_record(
            actor=actor,
            action="recommendations.status_recorded",
            obj=update,
            country_id=country.code if country else None,
            detail={
                "recommendation": recommendation.code,
                "status": status,
                "review": review.pk,
            },
        )
    return update


def comment_add(
    *,
    actor: User,
    recommendation_id: object,
    text: str,
    country_code: str = "",
) -> ReviewComment:
    require(actor, Perm.RECOMMENDATIONS_COMMENT)
    recommendation = access_recommendation(
        actor, recommendation_id, perm=Perm.RECOMMENDATIONS_COMMENT
    )
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the comment before saving it.")})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": _("Keep the comment under %(limit)d characters.") % {"limit": MAX_TEXT}}
        )
    country = _target_country(
        commentable_countries(actor, recommendation),
        country_code,
        refusal=_("This recommendation does not concern your country: you cannot comment on it."),
    )
    with transaction.atomic():
        review = _open_review_or_error()
        comment = ReviewComment.objects.create(
            review=review,
            recommendation=recommendation,
            country=country,
            author=actor,
            text=text,
        )
        audit_record(
            actor=actor,
            action="recommendations.comment_added",
            obj=comment,
            country_id=country.code if country else None,
            detail={"recommendation": recommendation.code, "review": review.pk},
        )
    return comment
