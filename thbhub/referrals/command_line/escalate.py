"""`thbhub referrals escalate [--date YYYY-MM-DD]`: run daily."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

NAME = "escalate"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = actions.add_parser(
        NAME,
        help="Escalate referrals not acknowledged by their deadline to the coordinators.",
        description=(
            "Flag every sent referral whose receipt was not acknowledged by its deadline, "
            "add it to the referral's timeline and write to the receiving country's national "
            "coordinators (by e-mail, or into the data directory's mail/ folder without a "
            "mail server). Each referral is escalated once; run it daily."
        ),
    )
    command.add_argument(
        "--date", metavar="YYYY-MM-DD", help="Act as if today were this day (default: today)."
    )


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    from thbhub.referrals.escalation import referrals_escalate  # noqa: PLC0415 — after setup

    today = None
    if options["date"]:
        try:
            today = datetime.date.fromisoformat(options["date"])
        except ValueError:
            msg = f"--date {options['date']!r} is not a date: write it as YYYY-MM-DD."
            raise CommandError(msg) from None
    outcome = referrals_escalate(today=today)
    for referral in outcome.escalated:
        command.stdout.write(f"Escalated {referral.reference} to {referral.to_country_id}.")
    command.stdout.write(f"{len(outcome.escalated)} referral(s) escalated.")
    if outcome.failed:
        msg = (
            f"Not escalated, the mail server refused: {', '.join(outcome.failed)}. Check the "
            "e-mail settings (THBHUB_EMAIL_HOST) and run the command again."
        )
        raise CommandError(msg)
