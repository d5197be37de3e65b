"""Reading user accounts, scoped to the reader's reach."""

from __future__ import annotations

from django.db.models import QuerySet

from thbhub.access.permissions import Perm
from thbhub.access.policies import ModelPolicy
from thbhub.accounts.models import User

USER_POLICY = ModelPolicy(User, country_field="country")


def users_visible_to(
    user: User, *, country: str = "", role: str = "", include_inactive: bool = True
) -> QuerySet[User]:
    queryset = USER_POLICY.queryset_for(user, Perm.USERS_VIEW).select_related("country", "agency")
    if country:
        queryset = queryset.filter(country_id=country.upper())
    if role:
        queryset = queryset.filter(role=role)
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("country__name", "username")


def access_user(user: User, pk: object, *, for_edit: bool = False) -> User:
    return USER_POLICY.get(user, Perm.USERS_MANAGE if for_edit else Perm.USERS_VIEW, pk)
