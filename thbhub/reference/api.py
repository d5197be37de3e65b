"""REST API of the reference data."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.core.api_access import HasPerm
from thbhub.reference.loading import ReferenceFileError
from thbhub.reference.models import Code, CodeListVersion, Country, Dimension, Population
from thbhub.reference.selectors import (
    access_codelist_version,
    codelist_versions_visible_to,
    codes_of,
    countries_visible_to,
    population_visible_to,
)
from thbhub.reference.services import codelists_load, population_load


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


class FileIn(serializers.Serializer[Any]):
    file = serializers.FileField()


def load_uploaded_file(request: Request, load: Callable[[Path], Any], suffix: str) -> Any:
    """Run a reference loader on an uploaded file, kept only for the load.

    The temporary file carries the upload's name, so that errors name the
    file the user sent.
    """
    payload = FileIn(data=request.data)
    payload.is_valid(raise_exception=True)
    upload = payload.validated_data["file"]
    name = Path(upload.name).name or f"upload{suffix}"
    with tempfile.TemporaryDirectory(prefix="thbhub-reference-") as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            return load(path)
        except ReferenceFileError as error:
            raise serializers.ValidationError({"file": [str(error)]}) from None


class CodeListVersionList(ListAPIView[CodeListVersion]):
    """The versions of the code lists (GET), or a new version from a JSON file
    in the shipped format (POST, multipart field `file`; the secretariat)."""

    serializer_class = CodeListVersionOut
    permission_classes = [HasPerm(Perm.REFERENCE_VIEW)]
    pagination_class = None
    parser_classes = [MultiPartParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return codelist_versions_visible_to(self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=FileIn, responses={201: CodeListVersionOut, 200: CodeListVersionOut})
    def post(self, request: Request) -> Response:
        actor: User = request.user  # type: ignore[assignment]  # HasPerm admits users only
        loaded = load_uploaded_file(
            request, lambda path: codelists_load(actor=actor, path=path), ".json"
        )
        status = 201 if loaded.created else 200
        return Response(CodeListVersionOut(loaded.version).data, status=status)


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


class PopulationLoadedOut(serializers.Serializer[Any]):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class PopulationList(ListAPIView[Population]):
    """Population by country and year (GET, `?country=`), or new figures from
    a CSV file in the shipped format (POST, multipart field `file`; the
    secretariat)."""

    serializer_class = PopulationOut
    permission_classes = [HasPerm(Perm.REFERENCE_VIEW)]
    pagination_class = None
    parser_classes = [MultiPartParser]

    @extend_schema(request=FileIn, responses=PopulationLoadedOut)
    def post(self, request: Request) -> Response:
        actor: User = request.user  # type: ignore[assignment]  # HasPerm admits users only
        loaded = load_uploaded_file(
            request, lambda path: population_load(actor=actor, path=path), ".csv"
        )
        return Response(PopulationLoadedOut(loaded).data)

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
