"""Refusals on the command line, recorded like the web's "403" pages.

A command checks the same permission as the web page it mirrors, and a
refusal leaves the same "access.refused" row in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.management.base import CommandError

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, require
from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record

if TYPE_CHECKING:
    from thbhub.accounts.models import User


def command_refused(actor: User, denied: PermissionDenied, *, command: str) -> CommandError:
    """Record the refusal and return the error to raise."""
    audit_record(
        actor=actor,
        action="access.refused",
        outcome=Outcome.DENIED,
        detail={"permission": str(denied.perm), "command": command},
    )
    role = actor.role_label or "an account without a role"
    return CommandError(
        f"{denied} The account {actor.username!r} is: {role}. "
        "Run the command with --as an account whose role allows it."
    )


def require_for_command(actor: User, perm: Perm, *, command: str) -> None:
    try:
        require(actor, perm)
    except PermissionDenied as denied:
        raise command_refused(actor, denied, command=command) from None
