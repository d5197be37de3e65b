"""`thbhub stats template --country CC --year YYYY --out FILE.xlsx --as USER`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    command_refused,
    require_for_command,
)
from thbhub.statistics.selectors import submission_for
from thbhub.statistics.workbook import submission_template

NAME = "template"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    template = actions.add_parser(
        NAME,
        help="Write the questionnaire workbook (.xlsx) of a submission to fill offline.",
        description=(
            "Write the questionnaire template of one country's submission to a round, "
            "pre-filled with its latest version, in the acting account's language. Fill it in "
            "Excel or LibreOffice and load it with `thbhub stats import FILE.xlsx`."
        ),
    )
    template.add_argument("--country", required=True, metavar="CC", help="XK for Kosovo*.")
    template.add_argument("--year", "--round", dest="year", type=int, required=True, metavar="YEAR")
    template.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    add_acting_user_argument(template, "The account to act as; its role and country apply.")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    actor = acting_user(options["username"])
    require_for_command(actor, Perm.STATS_SUBMIT, command="stats template")
    country = options["country"].strip().upper()
    year: int = options["year"]
    target: Path = options["out"]
    if not target.parent.is_dir():
        msg = f"There is no folder {target.parent}: give --out a path in an existing folder."
        raise CommandError(msg)
    try:
        submission = submission_for(actor, round_year=year, country=country, perm=Perm.STATS_SUBMIT)
        with translation.override(actor.preferred_language or settings.LANGUAGE_CODE):
            content, _name = submission_template(actor=actor, submission=submission)
    except Http404:
        msg = (
            f"No submission of {country} to a round for {year} within the reach of "
            f"{actor.username!r}. Check --year and --country, or ask the secretariat whether "
            "the round addresses your country."
        )
        raise CommandError(msg) from None
    except PermissionDenied as denied:
        raise command_refused(actor, denied, command="stats template") from None
    try:
        target.write_bytes(content)
    except OSError as error:
        msg = f"Cannot write {target} ({error.strerror}): choose another --out path."
        raise CommandError(msg) from None
    command.stdout.write(f"Wrote the {country} {year} questionnaire to {target}.")
