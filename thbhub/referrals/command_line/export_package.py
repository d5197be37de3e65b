"""`thbhub referrals export-package ID --out FILE --key KEY --signing-key PEM --as USER`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    command_refused,
    require_for_command,
)
from thbhub.referrals.models import Referral
from thbhub.referrals.package import (
    PackageError,
    package_export,
    package_key_load,
    signing_key_load,
)

NAME = "export-package"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = actions.add_parser(
        NAME,
        help="Write a sent referral as an encrypted, signed package for a partner.",
        description=(
            "Write the referral's shared content encrypted with the package key agreed with "
            "the partner and signed with this installation's signing key. The export is "
            "recorded in the audit log of both countries."
        ),
    )
    command.add_argument("referral", type=int, metavar="ID", help="The referral's number.")
    command.add_argument("--out", type=Path, required=True, metavar="FILE")
    command.add_argument("--key", type=Path, required=True, metavar="KEY")
    command.add_argument("--signing-key", type=Path, required=True, metavar="PEM")
    command.add_argument("--overwrite", action="store_true", help="Replace the file if it exists.")
    add_acting_user_argument(command, "The TRM contact point to act as.")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    actor = acting_user(options["username"])
    require_for_command(actor, Perm.REFERRALS_SEND, command="referrals export-package")
    out: Path = options["out"]
    if out.exists() and not options["overwrite"]:
        msg = f"{out} already exists: choose another name, or pass --overwrite to replace it."
        raise CommandError(msg)
    try:
        key = package_key_load(options["key"])
        signing = signing_key_load(options["signing_key"])
        data = package_export(
            actor=actor,
            referral=Referral(pk=options["referral"]),
            key=key,
            signing_key=signing,
        )
    except Http404:
        msg = f"There is no referral {options['referral']} in your country's outbox."
        raise CommandError(msg) from None
    except PermissionDenied as denied:
        raise command_refused(actor, denied, command="referrals export-package") from None
    except (PackageError, ValidationError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        raise CommandError(text) from None
    out.write_bytes(data)
    command.stdout.write(f"Wrote the package of referral {options['referral']} to {out}.")
