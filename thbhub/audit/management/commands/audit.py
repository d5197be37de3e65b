"""`thbhub audit export`: the audit log within your reach, as CSV or xlsx.

thbhub audit export --format csv --out audit.csv --since 2026-01-01 --as rs.coordinator
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thbhub.access.permissions import Perm
from thbhub.audit.export import write_csv, write_xlsx
from thbhub.audit.selectors import EXPORT_LIMIT, AuditFilters, audit_events_for_export
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    require_for_command,
)

if TYPE_CHECKING:
    pass

FORMATS = ("csv", "xlsx")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date; write it as YYYY-MM-DD, for example 2026-01-31."
        raise argparse.ArgumentTypeError(msg) from None


class Command(BaseCommand):
    help = "Export the audit log within your account's reach to CSV or xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{export}")
        export = actions.add_parser(
            "export",
            help="Write the audit events you may see to a CSV or xlsx file.",
            description=(
                "Write the audit events you may see to a CSV or xlsx file; the export is "
                "itself recorded in the audit log."
            ),
        )
        export.add_argument(
            "--format",
            dest="fmt",
            choices=FORMATS,
            help="csv or xlsx (default: taken from the --out file name).",
        )
        export.add_argument("--out", required=True, type=Path, metavar="FILE")
        export.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="From this day.")
        export.add_argument(
            "--until", type=_date, metavar="YYYY-MM-DD", help="Up to and including this day."
        )
        add_acting_user_argument(
            export, "The account to act as; its role and country limit what is exported."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = acting_user(options["username"])
        require_for_command(actor, Perm.AUDIT_VIEW, command="audit export")
        out: Path = options["out"]
        fmt = options["fmt"] or _format_from_name(out)
        since, until = options["since"], options["until"]
        if since and until and since > until:
            msg = f"--since {since} is after --until {until}: swap them."
            raise CommandError(msg)
        if not out.parent.is_dir():
            msg = f"The folder {out.parent} does not exist: create it or choose another --out."
            raise CommandError(msg)
        events = audit_events_for_export(actor, AuditFilters(since=since, until=until), fmt=fmt)
        body = write_xlsx(events) if fmt == "xlsx" else write_csv(events)
        try:
            out.write_bytes(body)
        except OSError as error:
            msg = f"Cannot write {out}: {error.strerror}. Choose another --out."
            raise CommandError(msg) from None
        self.stdout.write(f"Wrote {len(events)} audit event(s) to {out}.")
        if len(events) >= EXPORT_LIMIT:
            self.stderr.write(
                f"The export stops at {EXPORT_LIMIT} events: narrow it with --since and --until "
                "and export the rest separately."
            )


def _format_from_name(out: Path) -> str:
    suffix = out.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    msg = f"Give --format csv or --format xlsx: the name {out.name!r} does not say which."
    raise CommandError(msg)
