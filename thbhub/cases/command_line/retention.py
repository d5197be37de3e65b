"""`thbhub cases apply-retention`: anonymise closed cases past their retention period."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand

from thbhub.cases.retention import retention_apply

NAME = "apply-retention"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    actions.add_parser(
        NAME,
        help="Anonymise closed cases whose retention period has passed (run daily).",
        description=(
            "A closed case is anonymised once its country's retention period (set by the "
            "coordinator in the case rules; 5 years unless set) has passed since it was "
            "closed, unless it is on legal hold. Anonymising removes the identifiers, the name "
            "index and all free text, and keeps the fields statistics are counted from. Each "
            "case is recorded in the audit log. Prints case numbers only."
        ),
    )


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    result = retention_apply()
    for number in result.anonymised:
        command.stdout.write(f"Anonymised {number}")
    command.stdout.write(
        f"Anonymised {len(result.anonymised)} case(s); {result.held} closed case(s) on legal hold."
    )
