"""REST API of consultations, for staff. Respondents use their link only.

The same selectors and services as the web pages: the secretariat opens
consultations and issues links (shown in the answer once, never again);
roles with CONSULTATIONS_VIEW read published results, in aggregate only.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.accounts.models import User
from thbhub.consultations import services
from thbhub.consultations.models import (
    Consultation,
    Question,
    QuestionKind,
    default_minimum_group_size,
)
from thbhub.consultations.privacy import RESPONDENT_PREFIX
from thbhub.consultations.results import ConsultationResults, QuestionResult, consultation_results
from thbhub.consultations.selectors import (
    access_consultation,
    consultations_visible_to,
    respondent_count,
    state_of,
)
from thbhub.core.api_access import HasPerm


def _texts() -> serializers.DictField:
    """Texts by language code; a new field each time, as DRF binds each field once."""
    return serializers.DictField(child=serializers.CharField(allow_blank=True))


class ConsultationQuestionOut(serializers.ModelSerializer[Question]):
    options = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id",
            "position",
            "kind",
            "text",
            "required",
            "breakdown",
            "scale_min",
            "scale_max",
            "options",
        ]

    def get_options(self, question: Question) -> list[dict[str, Any]]:
        return [{"id": o.pk, "text": o.text} for o in question.options.all()]


class ConsultationOut(serializers.ModelSerializer[Consultation]):
    state = serializers.SerializerMethodField()
    respondents = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "purpose",
            "opens_on",
            "closes_on",
            "minimum_group_size",
            "published_on",
            "state",
            "respondents",
            "version",
        ]

    def get_state(self, consultation: Consultation) -> str:
        return state_of(consultation)

    def get_respondents(self, consultation: Consultation) -> int | None:
        """The count only once it reaches the minimum group size."""
        count = respondent_count(consultation)
        return count if count >= consultation.minimum_group_size else None


class ConsultationDetailOut(ConsultationOut):
    questions = ConsultationQuestionOut(many=True, read_only=True)

    class Meta(ConsultationOut.Meta):
        fields = [*ConsultationOut.Meta.fields, "questions"]


class ConsultationQuestionIn(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    text = _texts()
    options = serializers.ListField(child=_texts(), required=False, default=list)
    breakdown = serializers.BooleanField(required=False, default=False)
    scale_min = serializers.IntegerField(required=False, default=1)
    scale_max = serializers.IntegerField(required=False, default=5)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # "required" is an attribute of every serializer field, so it cannot
        # be declared as a class attribute like the others.
        fields = super().get_fields()
        fields["required"] = serializers.BooleanField(required=False, default=False)
        return fields


class ConsultationIn(serializers.Serializer[Any]):
    title = _texts()
    purpose = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    minimum_group_size = serializers.IntegerField(required=False)
    questions = ConsultationQuestionIn(many=True, required=False, default=list)


class InvitationsIn(serializers.Serializer[Any]):
    count = serializers.IntegerField(min_value=1, max_value=services.MAX_BATCH)


class ConsultationList(APIView):
    """Consultations you may see (GET: all for the secretariat, published ones
    for other readers), or a new consultation with its questions (POST)."""

    permission_classes = [HasPerm(Perm.CONSULTATIONS_VIEW)]

    @extend_schema(responses=ConsultationOut(many=True))
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        return Response(ConsultationOut(consultations_visible_to(user), many=True).data)

    @extend_schema(request=ConsultationIn, responses={201: ConsultationDetailOut})
    def post(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        payload = ConsultationIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        with transaction.atomic():
            consultation = services.consultation_create(
                actor=user,
                data=services.ConsultationData(
                    title=data["title"],
                    purpose=data["purpose"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    minimum_group_size=data.get("minimum_group_size")
                    or default_minimum_group_size(),
                ),
            )
            for question in data["questions"]:
                services.question_add(
                    actor=user,
                    consultation=consultation,
                    data=services.QuestionData(**question),
                )
        return Response(ConsultationDetailOut(consultation).data, status=status.HTTP_201_CREATED)


class ConsultationDetail(APIView):
    """One consultation with its questions."""

    permission_classes = [HasPerm(Perm.CONSULTATIONS_VIEW)]

    @extend_schema(responses=ConsultationDetailOut)
    def get(self, request: Request, pk: int) -> Response:
        user: User = request.user  # type: ignore[assignment]
        return Response(ConsultationDetailOut(access_consultation(user, pk)).data)


class InvitationLinks(APIView):
    """A batch of single-use links (POST). The links are in this answer only:
    THB Hub keeps their hashes, so it cannot show them again."""

    permission_classes = [HasPerm(Perm.CONSULTATIONS_MANAGE)]

    @extend_schema(request=InvitationsIn, responses={201: None})
    def post(self, request: Request, pk: int) -> Response:
        user: User = request.user  # type: ignore[assignment]
        consultation = access_consultation(user, pk, Perm.CONSULTATIONS_MANAGE)
        payload = InvitationsIn(data=request.data)
        payload.is_valid(raise_exception=True)
        issued = services.invitations_issue(
            actor=user, consultation=consultation, count=payload.validated_data["count"]
        )
        links = [
            {
                "reference": item.reference,
                "link": request.build_absolute_uri(f"{RESPONDENT_PREFIX}{item.token}/"),
            }
            for item in issued
        ]
        response = Response({"links": links}, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response


def _question_body(result: QuestionResult) -> dict[str, Any]:
    body: dict[str, Any] = {
        "question": result.question.pk,
        "text": result.label,
        "kind": result.kind,
        "shown": result.shown,
    }
    if result.shown:
        body["answered"] = result.answered
        body["options"] = [
            {"label": o.label, "count": o.count, "percent": o.percent} for o in result.options
        ]
        if result.mean is not None:
            body["mean"] = result.mean
        if result.question.kind == QuestionKind.TEXT:
            body["comments"] = result.texts
    return body


def results_body(results: ConsultationResults) -> dict[str, Any]:
    return {
        "consultation": results.consultation.pk,
        "minimum_group_size": results.minimum,
        "shown": results.shown,
        "respondents": results.respondents if results.shown else None,
        "questions": [_question_body(r) for r in results.questions],
        "breakdowns": [
            {
                "question": b.question.pk,
                "groups": [
                    {
                        "label": g.label,
                        "shown": g.shown,
                        "respondents": g.size if g.shown else None,
                        "questions": [_question_body(r) for r in g.questions],
                    }
                    for g in b.groups
                ],
            }
            for b in results.breakdowns
        ],
    }


class ConsultationResultsView(APIView):
    """Aggregate results, only for groups of at least the minimum size."""

    permission_classes = [HasPerm(Perm.CONSULTATIONS_VIEW)]

    @extend_schema(responses={200: None})
    def get(self, request: Request, pk: int) -> Response:
        user: User = request.user  # type: ignore[assignment]
        consultation = access_consultation(user, pk)
        return Response(results_body(consultation_results(consultation)))


urlpatterns = [
    path("consultations/", ConsultationList.as_view(), name="consultations"),
    path("consultations/<int:pk>/", ConsultationDetail.as_view(), name="consultation"),
    path(
        "consultations/<int:pk>/invitations/",
        InvitationLinks.as_view(),
        name="consultation-invitations",
    ),
    path(
        "consultations/<int:pk>/results/",
        ConsultationResultsView.as_view(),
        name="consultation-results",
    ),
]
