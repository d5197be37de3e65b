"""`thbhub referrals package-key --out FILE`: the key shared with one partner."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thbhub.referrals.package import PackageError, package_key_write

NAME = "package-key"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = actions.add_parser(
        NAME,
        help="Create the key that encrypts referral packages for one partner.",
        description=(
            "Write a new package key, readable by you only. Give a copy to the partner's "
            "contact point by a separate, trusted channel, never with a package."
        ),
    )
    command.add_argument("--out", type=Path, required=True, metavar="FILE")
    command.add_argument("--force", action="store_true", help="Replace the file if it exists.")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    try:
        key = package_key_write(options["out"], force=options["force"])
    except PackageError as error:
        raise CommandError(str(error)) from None
    command.stdout.write(f"Wrote package key {key.key_id} to {options['out']}.")
