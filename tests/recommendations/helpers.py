"""What the recommendations tests share."""

from __future__ import annotations

import datetime

from django.utils import timezone

from thbhub.accounts.models import User
from thbhub.recommendations import services
from thbhub.recommendations.models import Recommendation, Review


def open_review(users: dict[str, User], title: str = "Review 2026") -> Review:
    return services.review_open(
        actor=users["secretariat"],
        title=title,
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )


def recommendation(code: str) -> Recommendation:
    return Recommendation.objects.get(code=code)
