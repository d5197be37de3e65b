"""`thbhub referrals import-package FILE --key KEY --sender-key PUBLIC --as USER`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thbhub.access.permissions import Perm
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    require_for_command,
)
from thbhub.referrals.package import (
    PackageError,
    package_import,
    package_key_load,
    verify_key_parse,
)

NAME = "import-package"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = actions.add_parser(
        NAME,
        help="Import a partner's referral package into your country's inbox.",
        description=(
            "Check the package's signature with the sender's public key, decrypt it with the "
            "package key agreed with the sender, and put the referral in your country's "
            "inbox. A package changed after signing is refused and nothing is stored."
        ),
    )
    command.add_argument("file", type=Path, metavar="FILE")
    command.add_argument("--key", type=Path, required=True, metavar="KEY")
    command.add_argument(
        "--sender-key", required=True, metavar="PUBLIC", help="The sender's public key."
    )
    add_acting_user_argument(command, "The TRM contact point to act as.")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    actor = acting_user(options["username"])
    require_for_command(actor, Perm.REFERRALS_SEND, command="referrals import-package")
    path: Path = options["file"]
    try:
        data = path.read_bytes()
    except OSError as error:
        msg = f"{path}: cannot read the package ({error.strerror}); check the file name."
        raise CommandError(msg) from None
    try:
        referral = package_import(
            actor=actor,
            data=data,
            key=package_key_load(options["key"]),
            verify_key=verify_key_parse(options["sender_key"]),
        )
    except PackageError as error:
        raise CommandError(f"{path}: {error}") from None
    command.stdout.write(
        f"Imported {referral.external_reference} as referral {referral.pk} "
        f"({referral.reference}) into your inbox."
    )
