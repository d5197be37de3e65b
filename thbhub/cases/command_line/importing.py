"""`thbhub cases import FILE.csv --agency ID --as USER`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied
from thbhub.cases.importing import RegisterImportError, cases_import_register
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    command_refused,
    require_for_command,
)

NAME = "import"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    upload = actions.add_parser(
        NAME,
        help="Open cases from a victim register file (design brief 6.2).",
        description=(
            "Open one presumed or identified victim's case per row of a 6.2 register, in "
            "the agency of the acting case worker. With any error nothing is imported and "
            "every error is listed with its line and column."
        ),
    )
    upload.add_argument("file", type=Path, metavar="FILE.csv")
    upload.add_argument(
        "--agency", type=int, required=True, metavar="ID", help="The id of your agency."
    )
    add_acting_user_argument(upload, "The case worker to act as; the cases go to their agency.")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    actor = acting_user(options["username"])
    require_for_command(actor, Perm.CASES_EDIT, command="cases import")
    source: Path = options["file"]
    if not source.is_file():
        msg = f"There is no file {source}: give the path of a CSV file in the 6.2 format."
        raise CommandError(msg)
    try:
        created = cases_import_register(
            actor=actor, agency_id=options["agency"], data=source.read_bytes(), name=source.name
        )
    except PermissionDenied as denied:
        raise command_refused(actor, denied, command="cases import") from None
    except (RegisterImportError, ValidationError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        raise CommandError(text) from None
    command.stdout.write(
        f"Opened {len(created)} case(s) from {source.name}: "
        f"{created[0].number} to {created[-1].number}."
    )
