"""REST API of the regional indicators."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied
from thbhub.accounts.models import User
from thbhub.core.api_access import HasPerm
from thbhub.statistics.command_line.indicators import render
from thbhub.statistics.indicator_selectors import PUBLISHED, SOURCES, check_years, indicators_for


class IndicatorQuery(serializers.Serializer[Any]):
    # "from" is a Python keyword: the field is named so in the query string only.
    first = serializers.IntegerField(min_value=1990, max_value=2100, help_text="First year.")
    to = serializers.IntegerField(
        min_value=1990, max_value=2100, required=False, help_text="Last year (default: from)."
    )
    # Named as in the query string; they clash with Field attributes in the stubs only.
    source = serializers.ChoiceField(choices=SOURCES, default=PUBLISHED)  # type: ignore[assignment]
    format = serializers.ChoiceField(choices=("json", "csv"), default="json")


class FigureOut(serializers.Serializer[Any]):
    area = serializers.CharField()
    year = serializers.IntegerField()
    indicator = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    members = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField()
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    method = serializers.CharField()


class DefinitionOut(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the JSON key; documents only
    definition = serializers.CharField()
    unit = serializers.CharField()
    regions_only = serializers.BooleanField()
    network_only = serializers.BooleanField()


class AreaOut(serializers.Serializer[Any]):
    code = serializers.CharField()
    kind = serializers.CharField()
    members = serializers.ListField(child=serializers.CharField())
    label = serializers.CharField()  # type: ignore[assignment]  # the JSON key; documents only


class IndicatorTableOut(serializers.Serializer[Any]):
    years = serializers.ListField(child=serializers.IntegerField())
    areas = AreaOut(many=True)
    definitions = DefinitionOut(many=True)
    values = FigureOut(many=True)
    notes = serializers.ListField(child=serializers.CharField())


class CsvRenderer(BaseRenderer):
    """Lets ``?format=csv`` through content negotiation; errors stay JSON text."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if isinstance(data, str):
            return data.encode("utf-8")
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


class IndicatorList(APIView):
    """Indicators per member and region. ``source=submitted`` needs access to
    national submissions; a national account gets its own country, no region."""

    permission_classes = [HasPerm(Perm.STATS_PUBLISHED)]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CsvRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", int, required=True),
            OpenApiParameter("to", int, required=False),
            OpenApiParameter("source", str, enum=list(SOURCES), required=False),
            OpenApiParameter("format", str, enum=["json", "csv"], required=False),
        ],
        responses=IndicatorTableOut,
    )
    def get(self, request: Request) -> Response | HttpResponse:
        params = request.query_params.dict()
        if "from" in params:
            params["first"] = params.pop("from")
        query = IndicatorQuery(data=params)
        if not query.is_valid():
            errors = dict(query.errors)
            if "first" in errors:
                errors["from"] = errors.pop("first")
            return Response(errors, status=400)
        first = query.validated_data["first"]
        last = query.validated_data.get("to") or first
        user: User = request.user  # type: ignore[assignment]
        try:
            years = check_years(first, last)
            table = indicators_for(user, years=years, source=query.validated_data["source"])
        except ValidationError as error:
            return Response(error.message_dict, status=400)
        except PermissionDenied as denied:
            return Response({"detail": str(denied)}, status=403)
        if query.validated_data["format"] == "csv":
            response = HttpResponse(render(table, "csv"), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="indicators-{first}-{last}.csv"'
            )
            return response
        return Response(table.as_dict())


urlpatterns = [
    path("statistics/indicators/", IndicatorList.as_view(), name="statistics-indicators"),
]
