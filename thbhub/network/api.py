"""REST API of strategies, the network's work and the good-practice library."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.core.api_access import HasPerm
from thbhub.core.concurrency import EditConflictError
from thbhub.network import services
from thbhub.network.calendar import calendar_events
from thbhub.network.codes import ImplementationStatus, Theme
from thbhub.network.models import (
    ChairTerm,
    Declaration,
    FundraisingStatus,
    Meeting,
    Practice,
    Strategy,
    StrategyAction,
    StrategyKind,
    WorkPlanActivity,
)
from thbhub.network.selectors import (
    access_action,
    access_practice,
    access_strategy,
    actions_of,
    declarations_visible_to,
    meetings_visible_to,
    practices_visible_to,
    strategies_visible_to,
    term_of_year,
)

VERSION_MISSING = {
    "version": "Send the version you read, so that no change by someone else is overwritten."
}


def _conflict(conflict: EditConflictError) -> Response:
    return Response({"detail": str(conflict)}, status=status.HTTP_409_CONFLICT)


# Output


class ActionOut(serializers.ModelSerializer[StrategyAction]):
    recommendations = serializers.SerializerMethodField()
    status_history = serializers.SerializerMethodField()

    class Meta:
        model = StrategyAction
        fields = [
            "id",
            "text",
            "responsible_institution",
            "deadline",
            "recommendations",
            "status",
            "status_history",
            "version",
        ]

    def get_recommendations(self, action: StrategyAction) -> list[str]:
        return [item.code for item in action.recommendations.all()]

    def get_status_history(self, action: StrategyAction) -> list[dict[str, Any]]:
        return [
            {"status": change.status, "note": change.note, "changed_at": change.changed_at}
            for change in action.status_history.all()
        ]


class StrategyOut(serializers.ModelSerializer[Strategy]):
    class Meta:
        model = Strategy
        fields = [
            "id",
            "country",
            "kind",
            "title",
            "period_from",
            "period_to",
            "adopted_on",
            "adopting_body",
            "funding_earmarked",
            "funding_currency",
            "version",
        ]


class StrategyDetailOut(StrategyOut):
    actions = serializers.SerializerMethodField()

    class Meta(StrategyOut.Meta):
        fields = [*StrategyOut.Meta.fields, "actions"]

    def get_actions(self, strategy: Strategy) -> list[dict[str, Any]]:
        return list(ActionOut(actions_of(strategy), many=True).data)


class ActivityOut(serializers.ModelSerializer[WorkPlanActivity]):
    class Meta:
        model = WorkPlanActivity
        fields = [
            "id",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "budget",
            "currency",
            "funding_sources",
            "fundraising_status",
            "version",
        ]


class WorkPlanOut(serializers.ModelSerializer[ChairTerm]):
    activities = ActivityOut(many=True, read_only=True)

    class Meta:
        model = ChairTerm
        fields = ["year", "country", "work_plan_summary", "activities", "version"]


class MeetingOut(serializers.ModelSerializer[Meeting]):
    class Meta:
        model = Meeting
        fields = ["id", "title", "starts_on", "ends_on", "place", "agenda", "conclusions"]


class DeclarationOut(serializers.ModelSerializer[Declaration]):
    class Meta:
        model = Declaration
        fields = ["id", "title", "adopted_on", "place", "meeting", "text"]


class PracticeOut(serializers.ModelSerializer[Practice]):
    recommendations = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = [
            "id",
            "country",
            "title",
            "description",
            "themes",
            "indicators",
            "recommendations",
            "contact_institution",
            "updated_at",
            "version",
        ]

    def get_recommendations(self, practice: Practice) -> list[str]:
        return [item.code for item in practice.recommendations.all()]


class EventOut(serializers.Serializer[Any]):
    kind = serializers.CharField()
    title = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    place = serializers.CharField()


# Input


class StrategyIn(serializers.Serializer[Any]):
    country = serializers.CharField(max_length=2)
    kind = serializers.ChoiceField(choices=StrategyKind.choices, default=StrategyKind.STRATEGY)
    title = serializers.CharField(max_length=300)
    period_from = serializers.IntegerField()
    period_to = serializers.IntegerField()
    adopted_on = serializers.DateField(required=False, allow_null=True, default=None)
    adopting_body = serializers.CharField(max_length=300, required=False, default="")
    funding_earmarked = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    funding_currency = serializers.CharField(max_length=3, required=False, default="EUR")
    version = serializers.IntegerField(required=False)

    def to_data(self) -> services.StrategyData:
        data = dict(self.validated_data)
        data.pop("version", None)
        return services.StrategyData(country_id=data.pop("country").upper(), **data)


class ActionIn(serializers.Serializer[Any]):
    text = serializers.CharField()
    responsible_institution = serializers.IntegerField(
        required=False, allow_null=True, default=None
    )
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    recommendations = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )

    def to_data(self) -> services.ActionData:
        data = self.validated_data
        return services.ActionData(
            text=data["text"],
            responsible_institution_id=data["responsible_institution"],
            deadline=data["deadline"],
            recommendation_ids=data["recommendations"],
        )


class ActionStatusIn(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ImplementationStatus.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True)
    version = serializers.IntegerField()


class ActivityIn(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    budget = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    currency = serializers.CharField(max_length=3, required=False, default="EUR")
    funding_sources = serializers.CharField(max_length=500, required=False, default="")
    fundraising_status = serializers.ChoiceField(
        choices=FundraisingStatus.choices, default=FundraisingStatus.TO_RAISE
    )


class PracticeIn(serializers.Serializer[Any]):
    country = serializers.CharField(max_length=2)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField()
    themes = serializers.ListField(child=serializers.ChoiceField(choices=Theme.choices))
    indicators = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    recommendations = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    contact_institution = serializers.IntegerField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(required=False)

    def to_data(self) -> services.PracticeData:
        data = self.validated_data
        return services.PracticeData(
            country_id=data["country"].upper(),
            title=data["title"],
            description=data["description"],
            themes=data["themes"],
            indicators=data["indicators"],
            recommendation_ids=data["recommendations"],
            contact_institution_id=data["contact_institution"],
        )


# Endpoints


class StrategyList(APIView):
    """Strategies and action plans of every member (GET, filter `country`), or a new
    one for your own country (POST)."""

    permission_classes = [HasPerm(Perm.STRATEGIES_VIEW)]

    @extend_schema(
        responses=StrategyOut(many=True),
        parameters=[OpenApiParameter("country", str, required=False)],
    )
    def get(self, request: Request) -> Response:
        queryset = strategies_visible_to(
            request.user,  # type: ignore[arg-type]
            country=request.query_params.get("country", ""),
        )
        return Response(StrategyOut(queryset, many=True).data)

    @extend_schema(request=StrategyIn, responses={201: StrategyDetailOut})
    def post(self, request: Request) -> Response:
        payload = StrategyIn(data=request.data)
        payload.is_valid(raise_exception=True)
        strategy = services.strategy_create(actor=request.user, data=payload.to_data())  # type: ignore[arg-type]
        return Response(StrategyDetailOut(strategy).data, status=status.HTTP_201_CREATED)


class StrategyDetail(APIView):
    permission_classes = [HasPerm(Perm.STRATEGIES_VIEW)]

    @extend_schema(responses=StrategyDetailOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(StrategyDetailOut(access_strategy(request.user, pk)).data)  # type: ignore[arg-type]

    @extend_schema(request=StrategyIn, responses={200: StrategyDetailOut, 409: None})
    def put(self, request: Request, pk: int) -> Response:
        strategy = access_strategy(request.user, pk, for_edit=True)  # type: ignore[arg-type]
        payload = StrategyIn(data=request.data)
        payload.is_valid(raise_exception=True)
        if "version" not in payload.validated_data:
            return Response(VERSION_MISSING, status=status.HTTP_400_BAD_REQUEST)
        try:
            services.strategy_update(
                actor=request.user,  # type: ignore[arg-type]
                strategy=strategy,
                data=payload.to_data(),
                expected_version=payload.validated_data["version"],
            )
        except EditConflictError as conflict:
            return _conflict(conflict)
        return Response(StrategyDetailOut(strategy).data)


class StrategyActions(APIView):
    """Add an action to a strategy of your country."""

    permission_classes = [HasPerm(Perm.STRATEGIES_EDIT)]

    @extend_schema(request=ActionIn, responses={201: ActionOut})
    def post(self, request: Request, pk: int) -> Response:
        strategy = access_strategy(request.user, pk, for_edit=True)  # type: ignore[arg-type]
        payload = ActionIn(data=request.data)
        payload.is_valid(raise_exception=True)
        action = services.action_create(
            actor=request.user,  # type: ignore[arg-type]
            strategy=strategy,
            data=payload.to_data(),
        )
        return Response(ActionOut(action).data, status=status.HTTP_201_CREATED)


class ActionStatus(APIView):
    """Record an action's implementation status; its history keeps every step."""

    permission_classes = [HasPerm(Perm.STRATEGIES_EDIT)]

    @extend_schema(request=ActionStatusIn, responses={200: ActionOut, 409: None})
    def post(self, request: Request, pk: int) -> Response:
        action = access_action(request.user, pk, for_edit=True)  # type: ignore[arg-type]
        payload = ActionStatusIn(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.action_status_set(
                actor=request.user,  # type: ignore[arg-type]
                action=action,
                status=payload.validated_data["status"],
                note=payload.validated_data["note"],
                expected_version=payload.validated_data["version"],
            )
        except EditConflictError as conflict:
            return _conflict(conflict)
        return Response(ActionOut(access_action(request.user, pk)).data)  # type: ignore[arg-type]


class WorkPlan(APIView):
    """The chair country of a year and its work plan."""

    permission_classes = [HasPerm(Perm.NETWORK_VIEW)]

    @extend_schema(responses=WorkPlanOut)
    def get(self, request: Request, year: int) -> Response:
        return Response(WorkPlanOut(term_of_year(request.user, year)).data)  # type: ignore[arg-type]


class WorkPlanActivities(APIView):
    """Add an activity to a year's work plan (the secretariat and the chair's coordinator)."""

    permission_classes = [HasPerm(Perm.WORK_PLAN_EDIT)]

    @extend_schema(request=ActivityIn, responses={201: ActivityOut})
    def post(self, request: Request, year: int) -> Response:
        term = term_of_year(request.user, year, for_edit=True)  # type: ignore[arg-type]
        payload = ActivityIn(data=request.data)
        payload.is_valid(raise_exception=True)
        activity = services.activity_create(
            actor=request.user,  # type: ignore[arg-type]
            term=term,
            data=services.ActivityData(**payload.validated_data),
        )
        return Response(ActivityOut(activity).data, status=status.HTTP_201_CREATED)


class MeetingList(APIView):
    permission_classes = [HasPerm(Perm.NETWORK_VIEW)]

    @extend_schema(responses=MeetingOut(many=True))
    def get(self, request: Request) -> Response:
        return Response(MeetingOut(meetings_visible_to(request.user), many=True).data)  # type: ignore[arg-type]


class DeclarationList(APIView):
    permission_classes = [HasPerm(Perm.NETWORK_VIEW)]

    @extend_schema(responses=DeclarationOut(many=True))
    def get(self, request: Request) -> Response:
        return Response(
            DeclarationOut(declarations_visible_to(request.user), many=True).data  # type: ignore[arg-type]
        )


class Calendar(APIView):
    """Meetings, work plan activities and review deadlines (filter `year`)."""

    permission_classes = [HasPerm(Perm.NETWORK_VIEW)]

    @extend_schema(
        responses=EventOut(many=True), parameters=[OpenApiParameter("year", int, required=False)]
    )
    def get(self, request: Request) -> Response:
        year = request.query_params.get("year", "")
        if year and not year.isdigit():
            return Response(
                {"year": "Give the year as four digits, for example 2026."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        events = calendar_events(request.user, year=int(year) if year else None)  # type: ignore[arg-type]
        return Response(EventOut(events, many=True).data)


class PracticeList(APIView):
    """The good-practice library (GET; filters `theme`, `q`, `country`), or a new
    practice of your country (POST)."""

    permission_classes = [HasPerm(Perm.PRACTICES_VIEW)]

    @extend_schema(
        responses=PracticeOut(many=True),
        parameters=[
            OpenApiParameter("theme", str, required=False, enum=Theme.values),
            OpenApiParameter("q", str, required=False),
            OpenApiParameter("country", str, required=False),
        ],
    )
    def get(self, request: Request) -> Response:
        theme = request.query_params.get("theme", "")
        if theme and theme not in Theme.values:
            return Response(
                {"theme": f"Unknown theme {theme}: use one of {', '.join(Theme.values)}."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        queryset = practices_visible_to(
            request.user,  # type: ignore[arg-type]
            theme=theme,
            query=request.query_params.get("q", ""),
            country=request.query_params.get("country", ""),
        ).prefetch_related("recommendations")
        return Response(PracticeOut(queryset, many=True).data)

    @extend_schema(request=PracticeIn, responses={201: PracticeOut})
    def post(self, request: Request) -> Response:
        payload = PracticeIn(data=request.data)
        payload.is_valid(raise_exception=True)
        practice = services.practice_create(actor=request.user, data=payload.to_data())  # type: ignore[arg-type]
        return Response(PracticeOut(practice).data, status=status.HTTP_201_CREATED)


class PracticeDetail(APIView):
    permission_classes = [HasPerm(Perm.PRACTICES_VIEW)]

    @extend_schema(responses=PracticeOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(PracticeOut(access_practice(request.user, pk)).data)  # type: ignore[arg-type]

    @extend_schema(request=PracticeIn, responses={200: PracticeOut, 409: None})
    def put(self, request: Request, pk: int) -> Response:
        practice = access_practice(request.user, pk, for_edit=True)  # type: ignore[arg-type]
        payload = PracticeIn(data=request.data)
        payload.is_valid(raise_exception=True)
        if "version" not in payload.validated_data:
            return Response(VERSION_MISSING, status=status.HTTP_400_BAD_REQUEST)
        try:
            services.practice_update(
                actor=request.user,  # type: ignore[arg-type]
                practice=practice,
                data=payload.to_data(),
                expected_version=payload.validated_data["version"],
            )
        except EditConflictError as conflict:
            return _conflict(conflict)
        return Response(PracticeOut(practice).data)


urlpatterns = [
    path("strategies/", StrategyList.as_view(), name="network-strategies"),
    path("strategies/<int:pk>/", StrategyDetail.as_view(), name="network-strategy"),
    path(
        "strategies/<int:pk>/actions/", StrategyActions.as_view(), name="network-strategy-actions"
    ),
    path("actions/<int:pk>/status/", ActionStatus.as_view(), name="network-action-status"),
    path("work-plan/<int:year>/", WorkPlan.as_view(), name="network-work-plan"),
    path(
        "work-plan/<int:year>/activities/",
        WorkPlanActivities.as_view(),
        name="network-work-plan-activities",
    ),
    path("meetings/", MeetingList.as_view(), name="network-meetings"),
    path("declarations/", DeclarationList.as_view(), name="network-declarations"),
    path("calendar/", Calendar.as_view(), name="network-calendar"),
    path("practices/", PracticeList.as_view(), name="network-practices"),
    path("practices/<int:pk>/", PracticeDetail.as_view(), name="network-practice"),
]
