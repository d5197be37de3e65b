"""What THB Hub's management commands share."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandError

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied, require
from thbhub.accounts.models import User
from thbhub.audit.models import Outcome
from thbhub.audit.services import audit_record
from thbhub.jobs.models import Job


def add_acting_user_argument(parser: Any, help_text: str) -> None:
    """The `--as USERNAME` option every command acting on scoped data takes."""
    parser.add_argument("--as", dest="username", metavar="USERNAME", help=help_text)


def acting_user(username: str | None) -> User:
    """The account a command acts as: its permissions and scope apply."""
    if not username:
        msg = (
            "Name the account to act as with --as USERNAME; "
            "its role and country limit what the command may do."
        )
        raise CommandError(msg)
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        msg = f"There is no active account {username!r}. Check the user name on the Accounts page."
        raise CommandError(msg)
    return user


def print_progress(job: Job) -> None:
    """A one-line progress bar on standard error."""
    width = 30
    filled = round(width * job.percent / 100)
    bar = "#" * filled + "." * (width - filled)
    line = f"\r[{bar}] {job.percent:3d}% {job.done}/{job.total or '?'} {job.message[:40]}"
    sys.stderr.write(line)
    if job.is_finished:
        sys.stderr.write("\n")
    sys.stderr.flush()


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
