"""`thbhub recommendations`: the recommendations tracker from the command line.

    thbhub recommendations load-seeds [--as secretariat.user]
    thbhub recommendations export --format xlsx --out tracker.xlsx --as rs.coordinator

The export goes through the same selectors as the web page, with the
permissions and country scope of the account named by --as.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thbhub.access.permissions import Perm
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    require_for_command,
)
from thbhub.recommendations.exports import FORMATS, write_export
from thbhub.recommendations.seeding import seeds_load
from thbhub.recommendations.selectors import TrackerFilters, tracker_rows


class Command(BaseCommand):
    help = "Load the shipped recommendations, or export the tracker to CSV or xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{load-seeds,export}")
        load = actions.add_parser(
            "load-seeds",
            help="Load the recommendations of the non-papers and the strategy paper.",
            description=(
                "Load the recommendations of the 2018 and 2021 non-papers and the Strategy "
                "Paper 2020-2024. Loading again changes only what differs."
            ),
        )
        add_acting_user_argument(
            load,
            "The account to act as (it must keep the tracker); without it the load is "
            "recorded as done by the system, as at installation.",
        )
        export = actions.add_parser(
            "export",
            help="Write the whole tracker you may see, with sources and current status.",
            description="Write the whole tracker you may see, with sources and current status.",
        )
        export.add_argument("--format", dest="fmt", choices=FORMATS, help="csv or xlsx.")
        export.add_argument("--out", required=True, type=Path, metavar="FILE")
        export.add_argument(
            "--country", default="", metavar="XX", help="ISO 3166-1 alpha-2 code, XK for Kosovo*."
        )
        add_acting_user_argument(
            export, "The account to act as; its role and country limit what is exported."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load-seeds":
            self._load(options.get("username"))
        else:
            self._export(options)

    def _load(self, username: str | None) -> None:
        actor = acting_user(username) if username else None
        if actor is not None:
            require_for_command(
                actor, Perm.RECOMMENDATIONS_MANAGE, command="recommendations load-seeds"
            )
        try:
            result = seeds_load(actor=actor)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Recommendations: {result.created} new, {result.updated} changed, "
                f"{result.unchanged} unchanged, from {result.documents} source documents."
            )
        )

    def _export(self, options: dict[str, Any]) -> None:
        actor = acting_user(options["username"])
        require_for_command(actor, Perm.RECOMMENDATIONS_VIEW, command="recommendations export")
        out: Path = options["out"]
        fmt = options["fmt"] or out.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            msg = f"Give --format csv or --format xlsx: the name {out.name!r} does not say which."
            raise CommandError(msg)
        if not out.parent.is_dir():
            msg = f"The folder {out.parent} does not exist: create it or choose another --out."
            raise CommandError(msg)
        rows = tracker_rows(actor, TrackerFilters(country=options["country"].strip()))
        body, _content_type = write_export(rows, fmt)
        try:
            out.write_bytes(body)
        except OSError as error:
            msg = f"Cannot write {out}: {error.strerror}. Choose another --out."
            raise CommandError(msg) from None
        self.stdout.write(f"Wrote {len(rows)} row(s) to {out}.")
