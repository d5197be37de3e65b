"""`thbhub cases reindex`: rebuild the name search index after a new SECRET_KEY."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand

from thbhub.cases.services import names_reindex

NAME = "reindex"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    actions.add_parser(
        NAME,
        help="Rebuild the name search index of every case (after changing THBHUB_SECRET_KEY).",
        description=(
            "Names are searched through keyed hashes derived from THBHUB_SECRET_KEY. After "
            "that key changes, run this once so that name search finds cases again. An "
            "operator's command: it acts on every case and shows no personal data."
        ),
    )


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    count = names_reindex()
    command.stdout.write(f"Rebuilt the name index of {count} case(s).")
