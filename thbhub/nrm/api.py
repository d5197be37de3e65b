"""REST API of NRM monitoring: the same table as the page, as JSON."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.core.api_access import HasPerm
from thbhub.nrm.forms import default_years
from thbhub.nrm.selectors import check_years, nrm_monitoring


class MonitoringQuery(serializers.Serializer[Any]):
    # "from" is a Python keyword: the field is named so in the query string only.
    first = serializers.IntegerField(min_value=1990, max_value=2100, required=False)
    to = serializers.IntegerField(min_value=1990, max_value=2100, required=False)


class MemberOut(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the JSON key; documents only


class NrmDefinitionOut(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the JSON key; documents only
    definition = serializers.CharField()
    unit = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # the JSON key; documents only
    statistics_definition = serializers.CharField()


class ValueOut(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    indicator = serializers.CharField()
    country = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    basis = serializers.IntegerField()
    source = serializers.CharField()  # type: ignore[assignment]  # the JSON key; documents only
    flag = serializers.CharField()
    reason = serializers.CharField()
    note = serializers.CharField()


class MonitoringOut(serializers.Serializer[Any]):
    years = serializers.ListField(child=serializers.IntegerField())
    members = MemberOut(many=True)
    definitions = NrmDefinitionOut(many=True)
    values = ValueOut(many=True)
    threshold = serializers.IntegerField()
    notes = serializers.ListField(child=serializers.CharField())


class MonitoringView(APIView):
    permission_classes = [HasPerm(Perm.NRM_PUBLISHED)]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", int, description="First year (default: two years ago)."),
            OpenApiParameter("to", int, description="Last year (default: from, or this year)."),
        ],
        responses=MonitoringOut,
    )
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        query = MonitoringQuery(
            data={
                key: value
                for key, value in {
                    "first": request.query_params.get("from"),
                    "to": request.query_params.get("to"),
                }.items()
                if value not in (None, "")
            }
        )
        query.is_valid(raise_exception=True)
        default_first, default_last = default_years()
        first = query.validated_data.get("first", default_first)
        last = query.validated_data.get(
            "to", first if "first" in query.validated_data else default_last
        )
        try:
            years = check_years(first, last)
        except ValidationError as error:
            return Response({"errors": error.message_dict}, status=400)
        table = nrm_monitoring(user, years=years)
        data = {
            "years": table.years,
            "members": [{"code": m.code, "label": m.label} for m in table.members],
            "definitions": [
                {
                    "key": d.key,
                    "label": str(d.label),
                    "definition": str(d.definition),
                    "unit": d.unit,
                    "source": d.source,
                    "statistics_definition": str(d.statistics_definition),
                }
                for d in table.definitions
            ],
            "values": [
                {
                    "year": year,
                    "indicator": key,
                    "country": country,
                    "value": value.value,
                    "numerator": value.numerator,
                    "denominator": value.denominator,
                    "basis": value.basis,
                    "source": value.source,
                    "flag": value.flag,
                    "reason": value.reason,
                    "note": value.note,
                }
                for (year, key, country), value in table.values.items()
            ],
            "threshold": table.threshold,
            "notes": table.notes,
        }
        return Response(MonitoringOut(data).data)


urlpatterns = [
    path("nrm/indicators/", MonitoringView.as_view(), name="nrm-indicators"),
]
