"""REST API of the reference data."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.core.api_access import HasPerm
from thbhub.reference.models import Code, CodeListVersion, Country, Dimension, Population
from thbhub.reference.selectors import (
    access_codelist_version,
    codelist_versions_visible_to,
    codes_of,
    countries_visible_to,
    population_visible_to,
)


class CountryOut(serializers.ModelSerializer[Country]):
    designation_note = serializers.CharField(read_only=True)

    class Meta:
        model = Country
        fields = ["code", "alpha3", "name", "network_member", "eu_status", "designation_note"]


class CodeListVersionOut(serializers.ModelSerializer[CodeListVersion]):
    class Meta:
        model = CodeListVersion
        fields = ["version", "valid_from", "source", "is_current"]


class CodeOut(serializers.ModelSerializer[Code]):
    class Meta:
        model = Code
        fields = ["dimension", "code", "label", "eurostat_group", "iccs"]


class PopulationOut(serializers.ModelSerializer[Population]):
    class Meta:
        model = Population
        fields = ["country", "year", "population", "source"]


class CountryList(ListAPIView[Country]):
    """Every ISO 3166-1 country; `?network=true` for the members of the network."""

    serializer_class = CountryOut
    permission_classes = [HasPerm(Perm.REFERENCE_VIEW)]
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("network", bool, required=False)])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        network = self.request.query_params.get("network", "").lower() in {"1", "true", "yes"}
        return countries_visible_to(self.request.user, network_only=network)  # type: ignore[arg-type]


class CodeListVersionList(ListAPIView[CodeListVersion]):
    serializer_class = CodeListVersionOut
    permission_classes = [HasPerm(Perm.REFERENCE_VIEW)]
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return codelist_versions_visible_to(self.request.user)  # type: ignore[arg-type]


class CodeList(APIView):
    """The codes of one dimension (or all) in the current or a named version."""

    permission_classes = [HasPerm(Perm.REFERENCE_VIEW)]

    @extend_schema(
        parameters=[
            OpenApiParameter("version", str, required=False),
            OpenApiParameter("dimension", str, enum=Dimension.values, required=False),
        ],
        responses=CodeOut(many=True),
    )
    def get(self, request: Request) -> Response:
        dimension = request.query_params.get("dimension") or None
        if dimension and dimension not in Dimension.values:
            return Response(
                {
                    "dimension": f"Unknown dimension {dimension!r}; "
                    f"use one of {', '.join(Dimension.values)}."
                },
                status=400,
            )
        version = access_codelist_version(request.user, request.query_params.get("version"))  # type: ignore[arg-type]
        codes = codes_of(version, dimension)
        return Response({"version": version.version, "codes": CodeOut(codes, many=True).data})


class PopulationList(ListAPIView[Population]):
    serializer_class = PopulationOut
    permission_classes = [HasPerm(Perm.REFERENCE_VIEW)]
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        queryset = population_visible_to(self.request.user)  # type: ignore[arg-type]
        country = self.request.query_params.get("country")
        return queryset.filter(country_id=country.upper()) if country else queryset


urlpatterns = [
    path("countries/", CountryList.as_view(), name="countries"),
    path("codelists/", CodeListVersionList.as_view(), name="codelist-versions"),
    path("codes/", CodeList.as_view(), name="codes"),
    path("population/", PopulationList.as_view(), name="population"),
]
