"""`thbhub stats linkage-result MATCHES.csv --year YYYY [--threshold T] --as USER`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    command_refused,
    require_for_command,
)
from thbhub.statistics.linkage_results import linkage_result_record

NAME = "linkage-result"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = actions.add_parser(
        NAME,
        help="Record the victims a linkage run found counted by two members.",
        description=(
            "Read the MATCHES.csv written by `thbhub linkage link`, count the victims "
            "matched across members and record the counts for a reference year; the "
            "regional total without double counting then uses them. The matches "
            "themselves are not kept. With any bad row nothing is recorded."
        ),
    )
    parser.add_argument("file", type=Path, metavar="MATCHES.csv")
    parser.add_argument("--year", type=int, required=True, metavar="YYYY")
    parser.add_argument(
        "--threshold",
        metavar="T",
        help="The --threshold the linkage ran with (default 0.75, as `thbhub linkage link`).",
    )
    add_acting_user_argument(parser, "A secretariat account; the result is recorded as its.")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    actor = acting_user(options["username"])
    require_for_command(actor, Perm.STATS_MANAGE, command="stats linkage-result")
    source: Path = options["file"]
    if not source.is_file():
        msg = f"There is no file {source}: give the MATCHES.csv that `thbhub linkage link` wrote."
        raise CommandError(msg)
    try:
        result = linkage_result_record(
            actor=actor,
            year=options["year"],
            matches=source,
            filename=source.name,
            threshold=options["threshold"],
        )
    except PermissionDenied as denied:
        raise command_refused(actor, denied, command="stats linkage-result") from None
    except ValidationError as error:
        for message in error.messages:
            command.stderr.write(message)
        msg = f"{source.name}: nothing was recorded. Correct the problems above and run again."
        raise CommandError(msg) from None
    pairs = ", ".join(
        f"{a}-{b}: {count}" for a, row in result.overlap.items() for b, count in row.items()
    )
    command.stdout.write(
        f"Recorded for {result.year}: {result.duplicates} victim(s) counted by two members "
        f"({pairs or 'no pairs'}), threshold {result.threshold}."
    )
