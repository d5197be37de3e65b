"""`thbhub cases export-register --country CC [--year YYYY] --out FILE.csv --as USER`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied
from thbhub.cases.register import register_export
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    command_refused,
    require_for_command,
)
from thbhub.linkage.files import write_atomically

NAME = "export-register"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = actions.add_parser(
        NAME,
        help="Write the victim register (design brief 6.2) for the linkage encoder.",
        description=(
            "Write the presumed and identified victims of a country as a 6.2 victim register, "
            "the input of `thbhub linkage encode`. The file holds personal data in clear "
            "text: keep it on the encoding machine and delete it after encoding. The export "
            "is recorded in the audit log."
        ),
    )
    export.add_argument("--country", required=True, metavar="CC", help="ISO 3166-1 alpha-2.")
    export.add_argument(
        "--year", type=int, metavar="YYYY", help="Only victims identified in this year."
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE.csv")
    export.add_argument("--overwrite", action="store_true", help="Replace the file if it exists.")
    add_acting_user_argument(export, "The account to act as; its role, country and agency apply.")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    actor = acting_user(options["username"])
    require_for_command(actor, Perm.CASES_REGISTER, command="cases export-register")
    out: Path = options["out"]
    if out.exists() and not options["overwrite"]:
        msg = f"{out} already exists: choose another name, or pass --overwrite to replace it."
        raise CommandError(msg)
    if not out.parent.is_dir():
        msg = f"The folder {out.parent} does not exist: create it first."
        raise CommandError(msg)
    country = options["country"].strip().upper()
    try:
        text, rows = register_export(actor, country=country, year=options["year"])
    except PermissionDenied as denied:
        raise command_refused(actor, denied, command="cases export-register") from None
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    write_atomically(out, text)
    year = f" for {options['year']}" if options["year"] else ""
    command.stdout.write(f"Wrote {rows} row(s) of {country}{year} to {out}.")
