"""`thbhub cases`: victims' cases from the command line.

    thbhub cases export-register --country RS --year 2025 --out rs-register.csv --as rs.coordinator

Every subcommand goes through the same selectors and services as the web
pages and the API, with the permissions and scope of the account named by
--as. The subcommands live in ``thbhub.cases.command_line``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thbhub.cases.command_line.registry import SUBCOMMANDS


class Command(BaseCommand):
    help = "Work with victims' cases: export the victim register, rebuild the name index."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{" + ",".join(SUBCOMMANDS) + "}"
        )
        for module in SUBCOMMANDS.values():
            module.register(actions)

    def handle(self, *args: Any, **options: Any) -> None:
        SUBCOMMANDS[options["action"]].run(self, options)
