"""REST API of cross-border referrals, with the web pages' scope.

Lists carry no shared content; one referral's content comes with it, and
every such read is recorded in the audit log of both countries.
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
from thbhub.core.api_access import HasPerm
from thbhub.core.concurrency import EditConflictError
from thbhub.referrals import services
from thbhub.referrals.codes import Need, ReferralKind, ReferralPurpose, RiskLevel, ShareItem
from thbhub.referrals.models import Referral, ReferralEvent, ReferralMessage
from thbhub.referrals.selectors import (
    access_referral,
    inbox_for,
    outbox_for,
    referrals_visible_to,
    shared_content_for,
    side_of,
    with_labels,
)


class ReferralSummaryOut(serializers.ModelSerializer[Referral]):
    reference = serializers.CharField(read_only=True)
    from_country = serializers.CharField(source="from_country_id")
    to_country = serializers.CharField(source="to_country_id")
    is_overdue = serializers.BooleanField(read_only=True)
    escalated = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "from_country",
            "to_country",
            "purpose",
            "direction",
            "kind",
            "needs",
            "child",
            "status",
            "shared_items",
            "sent_at",
            "acknowledge_by",
            "acknowledged_at",
            "decided_at",
            "is_overdue",
            "escalated",
            "version",
        ]

    def get_escalated(self, referral: Referral) -> bool:
        return referral.escalated_at is not None


class ReferralOut(ReferralSummaryOut):
    side = serializers.CharField()
    content = serializers.DictField()
    decline_reason = serializers.CharField()
    revoke_reason = serializers.CharField()

    class Meta(ReferralSummaryOut.Meta):
        fields = [
            *ReferralSummaryOut.Meta.fields,
            "side",
            "content",
            "decline_reason",
            "revoke_reason",
        ]


class ReferralEventOut(serializers.ModelSerializer[ReferralEvent]):
    country = serializers.CharField(source="country_id")

    class Meta:
        model = ReferralEvent
        fields = ["id", "kind", "on", "at", "country", "note", "detail"]


class ReferralMessageOut(serializers.ModelSerializer[ReferralMessage]):
    country = serializers.CharField(source="country_id")

    class Meta:
        model = ReferralMessage
        fields = ["id", "country", "body", "at"]


class ReferralIn(serializers.Serializer[Any]):
    case = serializers.IntegerField()
    to_country = serializers.CharField(max_length=2)
    purpose = serializers.ChoiceField(choices=ReferralPurpose.choices)
    kind = serializers.ChoiceField(choices=ReferralKind.choices)
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=Need.choices), required=False, default=list
    )
    to_institution = serializers.IntegerField(required=False, allow_null=True, default=None)


class ReferralShareIn(serializers.Serializer[Any]):
    items = serializers.ListField(child=serializers.ChoiceField(choices=ShareItem.choices))
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField()


class ReferralVersionIn(serializers.Serializer[Any]):
    version = serializers.IntegerField()


class ReferralReasonIn(serializers.Serializer[Any]):
    reason = serializers.CharField()


class ReferralAcceptIn(serializers.Serializer[Any]):
    receiving_agency = serializers.IntegerField()


class ReferralEventIn(serializers.Serializer[Any]):
    kind = serializers.CharField()
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    escorted = serializers.BooleanField(required=False, default=False)
    # Only for a risk assessment.
    level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)


class ReferralMessageIn(serializers.Serializer[Any]):
    body = serializers.CharField()


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


def _detail(user: User, referral: Referral) -> dict[str, Any]:
    referral.side = side_of(user, referral)  # type: ignore[attr-defined]
    referral.content = shared_content_for(user, referral, purpose="api")  # type: ignore[attr-defined]
    return dict(ReferralOut(referral).data)


def _conflict() -> Response:
    return Response({"detail": str(EditConflictError())}, status=status.HTTP_409_CONFLICT)


class ReferralList(ListAPIView[Referral]):
    """Referrals of the user's reach; `box=in` or `box=out` narrows to one side."""

    permission_classes = [HasPerm(Perm.REFERRALS_VIEW)]
    serializer_class = ReferralSummaryOut

    def get_queryset(self) -> Any:
        user = _user(self.request)
        box = self.request.query_params.get("box", "")
        if box == "in":
            return with_labels(inbox_for(user))
        if box == "out":
            return with_labels(outbox_for(user))
        return with_labels(referrals_visible_to(user))

    @extend_schema(request=ReferralIn, responses={201: ReferralOut})
    def post(self, request: Request) -> Response:
        data = ReferralIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = _user(request)
        referral = services.referral_request(
            actor=user,
            case_id=values["case"],
            to_country=values["to_country"],
            purpose=values["purpose"],
            kind=values["kind"],
            needs=values["needs"],
            to_institution_id=values["to_institution"],
        )
        return Response(_detail(user, referral), status=status.HTTP_201_CREATED)

    def get_permissions(self) -> Any:
        if self.request.method == "POST":
            return [HasPerm(Perm.REFERRALS_REQUEST)()]
        return super().get_permissions()


class ReferralDetail(APIView):
    permission_classes = [HasPerm(Perm.REFERRALS_VIEW)]

    @extend_schema(responses=ReferralOut)
    def get(self, request: Request, pk: int) -> Response:
        user = _user(request)
        return Response(_detail(user, access_referral(user, pk)))


class ReferralTimeline(APIView):
    """The continuity-of-care timeline; POST adds a line (`risk_assessment` with a level)."""

    permission_classes = [HasPerm(Perm.REFERRALS_VIEW)]

    @extend_schema(responses=ReferralEventOut(many=True))
    def get(self, request: Request, pk: int) -> Response:
        referral = access_referral(_user(request), pk)
        return Response(ReferralEventOut(referral.events.all(), many=True).data)

    @extend_schema(request=ReferralEventIn, responses={201: ReferralEventOut})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        referral = access_referral(user, pk)
        data = ReferralEventIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["kind"] == "risk_assessment":
            event = services.risk_assessment_record(
                actor=user,
                referral=referral,
                on=values["on"],
                level=values.get("level", ""),
                note=values["note"],
            )
        else:
            event = services.referral_event_add(
                actor=user,
                referral=referral,
                kind=values["kind"],
                on=values["on"],
                note=values["note"],
                escorted=values["escorted"],
            )
        return Response(ReferralEventOut(event).data, status=status.HTTP_201_CREATED)


class ReferralMessages(APIView):
    """The thread between the two contact points."""

    permission_classes = [HasPerm(Perm.REFERRALS_SEND)]

    @extend_schema(responses=ReferralMessageOut(many=True))
    def get(self, request: Request, pk: int) -> Response:
        referral = access_referral(_user(request), pk, Perm.REFERRALS_SEND)
        return Response(ReferralMessageOut(referral.messages.all(), many=True).data)

    @extend_schema(request=ReferralMessageIn, responses={201: ReferralMessageOut})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        referral = access_referral(user, pk, Perm.REFERRALS_SEND)
        data = ReferralMessageIn(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.referral_message_post(
            actor=user, referral=referral, body=data.validated_data["body"]
        )
        return Response(ReferralMessageOut(message).data, status=status.HTTP_201_CREATED)


class _Action(APIView):
    """A POST that moves the referral on, answering with the referral."""

    permission_classes = [HasPerm(Perm.REFERRALS_SEND)]
    input_class: type[serializers.Serializer[Any]] = ReferralVersionIn

    def act(self, user: User, referral: Referral, values: dict[str, Any]) -> object:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        referral = access_referral(user, pk)
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            self.act(user, referral, dict(data.validated_data))
        except EditConflictError:
            return _conflict()
        return Response(_detail(user, access_referral(user, pk)))


@extend_schema(request=ReferralShareIn, responses=ReferralOut)
class ReferralShare(_Action):
    permission_classes = [HasPerm(Perm.REFERRALS_VIEW)]
    input_class = ReferralShareIn

    def act(self, user: User, referral: Referral, values: dict[str, Any]) -> object:
        return services.referral_share_choose(
            actor=user,
            referral=referral,
            items=values["items"],
            expected_version=values["version"],
            override_reason=values["override_reason"],
        )


@extend_schema(request=ReferralVersionIn, responses=ReferralOut)
class ReferralSend(_Action):
    def act(self, user: User, referral: Referral, values: dict[str, Any]) -> object:
        return services.referral_send(
            actor=user, referral=referral, expected_version=values["version"]
        )


@extend_schema(request=ReferralVersionIn, responses=ReferralOut)
class ReferralAcknowledge(_Action):
    def act(self, user: User, referral: Referral, values: dict[str, Any]) -> object:
        return services.referral_acknowledge(actor=user, referral=referral)


@extend_schema(request=ReferralAcceptIn, responses=ReferralOut)
class ReferralAccept(_Action):
    input_class = ReferralAcceptIn

    def act(self, user: User, referral: Referral, values: dict[str, Any]) -> object:
        return services.referral_accept(
            actor=user, referral=referral, receiving_agency_id=values["receiving_agency"]
        )


@extend_schema(request=ReferralReasonIn, responses=ReferralOut)
class ReferralDecline(_Action):
    input_class = ReferralReasonIn

    def act(self, user: User, referral: Referral, values: dict[str, Any]) -> object:
        return services.referral_decline(actor=user, referral=referral, reason=values["reason"])


@extend_schema(request=ReferralReasonIn, responses=ReferralOut)
class ReferralRevoke(_Action):
    input_class = ReferralReasonIn

    def act(self, user: User, referral: Referral, values: dict[str, Any]) -> object:
        return services.referral_revoke(actor=user, referral=referral, reason=values["reason"])


urlpatterns = [
    path("referrals/", ReferralList.as_view(), name="referrals"),
    path("referrals/<int:pk>/", ReferralDetail.as_view(), name="referral"),
    path("referrals/<int:pk>/timeline/", ReferralTimeline.as_view(), name="referral-timeline"),
    path("referrals/<int:pk>/messages/", ReferralMessages.as_view(), name="referral-messages"),
    path("referrals/<int:pk>/share/", ReferralShare.as_view(), name="referral-share"),
    path("referrals/<int:pk>/send/", ReferralSend.as_view(), name="referral-send"),
    path(
        "referrals/<int:pk>/acknowledge/",
        ReferralAcknowledge.as_view(),
        name="referral-acknowledge",
    ),
    path("referrals/<int:pk>/accept/", ReferralAccept.as_view(), name="referral-accept"),
    path("referrals/<int:pk>/decline/", ReferralDecline.as_view(), name="referral-decline"),
    path("referrals/<int:pk>/revoke/", ReferralRevoke.as_view(), name="referral-revoke"),
]
