"""REST API of victims' cases.

Lists never carry personal identifiers; one case's identifiers come with it
only for a user allowed to read them for that case, and every such read is
recorded in the audit log.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.cases import services
from thbhub.cases.api_followup import (
    InclusionOut,
    PermitOut,
    ProceedingOut,
    ReviewOut,
)
from thbhub.cases.api_followup import urlpatterns as followup_urlpatterns
from thbhub.cases.codes import (
    CaseStatus,
    Exploitation,
    IdentificationContext,
    IdentifiedBy,
    Indicator,
    RouteStage,
    Sex,
)
from thbhub.cases.models import Case, CaseIdentifiers, CaseRoute
from thbhub.cases.selectors import (
    CaseFilters,
    access_case,
    can_read_identifiers,
    cases_visible_to,
    identifiers_of,
)
from thbhub.core.api_access import HasPerm
from thbhub.core.concurrency import EditConflictError


class RouteOut(serializers.ModelSerializer[CaseRoute]):
    class Meta:
        model = CaseRoute
        fields = ["stage", "country", "date_from", "date_to"]


class CaseSummaryOut(serializers.ModelSerializer[Case]):
    country = serializers.CharField(source="country_id")
    agency = serializers.IntegerField(source="agency_id")
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "country",
            "agency",
            "status",
            "first_contact_on",
            "sex",
            "age_at_identification",
            "age_uncertain",
            "presumed_child",
            "exploitation",
            "is_open",
            "closed_on",
            "version",
        ]


class IdentifiersOut(serializers.ModelSerializer[CaseIdentifiers]):
    class Meta:
        model = CaseIdentifiers
        fields = [*services.IDENTIFIER_FIELDS, "version"]


class CaseOut(CaseSummaryOut):
    routes = RouteOut(many=True, read_only=True)
    reflection_end = serializers.DateField(read_only=True)
    permits = PermitOut(many=True, read_only=True)
    inclusion = InclusionOut(many=True, read_only=True)
    reviews = ReviewOut(many=True, read_only=True)
    proceedings = ProceedingOut(many=True, read_only=True)

    class Meta(CaseSummaryOut.Meta):
        fields = [
            *CaseSummaryOut.Meta.fields,
            "status_decided_on",
            "deciding_authority",
            "identified_by",
            "identifying_institution",
            "identification_context",
            "indicators",
            "citizenship",
            "languages",
            "routes",
            "reflection_start",
            "reflection_days",
            "reflection_end",
            "assistance_plan_agreed_on",
            "guardian_appointed_on",
            "guardian_institution",
            "closure_reason",
            "permits",
            "inclusion",
            "reviews",
            "proceedings",
            "anonymised_on",
        ]


class RouteIn(serializers.Serializer[Any]):
    stage = serializers.ChoiceField(choices=RouteStage.choices)
    country = serializers.CharField(max_length=2)
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)


class IdentifiersIn(serializers.Serializer[Any]):
    given_names = serializers.CharField(required=False, allow_blank=True, default="")
    family_names = serializers.CharField(required=False, allow_blank=True, default="")
    other_names = serializers.CharField(required=False, allow_blank=True, default="")
    date_of_birth = serializers.CharField(required=False, allow_blank=True, default="")
    documents = serializers.CharField(required=False, allow_blank=True, default="")
    contacts = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField(required=False, allow_blank=True, default="")


class CaseIn(serializers.Serializer[Any]):
    first_contact_on = serializers.DateField()
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    age_at_identification = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )
    age_uncertain = serializers.BooleanField(required=False, default=False)
    citizenship = serializers.CharField(max_length=2, required=False, default="")
    languages = serializers.ListField(
        child=serializers.CharField(max_length=3), required=False, default=list
    )
    exploitation = serializers.ListField(
        child=serializers.ChoiceField(choices=Exploitation.choices), required=False, default=list
    )
    indicators = serializers.ListField(
        child=serializers.ChoiceField(choices=Indicator.choices), required=False, default=list
    )
    identified_by = serializers.ChoiceField(
        choices=IdentifiedBy.choices, required=False, allow_blank=True, default=""
    )
    identifying_institution = serializers.IntegerField(
        required=False, allow_null=True, default=None
    )
    identification_context = serializers.ChoiceField(
        choices=IdentificationContext.choices, required=False, allow_blank=True, default=""
    )
    routes = RouteIn(many=True, required=False, default=list)
    identifiers = IdentifiersIn(required=False, help_text="Only when opening a case.")
    version = serializers.IntegerField(
        required=False, help_text="The version you read; required to update."
    )

    def to_data(self) -> services.CaseData:
        data = dict(self.validated_data)
        routes = [services.RouteData(**route) for route in data.pop("routes")]
        data.pop("identifiers", None)
        data.pop("version", None)
        return services.CaseData(
            identifying_institution_id=data.pop("identifying_institution"),
            routes=routes,
            **data,
        )

    def to_identifiers(self) -> services.IdentifierData:
        return services.IdentifierData(**self.validated_data.get("identifiers", {}))


class CaseFilterIn(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    exploitation = serializers.ChoiceField(choices=Exploitation.choices, required=False)
    child = serializers.BooleanField(required=False, allow_null=True, default=None)
    open = serializers.BooleanField(required=False, allow_null=True, default=None)
    q = serializers.CharField(max_length=100, required=False)


def case_body(user: User, case: Case) -> dict[str, Any]:
    """A case, with its identifiers only for a user who may read them (audited)."""
    body: dict[str, Any] = dict(CaseOut(case).data)
    if can_read_identifiers(user, case):
        body["identifiers"] = IdentifiersOut(identifiers_of(user, case, purpose="api")).data
    return body


class CaseList(ListAPIView[Case]):
    """Cases within your reach, without identifiers (GET; filters `status`,
    `exploitation`, `child`, `open`, `q` for a case number or, within your
    agency, whole name parts), or a new case in your agency (POST)."""

    serializer_class = CaseSummaryOut
    permission_classes = [HasPerm(Perm.CASES_VIEW)]

    @extend_schema(parameters=[CaseFilterIn])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=CaseIn, responses={201: CaseOut})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = CaseIn(data=request.data)
        payload.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        case = services.case_create(
            actor=user, data=payload.to_data(), identifiers=payload.to_identifiers()
        )
        return Response(CaseOut(case).data, status=status.HTTP_201_CREATED)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = CaseFilterIn(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = CaseFilters(
            status=data.get("status", ""),
            exploitation=data.get("exploitation", ""),
            child=data.get("child"),
            open=data.get("open"),
            query=data.get("q", ""),
        )
        return cases_visible_to(self.request.user, filters)  # type: ignore[arg-type]


class CaseDetail(APIView):
    """One case; its identifiers are included, and the read audited, only for
    the owning agency's users allowed to see them."""

    permission_classes = [HasPerm(Perm.CASES_VIEW)]

    @extend_schema(responses=CaseOut)
    def get(self, request: Request, pk: int) -> Response:
        user: User = request.user  # type: ignore[assignment]
        return Response(case_body(user, access_case(user, pk)))

    @extend_schema(request=CaseIn, responses={200: CaseOut, 409: None})
    def put(self, request: Request, pk: int) -> Response:
        user: User = request.user  # type: ignore[assignment]
        case = access_case(user, pk, Perm.CASES_EDIT)
        payload = CaseIn(data=request.data)
        payload.is_valid(raise_exception=True)
        if "version" not in payload.validated_data:
            return Response(
                {
                    "version": "Send the version you read, so that no change by someone else "
                    "is overwritten."
                },
                status=400,
            )
        try:
            services.case_update(
                actor=user,
                case=case,
                data=payload.to_data(),
                expected_version=payload.validated_data["version"],
            )
        except EditConflictError as conflict:
            return Response({"detail": str(conflict)}, status=status.HTTP_409_CONFLICT)
        return Response(CaseOut(case).data)


urlpatterns = [
    path("cases/", CaseList.as_view(), name="cases"),
    path("cases/<int:pk>/", CaseDetail.as_view(), name="case"),
    *followup_urlpatterns,
]
