"""Reading the List of Contacts, scoped to what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thbhub.access.permissions import Perm
from thbhub.access.policies import ModelPolicy
from thbhub.audit.services import audit_record
from thbhub.directory.models import VERIFICATION_PERIOD, ContactPerson, Institution

if TYPE_CHECKING:
    from thbhub.accounts.models import User

INSTITUTION_POLICY = ModelPolicy(Institution, country_field="country")
CONTACT_POLICY = ModelPolicy(ContactPerson, country_field="institution__country")


@dataclass(frozen=True)
class ContactFilters:
    country: str = ""
    role: str = ""
    kind: str = ""
    query: str = ""
    needs_verification: bool = False
    include_inactive: bool = False


def institutions_visible_to(user: User) -> QuerySet[Institution]:
    return INSTITUTION_POLICY.queryset_for(user, Perm.DIRECTORY_VIEW).select_related("country")


def institutions_listed_for(
    user: User, *, country: str = "", kind: str = "", query: str = ""
) -> QuerySet[Institution]:
    queryset = institutions_visible_to(user).annotate(
        contact_count=Count("contacts", filter=Q(contacts__active=True))
    )
    if country:
        queryset = queryset.filter(country_id=country.upper())
    if kind:
        queryset = queryset.filter(kind=kind)
    for word in query.split():
        queryset = queryset.filter(
            Q(name__icontains=word) | Q(name_local__icontains=word) | Q(city__icontains=word)
        )
    return queryset.order_by("country__name", "name")


def institutions_editable_by(user: User) -> QuerySet[Institution]:
    return INSTITUTION_POLICY.queryset_for(user, Perm.DIRECTORY_EDIT).select_related("country")


def contacts_visible_to(
    user: User, filters: ContactFilters | None = None
) -> QuerySet[ContactPerson]:
    queryset = CONTACT_POLICY.queryset_for(user, Perm.DIRECTORY_VIEW).select_related(
        "institution", "institution__country"
    )
    return _filter_contacts(queryset, filters or ContactFilters())


def contacts_editable_by(user: User) -> QuerySet[ContactPerson]:
    return CONTACT_POLICY.queryset_for(user, Perm.DIRECTORY_EDIT).select_related(
        "institution", "institution__country"
    )


def _filter_contacts(
    queryset: QuerySet[ContactPerson], filters: ContactFilters
) -> QuerySet[ContactPerson]:
    if not filters.include_inactive:
        queryset = queryset.filter(active=True)
    if filters.country:
        queryset = queryset.filter(institution__country_id=filters.country.upper())
    if filters.kind:
        queryset = queryset.filter(institution__kind=filters.kind)
    if filters.role:
        # Roles are a short JSON list; a quoted match works on SQLite and
        # PostgreSQL alike and cannot match a role that merely contains it.
        queryset = queryset.filter(roles__icontains=f'"{filters.role}"')
    if filters.query:
        for word in filters.query.split():
            queryset = queryset.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(position__icontains=word)
                | Q(institution__name__icontains=word)
                | Q(institution__name_local__icontains=word)
                | Q(institution__city__icontains=word)
            )
    if filters.needs_verification:
        queryset = queryset.filter(
            Q(last_verified__isnull=True) | Q(last_verified__lt=verification_cutoff())
        )
    return queryset.order_by("institution__country__name", "institution__name", "family_name")


def verification_cutoff() -> datetime.date:
    return timezone.localdate() - VERIFICATION_PERIOD


def access_institution(user: User, pk: object, *, for_edit: bool = False) -> Institution:
    perm = Perm.DIRECTORY_EDIT if for_edit else Perm.DIRECTORY_VIEW
    return INSTITUTION_POLICY.get(user, perm, pk)


def access_contact(user: User, pk: object, *, for_edit: bool = False) -> ContactPerson:
    """Fetch one contact person with their direct lines; the read is audited."""
    perm = Perm.DIRECTORY_EDIT if for_edit else Perm.DIRECTORY_VIEW
    contact = CONTACT_POLICY.get(user, perm, pk)
    audit_record(actor=user, action="directory.contact.read", obj=contact)
    return contact


def contacts_for_export(user: User, filters: ContactFilters) -> list[ContactPerson]:
    """The contacts an export will contain; the read is audited as one event."""
    contacts = list(contacts_visible_to(user, filters))
    audit_record(
        actor=user,
        action="directory.contact.export",
        object_type="directory.contactperson",
        detail={"count": len(contacts), "filters": _filters_detail(filters)},
    )
    return contacts


def _filters_detail(filters: ContactFilters) -> dict[str, object]:
    return {
        key: value
        for key, value in filters.__dict__.items()
        # A free-text query may hold a name: it is not copied into the log.
        if value and key != "query"
    }
