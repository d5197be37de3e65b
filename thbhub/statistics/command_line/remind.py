"""`thbhub stats remind [--date YYYY-MM-DD] --as USER`: send the reminders due today.

Meant to run once a day from cron or the Windows Task Scheduler; running it
more often, or again after a failure, sends nothing twice.
"""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    command_refused,
    require_for_command,
)
from thbhub.statistics.models import ReminderSent
from thbhub.statistics.reminders import OVERDUE, ReminderDeliveryError, round_reminders_send

NAME = "remind"


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-06-16."
        raise argparse.ArgumentTypeError(msg) from None


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    remind = actions.add_parser(
        NAME,
        help="E-mail the reminders due today to members that have not submitted.",
        description=(
            "For every open round, e-mail the coordinators and statisticians of each member "
            "that has not submitted: on each of the round's reminder days before the "
            "deadline, and once after it. Each reminder is sent once; run the command daily."
        ),
    )
    remind.add_argument(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="Act as if today were this date (default: today).",
    )
    add_acting_user_argument(remind, "A secretariat account; the reminders are recorded as its.")


def _line(reminder: ReminderSent) -> str:
    when = (
        "overdue"
        if reminder.days_before == OVERDUE
        else f"{reminder.days_before} day(s) before the deadline"
    )
    return (
        f"{reminder.country_id} {reminder.round.year}: {when}, "
        f"{reminder.recipients} recipient(s)"
        + ("" if reminder.recipients else " — no active coordinator or statistician with an e-mail")
    )


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    actor = acting_user(options["username"])
    require_for_command(actor, Perm.STATS_MANAGE, command="stats remind")
    try:
        sent = round_reminders_send(actor=actor, today=options["date"])
    except PermissionDenied as denied:
        raise command_refused(actor, denied, command="stats remind") from None
    except ReminderDeliveryError as error:
        for reminder in error.sent:
            command.stdout.write(_line(reminder))
        raise CommandError(str(error)) from None
    for reminder in sent:
        command.stdout.write(_line(reminder))
    command.stdout.write(f"{len(sent)} reminder(s) sent.")
