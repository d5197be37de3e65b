"""What THB Hub's management commands share."""

from __future__ import annotations

import sys

from django.core.management.base import CommandError

from thbhub.accounts.models import User
from thbhub.jobs.models import Job


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
