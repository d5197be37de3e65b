"""REST API of published statistics and of exports in every format."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.core.api_access import HasPerm
from thbhub.statistics.exports.rendering import FORMATS, statistics_export
from thbhub.statistics.models import Publication
from thbhub.statistics.published_selectors import (
    latest_publication,
    latest_publications,
    published_observations,
)


class PublicationOut(serializers.ModelSerializer[Publication]):
    year = serializers.IntegerField(source="round.year")
    edition = serializers.IntegerField(source="number")

    class Meta:
        model = Publication
        fields = ["year", "edition", "published_at", "threshold", "countries", "note"]


class PublishedList(APIView):
    """The latest publication of each year; with ``year``, that year's rows too."""

    permission_classes = [HasPerm(Perm.STATS_PUBLISHED)]

    @extend_schema(
        responses=PublicationOut(many=True),
        parameters=[OpenApiParameter("year", int, required=False)],
    )
    def get(self, request: Request) -> Response:
        year = request.query_params.get("year", "")
        if not year:
            return Response(PublicationOut(latest_publications(request.user), many=True).data)  # type: ignore[arg-type]
        if not year.isdigit():
            return Response({"year": "Give the reference year as four digits, e.g. 2022."}, 400)
        publication = latest_publication(request.user, int(year))  # type: ignore[arg-type]
        body = dict(PublicationOut(publication).data)
        body["observations"] = [
            obs.as_row() | {"value": obs.value} for obs in published_observations(publication)
        ]
        return Response(body)


class ExportDownload(APIView):
    """A year's data as a file. ``published=1``: the latest publication, for
    every role; otherwise the accepted, unpublished data within the caller's
    reach (a national account: its own country, without regions)."""

    permission_classes = [HasPerm(Perm.STATS_PUBLISHED)]

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        parameters=[OpenApiParameter("published", bool, required=False)],
    )
    def get(self, request: Request, year: int, export_format: str) -> HttpResponse:
        if export_format not in FORMATS:
            raise Http404
        published = request.query_params.get("published", "") in {"1", "true", "yes"}
        rendered = statistics_export(
            actor=request.user,  # type: ignore[arg-type]
            year=year,
            export_format=export_format,
            published=published,
        )
        response = HttpResponse(rendered.content, content_type=rendered.media_type)
        response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
        return response


urlpatterns = [
    path("statistics/published/", PublishedList.as_view(), name="statistics-published"),
    path(
        "statistics/exports/<int:year>.<str:export_format>",
        ExportDownload.as_view(),
        name="statistics-export",
    ),
]
