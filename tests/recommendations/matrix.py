"""The recommendations tracker's endpoints in the role-by-endpoint matrix."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from tests.access.matrix import (
    COORDINATOR,
    RAPPORTEUR,
    SECRETARIAT,
    Endpoint,
    Fixtures,
    api,
    web,
)
from thbhub.recommendations.demo import DEMO_REVIEW_TITLE
from thbhub.recommendations.models import Recommendation, Review

VIEWERS = {SECRETARIAT, COORDINATOR, RAPPORTEUR}
ASSESSORS = {SECRETARIAT, COORDINATOR}
COMMENTERS = {SECRETARIAT, RAPPORTEUR}
MANAGERS = {SECRETARIAT}
# Serbia's own recommendation, and one that concerns Albania only: the Serbian
# coordinator and rapporteur get 404 for it, as for an id that does not exist.
SERBIAN = "np2018-rs-01"
ALBANIAN = "np2018-al-01"
NOT_SERBIAS = {COORDINATOR: 404, RAPPORTEUR: 404}


def recommendation_url(
    code: str, suffix: str = "", *, api_path: bool = False
) -> Callable[[Fixtures], str]:
    base = "/api/v1/recommendations" if api_path else "/recommendations"
    return lambda _f: f"{base}/{Recommendation.objects.get(code=code).pk}/{suffix}"


def closed_review_url(suffix: str, *, api_path: bool = False) -> Callable[[Fixtures], str]:
    base = "/api/v1/recommendations/reviews" if api_path else "/recommendations/reviews"
    return lambda _f: f"{base}/{Review.objects.get(title=DEMO_REVIEW_TITLE).pk}/{suffix}"


def review_payload(_f: Fixtures) -> dict[str, object]:
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    return {"title": "Matrix review", "deadline": deadline.isoformat()}


RECOMMENDATION_ENDPOINTS: list[Endpoint] = [
    web("recommendations:tracker", "/recommendations/", VIEWERS),
    web("recommendations:export", "/recommendations/export.xlsx", VIEWERS),
    web("recommendations:detail", recommendation_url(SERBIAN), VIEWERS),
    web(
        "recommendations:detail",
        recommendation_url(ALBANIAN),
        VIEWERS,
        overrides=NOT_SERBIAS,
    ),
    web("recommendations:status", recommendation_url(SERBIAN, "status/"), ASSESSORS),
    web(
        "recommendations:status",
        recommendation_url(ALBANIAN, "status/"),
        ASSESSORS,
        overrides={COORDINATOR: 404},
    ),
    web("recommendations:comment", recommendation_url(SERBIAN, "comment/"), COMMENTERS),
    web("recommendations:reviews", "/recommendations/reviews/", VIEWERS),
    web("recommendations:review_new", "/recommendations/reviews/new/", MANAGERS),
    web(
        "recommendations:review_close",
        closed_review_url("close/"),
        MANAGERS,
        method="post",
        ok=302,  # back to the reviews, saying it is already closed
    ),
    web("recommendations:report", "/recommendations/report/", VIEWERS),
    web("recommendations:report_pdf", "/recommendations/report.pdf", VIEWERS),
    api("v1:recommendations", "/api/v1/recommendations/", VIEWERS),
    api(
        "v1:recommendation",
        recommendation_url(ALBANIAN, api_path=True),
        VIEWERS,
        overrides=NOT_SERBIAS,
    ),
    api(
        "v1:recommendation_status",
        recommendation_url(SERBIAN, "status/", api_path=True),
        ASSESSORS,
        method="post",
        ok=400,  # no review is open in the demo data
        data=lambda _f: {"status": "in_progress", "evidence": "Matrix"},
    ),
    api(
        "v1:recommendation_comments",
        recommendation_url(SERBIAN, "comments/", api_path=True),
        COMMENTERS,
        method="post",
        ok=400,
        data=lambda _f: {"text": "Matrix"},
    ),
    api("v1:recommendation_reviews", "/api/v1/recommendations/reviews/", VIEWERS),
    api(
        "v1:recommendation_review_open",
        "/api/v1/recommendations/reviews/open/",
        MANAGERS,
        method="post",
        ok=201,
        data=review_payload,
    ),
    api(
        "v1:recommendation_review_close",
        closed_review_url("close/", api_path=True),
        MANAGERS,
        method="post",
        ok=400,  # the demo review is closed already
    ),
]
