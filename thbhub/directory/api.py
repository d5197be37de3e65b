"""REST API of the List of Contacts."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thbhub.access.permissions import Perm
from thbhub.core.api_access import HasPerm
from thbhub.core.concurrency import EditConflictError
from thbhub.directory import services
from thbhub.directory.models import ContactPerson, ContactRole, Institution, InstitutionType
from thbhub.directory.selectors import (
    ContactFilters,
    access_contact,
    contacts_visible_to,
    institutions_visible_to,
)


class InstitutionOut(serializers.ModelSerializer[Institution]):
    class Meta:
        model = Institution
        fields = [
            "id",
            "country",
            "name",
            "name_local",
            "kind",
            "city",
            "address",
            "website",
            "email",
            "phone",
            "version",
        ]


class InstitutionIn(serializers.Serializer[Any]):
    country = serializers.CharField(max_length=2)
    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=InstitutionType.choices)
    name_local = serializers.CharField(max_length=300, required=False, default="")
    city = serializers.CharField(max_length=100, required=False, default="")
    address = serializers.CharField(max_length=300, required=False, default="")
    website = serializers.URLField(required=False, default="")
    email = serializers.EmailField(required=False, default="")
    phone = serializers.CharField(max_length=50, required=False, default="")


class ContactSummaryOut(serializers.ModelSerializer[ContactPerson]):
    """A contact without the person's direct lines (those are read one by one, audited)."""

    country = serializers.CharField(source="institution.country_id")
    needs_verification = serializers.BooleanField(read_only=True)

    class Meta:
        model = ContactPerson
        fields = [
            "id",
            "country",
            "institution",
            "given_name",
            "family_name",
            "position",
            "roles",
            "languages",
            "last_verified",
            "needs_verification",
            "version",
        ]


class ContactOut(ContactSummaryOut):
    class Meta(ContactSummaryOut.Meta):
        fields = [*ContactSummaryOut.Meta.fields, "email", "phone", "active"]


class ContactIn(serializers.Serializer[Any]):
    institution = serializers.IntegerField()
    given_name = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=100)
    position = serializers.CharField(max_length=200, required=False, default="")
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=ContactRole.choices), required=False, default=list
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=3), required=False, default=list
    )
    email = serializers.EmailField(required=False, default="")
    phone = serializers.CharField(max_length=50, required=False, default="")
    last_verified = serializers.DateField(required=False, allow_null=True, default=None)
    active = serializers.BooleanField(required=False, default=True)
    version = serializers.IntegerField(
        required=False, help_text="The version you read; required to update."
    )

    def to_data(self) -> services.ContactData:
        data = dict(self.validated_data)
        data.pop("version", None)
        return services.ContactData(institution_id=data.pop("institution"), **data)


class ContactFilterIn(serializers.Serializer[Any]):
    country = serializers.CharField(max_length=2, required=False)
    role = serializers.ChoiceField(choices=ContactRole.choices, required=False)
    kind = serializers.ChoiceField(choices=InstitutionType.choices, required=False)
    q = serializers.CharField(max_length=100, required=False)
    needs_verification = serializers.BooleanField(required=False)


class InstitutionList(APIView):
    permission_classes = [HasPerm(Perm.DIRECTORY_VIEW)]

    @extend_schema(
        responses=InstitutionOut(many=True),
        parameters=[OpenApiParameter("country", str, required=False)],
    )
    def get(self, request: Request) -> Response:
        queryset = institutions_visible_to(request.user)  # type: ignore[arg-type]
        if request.query_params.get("country"):
            queryset = queryset.filter(country_id=request.query_params["country"].upper())
        return Response(InstitutionOut(queryset, many=True).data)

    @extend_schema(request=InstitutionIn, responses={201: InstitutionOut})
    def post(self, request: Request) -> Response:
        payload = InstitutionIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        institution = services.institution_create(
            actor=request.user,  # type: ignore[arg-type]
            data=services.InstitutionData(country_id=data.pop("country").upper(), **data),
        )
        return Response(InstitutionOut(institution).data, status=status.HTTP_201_CREATED)


class ContactList(ListAPIView[ContactPerson]):
    """Contacts within your reach (GET; filters `country`, `role`, `kind`, `q`,
    `needs_verification`), or a new contact (POST; needs the right to edit the directory)."""

    serializer_class = ContactSummaryOut
    permission_classes = [HasPerm(Perm.DIRECTORY_VIEW)]

    @extend_schema(parameters=[ContactFilterIn])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ContactIn, responses={201: ContactOut})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = ContactIn(data=request.data)
        payload.is_valid(raise_exception=True)
        contact = services.contact_create(actor=request.user, data=payload.to_data())  # type: ignore[arg-type]
        return Response(ContactOut(contact).data, status=status.HTTP_201_CREATED)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = ContactFilterIn(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = ContactFilters(
            country=data.get("country", ""),
            role=data.get("role", ""),
            kind=data.get("kind", ""),
            query=data.get("q", ""),
            needs_verification=data.get("needs_verification", False),
        )
        return contacts_visible_to(self.request.user, filters)  # type: ignore[arg-type]


class ContactDetail(APIView):
    """One contact with direct lines; each read is recorded in the audit log."""

    permission_classes = [HasPerm(Perm.DIRECTORY_VIEW)]

    @extend_schema(responses=ContactOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ContactOut(access_contact(request.user, pk)).data)  # type: ignore[arg-type]

    @extend_schema(request=ContactIn, responses={200: ContactOut, 409: None})
    def put(self, request: Request, pk: int) -> Response:
        contact = access_contact(request.user, pk, for_edit=True)  # type: ignore[arg-type]
        payload = ContactIn(data=request.data)
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
            services.contact_update(
                actor=request.user,  # type: ignore[arg-type]
                contact=contact,
                data=payload.to_data(),
                expected_version=payload.validated_data["version"],
            )
        except EditConflictError as conflict:
            return Response({"detail": str(conflict)}, status=status.HTTP_409_CONFLICT)
        return Response(ContactOut(contact).data)


urlpatterns = [
    path("institutions/", InstitutionList.as_view(), name="institutions"),
    path("contacts/", ContactList.as_view(), name="contacts"),
    path("contacts/<int:pk>/", ContactDetail.as_view(), name="contact"),
]
