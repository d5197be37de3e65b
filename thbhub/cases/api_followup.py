"""REST API of long-term assistance, proceedings and what is due.

Sub-resources of one case, reached only through ``access_case``: a case out
of the user's reach is 404, as on the web.
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
from thbhub.cases import longterm, proceedings
from thbhub.cases.codes import (
    InclusionArea,
    InclusionKind,
    ProceedingKind,
    ProceedingOutcome,
    ProceedingRole,
    ProceedingStage,
    ProtectionMeasure,
    ResidencePermitType,
    ReviewOutcome,
)
from thbhub.cases.models import (
    CaseReview,
    CaseTask,
    InclusionMeasure,
    Proceeding,
    ResidencePermit,
)
from thbhub.cases.selectors import access_case, tasks_due_now
from thbhub.core.api_access import HasPerm
from thbhub.core.concurrency import EditConflictError


class PermitOut(serializers.ModelSerializer[ResidencePermit]):
    class Meta:
        model = ResidencePermit
        fields = ["id", "kind", "valid_from", "valid_until"]


class InclusionOut(serializers.ModelSerializer[InclusionMeasure]):
    class Meta:
        model = InclusionMeasure
        fields = ["id", "area", "kind", "provider", "started_on", "ended_on", "notes"]


class ReviewOut(serializers.ModelSerializer[CaseReview]):
    class Meta:
        model = CaseReview
        fields = ["id", "reviewed_on", "outcome", "next_review_on", "notes"]


class MoneyField(serializers.DecimalField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            max_digits=12,
            decimal_places=2,
            min_value=0,
            required=False,
            allow_null=True,
            default=None,
            **kwargs,
        )


class ProceedingOut(serializers.ModelSerializer[Proceeding]):
    class Meta:
        model = Proceeding
        fields = [
            "id",
            *proceedings.PROCEEDING_FIELDS,
            "authority",
            "version",
        ]


class PermitIn(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ResidencePermitType.choices)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)


class InclusionIn(serializers.Serializer[Any]):
    area = serializers.ChoiceField(choices=InclusionArea.choices)
    kind = serializers.ChoiceField(choices=InclusionKind.choices)
    provider = serializers.IntegerField(required=False, allow_null=True, default=None)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewIn(serializers.Serializer[Any]):
    reviewed_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ProceedingIn(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ProceedingKind.choices)
    role = serializers.ChoiceField(choices=ProceedingRole.choices)
    started_on = serializers.DateField()
    stage = serializers.ChoiceField(
        choices=ProceedingStage.choices, default=ProceedingStage.INVESTIGATION
    )
    outcome = serializers.ChoiceField(
        choices=ProceedingOutcome.choices, default=ProceedingOutcome.PENDING
    )
    authority = serializers.IntegerField(required=False, allow_null=True, default=None)
    file_reference = serializers.CharField(required=False, allow_blank=True, default="")
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    protection_measures = serializers.ListField(
        child=serializers.ChoiceField(choices=ProtectionMeasure.choices),
        required=False,
        default=list,
    )
    non_punishment_applied = serializers.BooleanField(required=False, default=False)
    compensation_claimed = MoneyField()
    compensation_claimed_currency = serializers.CharField(
        max_length=3, required=False, allow_blank=True, default=""
    )
    compensation_awarded = MoneyField()
    compensation_awarded_currency = serializers.CharField(
        max_length=3, required=False, allow_blank=True, default=""
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        required=False, help_text="The version you read; required to update."
    )

    def to_data(self) -> proceedings.ProceedingData:
        data = dict(self.validated_data)
        data.pop("version", None)
        return proceedings.ProceedingData(authority_id=data.pop("authority"), **data)


class DueTaskOut(serializers.ModelSerializer[CaseTask]):
    case = serializers.IntegerField(source="case_id")
    case_number = serializers.CharField(source="case.number")
    overdue = serializers.BooleanField(source="is_overdue")

    class Meta:
        model = CaseTask
        fields = ["id", "case", "case_number", "kind", "due_on", "alert_on", "overdue"]


class DueList(ListAPIView[CaseTask]):
    """Tasks of your cases that are overdue or in their alert period, overdue first."""

    serializer_class = DueTaskOut
    permission_classes = [HasPerm(Perm.CASES_VIEW)]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return tasks_due_now(self.request.user)  # type: ignore[arg-type]


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


class PermitList(APIView):
    """The case's residence permits (GET) or a new one (POST)."""

    permission_classes = [HasPerm(Perm.CASES_VIEW)]

    @extend_schema(responses=PermitOut(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access_case(_user(request), pk)
        return Response(PermitOut(case.permits.all(), many=True).data)

    @extend_schema(request=PermitIn, responses={201: PermitOut})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        case = access_case(user, pk, Perm.CASES_EDIT)
        payload = PermitIn(data=request.data)
        payload.is_valid(raise_exception=True)
        permit = longterm.case_permit_record(actor=user, case=case, **payload.validated_data)
        return Response(PermitOut(permit).data, status=status.HTTP_201_CREATED)


class InclusionList(APIView):
    """The case's education, work and housing measures (GET) or a new one (POST)."""

    permission_classes = [HasPerm(Perm.CASES_VIEW)]

    @extend_schema(responses=InclusionOut(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access_case(_user(request), pk)
        return Response(InclusionOut(case.inclusion.all(), many=True).data)

    @extend_schema(request=InclusionIn, responses={201: InclusionOut})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        case = access_case(user, pk, Perm.CASES_EDIT)
        payload = InclusionIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        measure = longterm.case_inclusion_record(
            actor=user, case=case, provider_id=data.pop("provider"), **data
        )
        return Response(InclusionOut(measure).data, status=status.HTTP_201_CREATED)


class ReviewList(APIView):
    """The case's reviews (GET) or a new review (POST), which schedules the next."""

    permission_classes = [HasPerm(Perm.CASES_VIEW)]

    @extend_schema(responses=ReviewOut(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access_case(_user(request), pk)
        return Response(ReviewOut(case.reviews.all(), many=True).data)

    @extend_schema(request=ReviewIn, responses={201: ReviewOut})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        case = access_case(user, pk, Perm.CASES_EDIT)
        payload = ReviewIn(data=request.data)
        payload.is_valid(raise_exception=True)
        review = longterm.case_review_record(actor=user, case=case, **payload.validated_data)
        return Response(ReviewOut(review).data, status=status.HTTP_201_CREATED)


class ProceedingList(APIView):
    """The case's proceedings (GET) or new ones (POST)."""

    permission_classes = [HasPerm(Perm.CASES_VIEW)]

    @extend_schema(responses=ProceedingOut(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = access_case(_user(request), pk)
        return Response(ProceedingOut(case.proceedings.all(), many=True).data)

    @extend_schema(request=ProceedingIn, responses={201: ProceedingOut})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        case = access_case(user, pk, Perm.CASES_EDIT)
        payload = ProceedingIn(data=request.data)
        payload.is_valid(raise_exception=True)
        found = proceedings.case_proceeding_record(actor=user, case=case, data=payload.to_data())
        return Response(ProceedingOut(found).data, status=status.HTTP_201_CREATED)


class ProceedingDetail(APIView):
    """One set of proceedings (GET); PUT changes it and needs the `version`
    you read: a stale version is answered with 409."""

    permission_classes = [HasPerm(Perm.CASES_VIEW)]

    def _found(self, request: Request, pk: int, proceeding_id: int, perm: Perm) -> Proceeding:
        from django.http import Http404  # noqa: PLC0415

        case = access_case(_user(request), pk, perm)
        found = case.proceedings.filter(pk=proceeding_id).first()
        if found is None:
            raise Http404
        return found

    @extend_schema(responses=ProceedingOut)
    def get(self, request: Request, pk: int, proceeding_id: int) -> Response:
        return Response(
            ProceedingOut(self._found(request, pk, proceeding_id, Perm.CASES_VIEW)).data
        )

    @extend_schema(request=ProceedingIn, responses={200: ProceedingOut, 409: None})
    def put(self, request: Request, pk: int, proceeding_id: int) -> Response:
        user = _user(request)
        found = self._found(request, pk, proceeding_id, Perm.CASES_EDIT)
        payload = ProceedingIn(data=request.data)
        payload.is_valid(raise_exception=True)
        if "version" not in payload.validated_data:
            return Response(
                {
                    "version": "Send the version you read, so that no change by someone else "
                    "is overwritten."
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            updated = proceedings.case_proceeding_update(
                actor=user,
                case=found.case,
                proceeding_id=found.pk,
                data=payload.to_data(),
                expected_version=payload.validated_data["version"],
            )
        except EditConflictError as conflict:
            return Response({"detail": str(conflict)}, status=status.HTTP_409_CONFLICT)
        return Response(ProceedingOut(updated).data)


urlpatterns = [
    path("cases/due/", DueList.as_view(), name="cases-due"),
    path("cases/<int:pk>/permits/", PermitList.as_view(), name="case-permits"),
    path("cases/<int:pk>/inclusion/", InclusionList.as_view(), name="case-inclusion"),
    path("cases/<int:pk>/reviews/", ReviewList.as_view(), name="case-reviews"),
    path("cases/<int:pk>/proceedings/", ProceedingList.as_view(), name="case-proceedings"),
    path(
        "cases/<int:pk>/proceedings/<int:proceeding_id>/",
        ProceedingDetail.as_view(),
        name="case-proceeding",
    ),
]
