"""`thbhub stats publish --year YYYY [--threshold N] [--note TEXT] --as USER`."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from thbhub.access.permissions import Perm
from thbhub.access.policies import PermissionDenied
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    command_refused,
    require_for_command,
)
from thbhub.statistics.publishing import round_publish
from thbhub.statistics.selectors import access_round

NAME = "publish"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = actions.add_parser(
        NAME,
        help="Publish a round's accepted data, disclosure-controlled, as a new edition.",
        description=(
            "Publishes the latest version of every accepted submission of the round, with "
            "the region aggregates and the victims counted once, after disclosure control: "
            "cells from 1 to the threshold are suppressed (flag c), and the cells needed so "
            "that none can be worked out from the totals."
        ),
    )
    parser.add_argument("--year", type=int, required=True, metavar="YYYY")
    parser.add_argument(
        "--threshold",
        type=int,
        metavar="N",
        help="Suppress cells from 1 to N (default: THBHUB_DISCLOSURE_THRESHOLD, 4).",
    )
    parser.add_argument("--note", default="", help="A note stored with the publication.")
    add_acting_user_argument(parser, "The account to act as: the secretariat.")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    actor = acting_user(options["username"])
    require_for_command(actor, Perm.STATS_MANAGE, command="stats publish")
    year: int = options["year"]
    try:
        round_ = access_round(actor, year, perm=Perm.STATS_MANAGE)
        publication = round_publish(
            actor=actor, round=round_, threshold=options["threshold"], note=options["note"]
        )
    except Http404:
        msg = f"There is no round for {year}: check --year."
        raise CommandError(msg) from None
    except PermissionDenied as denied:
        raise command_refused(actor, denied, command="stats publish") from None
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    cells = publication.observations.count()
    suppressed = publication.observations.filter(flag="c").count()
    command.stdout.write(
        f"Published {year} as edition {publication.number}: {cells} cells, {suppressed} "
        f"suppressed (threshold {publication.threshold}), members "
        f"{', '.join(publication.countries)}."
    )
    if publication.note:
        command.stdout.write(publication.note)
