"""`thbhub stats import FILE --round YEAR --country CC --as USER`.

For the questionnaire workbook (.xlsx) --round and --country may be left out:
the workbook records them, and when given they must agree with it.
"""

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
from thbhub.statistics.command_line.output import issue_line
from thbhub.statistics.selectors import submission_for
from thbhub.statistics.services import submission_upload_file
from thbhub.statistics.workbook_reading import (
    WorkbookUnreadableError,
    is_workbook,
    read_identity,
)

NAME = "import"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    upload = actions.add_parser(
        NAME,
        help="Check a 6.1 CSV file or a filled workbook and store it as a new version.",
        description=(
            "Check a CSV file in the common standard (design brief 6.1) or the questionnaire "
            "workbook from `thbhub stats template`. With any error nothing is stored, every "
            "error is listed with its sheet, row and column, and the command exits with a "
            "non-zero status. A workbook records its country and year, so --round and "
            "--country are needed only for CSV files."
        ),
    )
    upload.add_argument("file", type=Path, metavar="FILE.csv|FILE.xlsx")
    upload.add_argument("--round", "--year", dest="year", type=int, metavar="YEAR")
    upload.add_argument("--country", metavar="CC", help="ISO 3166-1 alpha-2, XK for Kosovo*.")
    add_acting_user_argument(upload, "The account to act as; its role and country apply.")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    actor = acting_user(options["username"])
    require_for_command(actor, Perm.STATS_SUBMIT, command="stats import")
    source: Path = options["file"]
    if not source.is_file():
        msg = (
            f"There is no file {source}: give the path of a CSV file in the 6.1 standard or of "
            "a filled questionnaire workbook (.xlsx)."
        )
        raise CommandError(msg)
    year, country = _submission_named(source, options["year"], options["country"])
    try:
        submission = submission_for(actor, round_year=year, country=country, perm=Perm.STATS_SUBMIT)
        result = submission_upload_file(
            actor=actor,
            round=submission.round,
            country_id=submission.country_id,
            data=source,
            filename=source.name,
        )
    except Http404:
        msg = (
            f"No submission of {country} to a round for {year} within the reach of "
            f"{actor.username!r}. Check --round and --country, or ask the secretariat "
            "whether the round is open for your country."
        )
        raise CommandError(msg) from None
    except PermissionDenied as denied:
        raise command_refused(actor, denied, command="stats import") from None
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    report = result.report
    for issue in report.warnings:
        command.stderr.write(f"warning: {issue_line(issue)}")
    if result.version is None:
        for issue in report.errors:
            command.stderr.write(issue_line(issue))
        msg = (
            f"{len(report.errors)} error(s) in {source.name}: nothing was stored. "
            "Correct the rows named above and import the file again."
        )
        raise CommandError(msg)
    command.stdout.write(
        f"Stored version {result.version.number} of {country} {year}: "
        f"{len(report.observations)} row(s), {len(report.warnings)} warning(s)."
    )


def _submission_named(source: Path, year: int | None, country: str | None) -> tuple[int, str]:
    """The round year and country: as given, or as the workbook records them."""
    given = country.strip().upper() if country else None
    try:
        data = source.read_bytes()
    except OSError as error:
        msg = f"Cannot read {source} ({error.strerror}): check the path and its permissions."
        raise CommandError(msg) from None
    if not is_workbook(data, source.name):
        if year is None or given is None:
            msg = "Give --round YEAR and --country CC: a CSV file does not say which submission."
            raise CommandError(msg)
        return year, given
    try:
        made_for, made_year = read_identity(data, source.name)
    except WorkbookUnreadableError as error:
        if year is None or given is None:
            raise CommandError(str(error)) from None
        # The upload reports the unreadable file like any other error.
        return year, given
    if (given or made_for, year or made_year) != (made_for, made_year):
        msg = (
            f"{source.name} is the questionnaire of {made_for} {made_year}, but --country/--round "
            f"say {given or made_for} {year or made_year}. Leave them out, or download the "
            "template of the submission you mean."
        )
        raise CommandError(msg)
    return made_year, made_for
