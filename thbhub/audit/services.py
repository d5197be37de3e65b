"""Writing the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from thbhub.audit.models import AuditEvent, Outcome
from thbhub.core.audit_context import current_origin

if TYPE_CHECKING:
    from thbhub.accounts.models import User


def audit_record(
    *,
    actor: User | None,
    action: str,
    outcome: str = Outcome.SUCCESS,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: object = "",
    country_id: str | None = None,
    detail: dict[str, Any] | None = None,
    actor_username: str = "",
) -> AuditEvent:
    """Add one row to the audit log.

    Call it inside the transaction of the write it records, so that both
    happen or neither does. The row's country is the country of the object
    concerned, else the acting user's, so each country finds its own records.
    """
    origin = current_origin()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        country_id = country_id or _country_of(obj)
    if country_id is None and actor is not None:
        country_id = actor.country_id
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_username=(actor.get_username() if actor is not None else actor_username)[:150],
        actor_role=(actor.role or "") if actor is not None else "",
        country_id=country_id,
        action=action,
        outcome=outcome,
        object_type=object_type,
        object_id=str(object_id or ""),
        interface=origin.interface,
        address=origin.address,
        detail=detail or {},
    )


def _country_of(obj: models.Model) -> str | None:
    country_id = getattr(obj, "country_id", None)
    if country_id is None and hasattr(obj, "institution"):
        country_id = getattr(obj.institution, "country_id", None)
    return str(country_id) if country_id else None
