"""`thbhub reference`: load new reference data (secretariat only).

thbhub reference load-codelists codelists-2.json --as secretariat
thbhub reference load-population population.csv --as secretariat
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thbhub.access.policies import PermissionDenied
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    command_refused,
)
from thbhub.reference.loading import ReferenceFileError
from thbhub.reference.services import codelists_load, population_load


class Command(BaseCommand):
    help = "Load a new version of the code lists or corrected population figures."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{load-codelists,load-population}"
        )
        codelists = actions.add_parser(
            "load-codelists",
            help="Load a version of the code lists (JSON) and make it current.",
            description=(
                "Load a version of the code lists from a JSON file laid out like "
                "thbhub/reference/data/codelists-2.json, and make it the current version. "
                "Versions already loaded stay as they are."
            ),
        )
        population = actions.add_parser(
            "load-population",
            help="Load population figures (CSV: country,year,population,source).",
            description=(
                "Load population figures from a CSV file with the columns country, year, "
                "population and source; a country and year already loaded is replaced."
            ),
        )
        for sub in (codelists, population):
            sub.add_argument("file", type=Path, metavar="FILE")
            add_acting_user_argument(sub, "The secretariat account to act as.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = acting_user(options["username"])
        path: Path = options["file"]
        action: str = options["action"]
        try:
            if action == "load-codelists":
                loaded = codelists_load(actor=actor, path=path)
                state = "loaded" if loaded.created else "was already loaded"
                self.stdout.write(
                    f"Code lists version {loaded.version.version} {state} "
                    f"({loaded.codes} codes) and is now the current version."
                )
            else:
                figures = population_load(actor=actor, path=path)
                self.stdout.write(
                    f"Population: {figures.rows} row(s) read, {figures.created} added, "
                    f"{figures.updated} changed, {figures.unchanged} unchanged."
                )
        except PermissionDenied as denied:
            raise command_refused(actor, denied, command=f"reference {action}") from None
        except ReferenceFileError as error:
            msg = f"{error} Nothing was loaded: fix the file and run the command again."
            raise CommandError(msg) from None
