"""Optimistic locking: two people editing one record never silently
overwrite each other."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _


class EditConflictError(Exception):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else saved this record after you opened it. Your changes were not "
                "saved: reload the page to see the current version, then make your changes again."
            )
        )


def update_versioned(obj: models.Model, *, expected_version: int, **changes: Any) -> None:
    """Apply ``changes`` only if the row still has ``expected_version``.

    The model needs a ``version`` field; it is incremented with the change.
    """
    model = type(obj)
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise EditConflictError
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.version = expected_version + 1  # type: ignore[attr-defined]
