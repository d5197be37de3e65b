"""`thbhub referrals`: cross-border referrals from the command line.

    thbhub referrals escalate
    thbhub referrals package-key --out partner.key
    thbhub referrals signing-key --out hub-signing.pem
    thbhub referrals export-package 12 --out TRM-RS-DE-000012.thbref --key partner.key \
        --signing-key hub-signing.pem --as rs.trm
    thbhub referrals import-package TRM-RS-DE-000012.thbref --key partner.key \
        --sender-key PUBLIC_KEY --as de.trm

Every subcommand that touches a referral acts as the account named by --as,
with its permissions and scope, through the same services as the web pages.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thbhub.referrals.command_line import SUBCOMMANDS


class Command(BaseCommand):
    help = (
        "Work with cross-border referrals: escalate overdue acknowledgements, "
        "export and import referral packages."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{" + ",".join(SUBCOMMANDS) + "}"
        )
        for module in SUBCOMMANDS.values():
            module.register(actions)

    def handle(self, *args: Any, **options: Any) -> None:
        SUBCOMMANDS[options["action"]].run(self, options)
