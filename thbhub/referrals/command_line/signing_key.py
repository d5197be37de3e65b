"""`thbhub referrals signing-key --out FILE`: the key that signs this installation's packages."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thbhub.referrals.package import PackageError, signing_key_write

NAME = "signing-key"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = actions.add_parser(
        NAME,
        help="Create the key that signs referral packages, and print its public key.",
        description=(
            "Write a new Ed25519 signing key, readable by you only, and print its public "
            "key. Partners need the public key to check that a package comes from you."
        ),
    )
    command.add_argument("--out", type=Path, required=True, metavar="FILE")
    command.add_argument("--force", action="store_true", help="Replace the file if it exists.")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    try:
        public = signing_key_write(options["out"], force=options["force"])
    except PackageError as error:
        raise CommandError(str(error)) from None
    command.stdout.write(f"Wrote the signing key to {options['out']}. Public key:\n{public}")
