"""Permission policies: one per model, answering both "may this user do
this to that object?" and "which objects may this user do this to?".

Scope is enforced here and only here. Selectors start from
``policy.queryset_for(user, perm)``; ``access_*`` helpers fetch one object
through the same queryset, so an object outside the user's reach is
indistinguishable from one that does not exist (404, never 403 with the
object's name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm, Reach, reach_of

if TYPE_CHECKING:
    from thbhub.accounts.models import User

M = TypeVar("M", bound=models.Model)


class PermissionDenied(Exception):  # noqa: N818 — reads as a sentence where raised
    """The user's role does not include the permission at all."""

    def __init__(self, perm: Perm) -> None:
        super().__init__(denial_message(perm))
        self.perm = perm


def denial_message(perm: Perm) -> str:
    return _("Your role does not allow: %(permission)s.") % {"permission": perm.label}


def user_has(user: User | None, perm: Perm) -> bool:
    return bool(user is not None and user.is_active and reach_of(user.role, perm))


def require(user: User | None, perm: Perm) -> Reach:
    reach = reach_of(user.role, perm) if user is not None and user.is_active else None
    if reach is None:
        raise PermissionDenied(perm)
    return reach


@dataclass(frozen=True)
class ModelPolicy(Generic[M]):
    """Scope rules for one model.

    ``country_field``, ``agency_field`` and ``owner_field`` name the lookups
    that tie a row to a country, an agency and a user; a reach wider than the
    fields a model has is simply not narrowed further.
    """

    model: type[M]
    country_field: str | None = None
    agency_field: str | None = None
    owner_field: str | None = None

    def queryset_for(self, user: User | None, perm: Perm) -> models.QuerySet[M]:
        base: models.QuerySet[M] = self.model._default_manager.all()
        reach = reach_of(user.role, perm) if user is not None and user.is_active else None
        if reach is None or user is None:
            return base.none()
        return base.filter(self._filter(user, reach))

    def _filter(self, user: User, reach: Reach) -> models.Q:  # noqa: PLR0911 — one return per reach reads best
        if reach == Reach.NETWORK:
            return models.Q()
        if reach == Reach.OWN:
            if self.owner_field:
                return models.Q(**{self.owner_field: user.pk})
            reach = Reach.AGENCY
        if reach == Reach.AGENCY and self.agency_field:
            if user.agency_id is None:
                return models.Q(pk__in=[])
            return models.Q(**{self.agency_field: user.agency_id})
        if self.country_field:
            if user.country_id is None:
                return models.Q(pk__in=[])
            return models.Q(**{self.country_field: user.country_id})
        # A model that is tied to no country is visible to anyone holding
        # the permission at all.
        return models.Q()

    def check(self, user: User | None, perm: Perm, obj: M) -> bool:
        return self.queryset_for(user, perm).filter(pk=obj.pk).exists()

    def get(self, user: User | None, perm: Perm, pk: object) -> M:
        """Fetch one object the user may act on.

        Raises PermissionDenied when the role lacks ``perm`` altogether, and
        Http404 when the object does not exist or is outside the user's reach.
        """
        require(user, perm)
        try:
            return self.queryset_for(user, perm).get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError, ValidationError):  # type: ignore[attr-defined]
            self._record_refusal(user, perm, pk)
            raise Http404 from None

    def _record_refusal(self, user: User | None, perm: Perm, pk: object) -> None:
        """An id that exists but is out of the user's reach is a forged or
        mistaken link: the attempt goes into the audit log."""
        from thbhub.audit.models import Outcome  # noqa: PLC0415 — audit depends on accounts
        from thbhub.audit.services import audit_record  # noqa: PLC0415

        try:
            exists = self.model._default_manager.filter(pk=pk).exists()
        except (ValueError, TypeError, ValidationError):
            exists = False
        if exists:
            audit_record(
                actor=user if user is not None and user.is_authenticated else None,
                action="access.refused",
                outcome=Outcome.DENIED,
                object_type=self.model._meta.label_lower,
                object_id=pk,
                detail={"permission": str(perm)},
            )


def country_in_reach(user: User | None, perm: Perm, country_id: str | None) -> bool:
    """Whether the user may create or move a record into ``country_id``."""
    if user is None or not user.is_active:
        return False
    reach = reach_of(user.role, perm)
    if reach is None:
        return False
    if reach == Reach.NETWORK:
        return True
    return country_id is not None and country_id == user.country_id
