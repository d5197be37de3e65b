"""Demo data of the recommendations tracker: the shipped recommendations
and one closed review in which each country reported some progress, so
that the next review's report has something to compare with."""

from __future__ import annotations

import datetime

from django.utils import timezone

from thbhub.accounts.models import User
from thbhub.recommendations.codes import ImplementationStatus, ReviewState
from thbhub.recommendations.models import Recommendation, Review, StatusUpdate
from thbhub.recommendations.seeding import seeds_load

DEMO_REVIEW_TITLE = "Review of recommendations, first round (demo)"
# Cycled through each country's recommendations, in reference order.
DEMO_STATUSES = [
    ImplementationStatus.IN_PROGRESS,
    ImplementationStatus.PARTLY_IMPLEMENTED,
    ImplementationStatus.NOT_STARTED,
    ImplementationStatus.IMPLEMENTED,
    ImplementationStatus.IN_PROGRESS,
]


def generate_demo_recommendations(*, today: datetime.date) -> None:
    seeds_load(actor=None)
    if Review.objects.filter(title=DEMO_REVIEW_TITLE).exists():
        return
    opened = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=400), datetime.time(9))
    )
    closed = opened + datetime.timedelta(days=60)
    secretariat = User.objects.filter(username="secretariat").first()
    review = Review.objects.create(
        title=DEMO_REVIEW_TITLE,
        state=ReviewState.CLOSED,
        deadline=(opened + datetime.timedelta(days=45)).date(),
        opened_at=opened,
        opened_by=secretariat,
        closed_at=closed,
        closed_by=secretariat,
    )
    updates: list[StatusUpdate] = []
    recommendations = Recommendation.objects.prefetch_related("countries").order_by("code")
    for index, recommendation in enumerate(recommendations):
        countries = list(recommendation.countries.all())
        status = DEMO_STATUSES[index % len(DEMO_STATUSES)]
        if not countries:
            updates.append(
                StatusUpdate(
                    recommendation=recommendation,
                    status=status,
                    evidence="Discussed at the network's meeting; see the minutes (demo).",
                    assessed_by=secretariat,
                    assessed_at=opened + datetime.timedelta(days=30),
                    review=review,
                )
            )
            continue
        for country in countries:
            coordinator = User.objects.filter(
                username=f"{country.code.lower()}.coordinator"
            ).first()
            updates.append(
                StatusUpdate(
                    recommendation=recommendation,
                    country=country,
                    status=status,
                    evidence=f"Reported by the national coordinator of {country.name} (demo).",
                    assessed_by=coordinator,
                    assessed_at=opened + datetime.timedelta(days=20 + index % 20),
                    review=review,
                )
            )
    StatusUpdate.objects.bulk_create(updates)
