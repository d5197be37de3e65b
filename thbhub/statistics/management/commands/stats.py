"""`thbhub stats`: national statistics from the command line.

    thbhub stats import rs-2022.csv --round 2022 --country RS --as rs.statistician

Every subcommand goes through the same selectors and services as the web
pages and the API, with the permissions and country scope of the account
named by --as. The subcommands live in ``thbhub.statistics.command_line``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thbhub.statistics.command_line.registry import SUBCOMMANDS


class Command(BaseCommand):
    help = "Work with national statistics: templates, imports, indicators and exports."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{" + ",".join(SUBCOMMANDS) + "}"
        )
        for module in SUBCOMMANDS.values():
            module.register(actions)

    def handle(self, *args: Any, **options: Any) -> None:
        SUBCOMMANDS[options["action"]].run(self, options)
