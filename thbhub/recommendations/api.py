"""REST API of the recommendations tracker, with the web pages' scope rules."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.core.api_access import HasPerm
from thbhub.recommendations import services
from thbhub.recommendations.codes import ImplementationStatus, Theme
from thbhub.recommendations.models import Recommendation, Review, ReviewComment, StatusUpdate
from thbhub.recommendations.selectors import (
    TrackerFilters,
    access_recommendation,
    comments_for,
    history_for,
    reviews_visible_to,
    tracker_rows,
)


class SourceOut(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    issuing_body = serializers.CharField()
    issued_on = serializers.DateField()


class RecommendationOut(serializers.ModelSerializer[Recommendation]):
    source_document = SourceOut(source="source")
    countries = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "code",
            "source_document",
            "issuing_body",
            "attribution",
            "section",
            "paragraph",
            "page",
            "title",
            "text",
            "countries",
            "themes",
        ]

    def get_countries(self, obj: Recommendation) -> list[str]:
        return [country.code for country in obj.countries.all()]

    def get_themes(self, obj: Recommendation) -> list[str]:
        return [theme.theme for theme in obj.themes.all()]


class StatusOut(serializers.ModelSerializer[StatusUpdate]):
    assessed_by = serializers.CharField(source="assessed_by.username", default=None)

    class Meta:
        model = StatusUpdate
        fields = ["id", "country", "status", "evidence", "assessed_by", "assessed_at", "review"]


class RecommendationCommentOut(serializers.ModelSerializer[ReviewComment]):
    author = serializers.CharField(source="author.username", default=None)

    class Meta:
        model = ReviewComment
        fields = ["id", "review", "country", "author", "text", "created_at"]


class TrackerRowOut(serializers.Serializer[Any]):
    recommendation = serializers.IntegerField(source="recommendation.pk")
    code = serializers.CharField(source="recommendation.code")
    title = serializers.CharField(source="recommendation.title")
    source_document = serializers.CharField(source="recommendation.source.key")
    country = serializers.CharField(source="country.code", default=None)
    themes = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    assessed_at = serializers.DateTimeField(source="latest.assessed_at", default=None)


class TrackerFilterIn(serializers.Serializer[Any]):
    country = serializers.CharField(max_length=2, required=False)
    theme = serializers.ChoiceField(choices=Theme.choices, required=False)
    status = serializers.ChoiceField(choices=ImplementationStatus.choices, required=False)
    source_document = serializers.CharField(
        max_length=60, required=False, help_text="Key of a source document."
    )
    q = serializers.CharField(max_length=100, required=False)


class StatusIn(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ImplementationStatus.choices)
    evidence = serializers.CharField(max_length=10_000)
    country = serializers.CharField(
        max_length=2,
        required=False,
        default="",
        help_text="ISO alpha-2 code of the country the status is for (XK for Kosovo*); "
        "leave out for a network-wide recommendation or when only one country is yours.",
    )


class RecommendationCommentIn(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=10_000)
    country = serializers.CharField(max_length=2, required=False, default="")


class ReviewCycleOut(serializers.ModelSerializer[Review]):
    class Meta:
        model = Review
        fields = ["id", "title", "state", "deadline", "opened_at", "closed_at"]


class ReviewCycleIn(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    deadline = serializers.DateField()


class TrackerList(APIView):
    """Every recommendation you may see, once per country concerned, with its current status."""

    permission_classes = [HasPerm(Perm.RECOMMENDATIONS_VIEW)]

    @extend_schema(parameters=[TrackerFilterIn], responses=TrackerRowOut(many=True))
    def get(self, request: Request) -> Response:
        params = TrackerFilterIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = TrackerFilters(
            country=data.get("country", ""),
            theme=data.get("theme", ""),
            status=data.get("status", ""),
            source=data.get("source_document", ""),
            query=data.get("q", ""),
        )
        rows = tracker_rows(request.user, filters)  # type: ignore[arg-type]
        return Response(TrackerRowOut(rows, many=True).data)


class RecommendationDetail(APIView):
    permission_classes = [HasPerm(Perm.RECOMMENDATIONS_VIEW)]

    @extend_schema(responses=RecommendationOut)
    def get(self, request: Request, pk: int) -> Response:
        user = request.user
        recommendation = access_recommendation(user, pk)  # type: ignore[arg-type]
        body = dict(RecommendationOut(recommendation).data)
        body["history"] = StatusOut(history_for(user, recommendation), many=True).data  # type: ignore[arg-type]
        comments = comments_for(user, recommendation)  # type: ignore[arg-type]
        body["comments"] = RecommendationCommentOut(comments, many=True).data
        return Response(body)


class StatusCreate(APIView):
    """Record the status for your country (or the network) in the open review."""

    permission_classes = [HasPerm(Perm.RECOMMENDATIONS_ASSESS)]

    @extend_schema(request=StatusIn, responses={201: StatusOut})
    def post(self, request: Request, pk: int) -> Response:
        payload = StatusIn(data=request.data)
        payload.is_valid(raise_exception=True)
        update = services.status_record(
            actor=request.user,  # type: ignore[arg-type]
            recommendation_id=pk,
            status=payload.validated_data["status"],
            evidence=payload.validated_data["evidence"],
            country_code=payload.validated_data["country"],
        )
        return Response(StatusOut(update).data, status=status.HTTP_201_CREATED)


class CommentCreate(APIView):
    permission_classes = [HasPerm(Perm.RECOMMENDATIONS_COMMENT)]

    @extend_schema(request=RecommendationCommentIn, responses={201: RecommendationCommentOut})
    def post(self, request: Request, pk: int) -> Response:
        payload = RecommendationCommentIn(data=request.data)
        payload.is_valid(raise_exception=True)
        comment = services.comment_add(
            actor=request.user,  # type: ignore[arg-type]
            recommendation_id=pk,
            text=payload.validated_data["text"],
            country_code=payload.validated_data["country"],
        )
        return Response(RecommendationCommentOut(comment).data, status=status.HTTP_201_CREATED)


class ReviewList(APIView):
    permission_classes = [HasPerm(Perm.RECOMMENDATIONS_VIEW)]

    @extend_schema(responses=ReviewCycleOut(many=True))
    def get(self, request: Request) -> Response:
        return Response(ReviewCycleOut(reviews_visible_to(request.user), many=True).data)  # type: ignore[arg-type]


class ReviewOpen(APIView):
    permission_classes = [HasPerm(Perm.RECOMMENDATIONS_MANAGE)]

    @extend_schema(request=ReviewCycleIn, responses={201: ReviewCycleOut})
    def post(self, request: Request) -> Response:
        payload = ReviewCycleIn(data=request.data)
        payload.is_valid(raise_exception=True)
        review = services.review_open(
            actor=request.user,  # type: ignore[arg-type]
            title=payload.validated_data["title"],
            deadline=payload.validated_data["deadline"],
        )
        return Response(ReviewCycleOut(review).data, status=status.HTTP_201_CREATED)


class ReviewClose(APIView):
    permission_classes = [HasPerm(Perm.RECOMMENDATIONS_MANAGE)]

    @extend_schema(request=None, responses={200: ReviewCycleOut})
    def post(self, request: Request, pk: int) -> Response:
        review = services.review_close(actor=request.user, review_id=pk)  # type: ignore[arg-type]
        return Response(ReviewCycleOut(review).data)


urlpatterns = [
    path("recommendations/", TrackerList.as_view(), name="recommendations"),
    path("recommendations/<int:pk>/", RecommendationDetail.as_view(), name="recommendation"),
    path(
        "recommendations/<int:pk>/status/",
        StatusCreate.as_view(),
        name="recommendation_status",
    ),
    path(
        "recommendations/<int:pk>/comments/",
        CommentCreate.as_view(),
        name="recommendation_comments",
    ),
    path("recommendations/reviews/", ReviewList.as_view(), name="recommendation_reviews"),
    path(
        "recommendations/reviews/open/",
        ReviewOpen.as_view(),
        name="recommendation_review_open",
    ),
    path(
        "recommendations/reviews/<int:pk>/close/",
        ReviewClose.as_view(),
        name="recommendation_review_close",
    ),
]
