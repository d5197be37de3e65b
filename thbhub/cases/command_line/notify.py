"""`thbhub cases notify`: mail each user the daily digest of case tasks due."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thbhub.cases.notifications import digests_send

NAME = "notify"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = actions.add_parser(
        NAME,
        help="Mail each case worker the digest of their case tasks due today (run daily).",
        description=(
            "Sends one mail per user with the case numbers and tasks that are overdue or in "
            "their alert period; never a name. Without THBHUB_EMAIL_HOST the mails are written "
            "as files into the data directory's mail folder. A user gets one digest a day, "
            "however often this runs."
        ),
    )
    parser.add_argument(
        "--date", help="Send as on this day (YYYY-MM-DD); default today.", default=""
    )


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    today = None
    if options["date"]:
        try:
            today = datetime.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(
                f"--date {options['date']!r} is not a date: write it as YYYY-MM-DD."
            ) from None
    result = digests_send(today=today)
    command.stdout.write(f"Sent {result.sent} digest(s) listing {result.tasks} task(s).")
    if result.failed:
        raise CommandError(
            f"Digests to {', '.join(result.failed)} could not be sent: check the e-mail "
            "settings (THBHUB_EMAIL_HOST and the others in the operator guide) and run the "
            "command again; the digests sent are not sent twice."
        )
