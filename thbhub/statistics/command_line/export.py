"""`thbhub stats export --year YYYY --format FORMAT [--published] --out FILE --as USER`.

FORMAT is csv, xlsx, sdmx-csv or sdmx-ml.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from thbhub.access.policies import PermissionDenied
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    command_refused,
)
from thbhub.statistics.exports.rendering import FORMATS, statistics_export

NAME = "export"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = actions.add_parser(
        NAME,
        help="Export a year's statistics as 6.1 CSV, Excel, SDMX-CSV or SDMX-ML.",
        description=(
            "With --published: the latest publication of the year (disclosure-controlled, "
            "with the region aggregates), for any account. Without: the accepted, "
            "unpublished data of the round within your reach; the secretariat gets every "
            "member and the region aggregates, a national account its own country only."
        ),
    )
    parser.add_argument("--year", type=int, required=True, metavar="YYYY")
    parser.add_argument("--format", choices=tuple(FORMATS), required=True)
    parser.add_argument("--published", action="store_true", help="Export the published data.")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE")
    add_acting_user_argument(parser, "The account to act as; its role and country apply.")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    actor = acting_user(options["username"])
    year: int = options["year"]
    published: bool = options["published"]
    target: Path = options["out"]
    if not target.parent.is_dir():
        msg = f"There is no folder {target.parent}: give --out a path in an existing folder."
        raise CommandError(msg)
    try:
        rendered = statistics_export(
            actor=actor, year=year, export_format=options["format"], published=published
        )
    except PermissionDenied as denied:
        raise command_refused(actor, denied, command="stats export") from None
    except Http404:
        if published:
            msg = (
                f"Nothing is published for {year}: publish the round first, or leave out "
                "--published to export the accepted data."
            )
        else:
            msg = (
                f"No round for {year} within the reach of {actor.username!r}. Check --year, "
                "or add --published to export the published data."
            )
        raise CommandError(msg) from None
    target.write_bytes(rendered.content)
    command.stdout.write(f"Wrote {target} ({len(rendered.content)} bytes).")
