"""REST API of a round's follow-up: who has submitted, and consistency queries."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.core.api_access import HasPerm
from thbhub.statistics.consistency import (
    COMMENT_MAX_LENGTH,
    Cell,
    Comparison,
    consistency_comment_add,
    consistency_of,
)
from thbhub.statistics.models import ConsistencyComment
from thbhub.statistics.round_progress import round_progress
from thbhub.statistics.selectors import access_round


class ReminderOut(serializers.Serializer[Any]):
    days_before = serializers.IntegerField(help_text="Negative: the reminder after the deadline.")
    sent_at = serializers.DateTimeField()
    recipients = serializers.IntegerField()


class MemberProgressOut(serializers.Serializer[Any]):
    country = serializers.CharField()
    status = serializers.CharField()
    versions = serializers.IntegerField()
    last_upload_at = serializers.DateTimeField(allow_null=True)
    last_upload_by = serializers.CharField()
    days_to_deadline = serializers.IntegerField(help_text="Negative once the deadline has passed.")
    overdue = serializers.BooleanField()
    reminders = ReminderOut(many=True)


class ProgressOut(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    deadline = serializers.DateField()
    status = serializers.CharField()
    addressed = serializers.IntegerField()
    submitted = serializers.IntegerField(help_text="Submitted, accepted or published.")
    accepted = serializers.IntegerField(help_text="Accepted or published.")
    summary = serializers.CharField()
    members = MemberProgressOut(many=True, help_text="The submissions within your reach.")


class RoundProgressView(APIView):
    permission_classes = [HasPerm(Perm.STATS_VIEW)]

    @extend_schema(responses=ProgressOut)
    def get(self, request: Request, year: int) -> Response:
        user = request.user
        progress = round_progress(user, access_round(user, year))  # type: ignore[arg-type]
        body = asdict(progress)
        body["summary"] = progress.summary
        return Response(ProgressOut(body).data)


class CellOut(serializers.Serializer[Any]):
    country = serializers.CharField()
    value = serializers.IntegerField()
    status = serializers.CharField()
    coordinates = serializers.DictField(child=serializers.CharField())
    version = serializers.IntegerField()
    row = serializers.IntegerField()


class CommentOut(serializers.ModelSerializer[ConsistencyComment]):
    author = serializers.CharField(source="author.username")
    author_country = serializers.CharField(source="author_country_id", allow_null=True)
    identifying_country = serializers.CharField(source="identifying_country_id")
    citizenship_country = serializers.CharField(source="citizenship_country_id")

    class Meta:
        model = ConsistencyComment
        fields = [
            "id",
            "identifying_country",
            "citizenship_country",
            "author",
            "author_country",
            "text",
            "created_at",
        ]


class ComparisonOut(serializers.Serializer[Any]):
    identifying_country = serializers.CharField(help_text="B: identified the victims.")
    citizenship_country = serializers.CharField(help_text="A: the victims' citizenship.")
    outcome = serializers.CharField(help_text="query, consistent, not_comparable or waiting.")
    reason = serializers.CharField()
    identified = CellOut(allow_null=True, help_text="B's figure; only in a query for members.")
    counted = CellOut(allow_null=True, help_text="A's figure; only in a query for members.")
    comments = CommentOut(many=True)


class CommentIn(serializers.Serializer[Any]):
    identifying_country = serializers.CharField(max_length=2)
    citizenship_country = serializers.CharField(max_length=2)
    text = serializers.CharField(max_length=COMMENT_MAX_LENGTH)


def _cell(cell: Cell | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    return {**asdict(cell), "coordinates": dict(cell.coordinates)}


def _comparison(comparison: Comparison) -> dict[str, Any]:
    return {
        "identifying_country": comparison.identifying_country,
        "citizenship_country": comparison.citizenship_country,
        "outcome": comparison.outcome,
        "reason": comparison.reason,
        "identified": _cell(comparison.identified),
        "counted": _cell(comparison.counted),
        "comments": CommentOut(comparison.comments, many=True).data,
    }


class RoundConsistencyView(APIView):
    """Every pair of members within your reach; POST adds an explanation to a query."""

    def get_permissions(self) -> list[Any]:
        perm = Perm.STATS_SUBMIT if self.request.method == "POST" else Perm.STATS_VIEW
        return [HasPerm(perm)()]

    @extend_schema(responses=ComparisonOut(many=True))
    def get(self, request: Request, year: int) -> Response:
        user = request.user
        comparisons = consistency_of(user, access_round(user, year))  # type: ignore[arg-type]
        return Response([_comparison(comparison) for comparison in comparisons])

    @extend_schema(request=CommentIn, responses={201: CommentOut})
    def post(self, request: Request, year: int) -> Response:
        user = request.user
        shown = access_round(user, year, perm=Perm.STATS_SUBMIT)  # type: ignore[arg-type]
        payload = CommentIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            comment = consistency_comment_add(
                actor=user,  # type: ignore[arg-type]
                round=shown,
                identifying_country=data["identifying_country"],
                citizenship_country=data["citizenship_country"],
                text=data["text"],
            )
        except ValidationError as error:
            return Response({"detail": " ".join(error.messages)}, status=400)
        return Response(CommentOut(comment).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path(
        "statistics/rounds/<int:year>/progress/",
        RoundProgressView.as_view(),
        name="statistics-round-progress",
    ),
    path(
        "statistics/rounds/<int:year>/consistency/",
        RoundConsistencyView.as_view(),
        name="statistics-round-consistency",
    ),
]
