"""`thbhub stats from-cases --country CC --year YYYY --as USER`: count the
country's victim tables from its cases into a new draft version."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied
from thbhub.cases.statistics_from_cases import submission_from_cases
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    command_refused,
    require_for_command,
)

NAME = "from-cases"
COMMAND = "stats from-cases"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = actions.add_parser(
        NAME,
        help="Compute the country's victim tables for a year from its cases.",
        description=(
            "Count the country's cases of the year into the questionnaire's victim tables, "
            "check them like an upload and store them as a new version of the country's "
            "submission to the open round, for review and submission. Offender figures, "
            "methodology and answers are kept from the latest version."
        ),
    )
    parser.add_argument("--country", required=True, metavar="CC", help="ISO code, e.g. RS.")
    parser.add_argument("--year", required=True, type=int, metavar="YYYY", help="Round year.")
    add_acting_user_argument(parser, "A coordinator or statistician of the country.")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    actor = acting_user(options["username"])
    require_for_command(actor, Perm.STATS_FROM_CASES, command=COMMAND)
    try:
        result = submission_from_cases(
            actor=actor, country_id=options["country"], year=options["year"]
        )
    except PermissionDenied as denied:
        raise command_refused(actor, denied, command=COMMAND) from None
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    for issue in result.report.issues:
        command.stdout.write(f"{issue.severity}: {issue}")
    if result.version is None:
        msg = (
            f"The tables computed from the cases have {len(result.report.errors)} error(s); "
            "nothing was stored."
        )
        raise CommandError(msg)
    command.stdout.write(
        f"Version {result.version.number} stored: {len(result.report.observations)} rows, "
        f"{len(result.report.warnings)} warning(s). Review it and submit it."
    )
