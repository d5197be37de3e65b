"""`thbhub stats indicators --year YYYY [--to YYYY] --format json|csv [--source ...] --as USER`."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thbhub.access.policies import PermissionDenied
from thbhub.core.management.cli_helpers import (
    acting_user,
    add_acting_user_argument,
    command_refused,
)
from thbhub.statistics.indicator_selectors import PUBLISHED, SOURCES, check_years, indicators_for
from thbhub.statistics.indicators import CSV_COLUMNS, IndicatorTable

NAME = "indicators"


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = actions.add_parser(
        NAME,
        help="Compute the regional indicators for a year or a range of years.",
        description=(
            "Indicators per member and region (NATC_SEE, NATC_SEE_EU, NATC_SEE_NON_EU): "
            "victims, shares, forms of exploitation, rates, criminal justice figures and the "
            "regional total without double counting. Each value comes with its numerator, "
            "denominator and the members it leaves out. From published data by default; "
            "--source submitted reads accepted submissions within your reach (a national "
            "account: its own country only, without regions)."
        ),
    )
    parser.add_argument("--year", "--from", dest="year", type=int, required=True, metavar="YYYY")
    parser.add_argument("--to", type=int, metavar="YYYY", help="Last year (default: --year).")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--source", choices=SOURCES, default=PUBLISHED)
    parser.add_argument("--out", type=Path, metavar="FILE", help="Write here, not to stdout.")
    add_acting_user_argument(parser, "The account to act as; its role and country apply.")


def render(table: IndicatorTable, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(table.as_dict(), ensure_ascii=False, indent=2)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(table.csv_rows())
    for note in table.notes:
        writer.writerow({"area": "#", "reason": note})
    return buffer.getvalue()


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    actor = acting_user(options["username"])
    first: int = options["year"]
    last: int = options["to"] or first
    try:
        years = check_years(first, last)
        table = indicators_for(actor, years=years, source=options["source"])
    except PermissionDenied as denied:
        raise command_refused(actor, denied, command="stats indicators") from None
    except ValidationError as error:
        raise CommandError(" ".join(error.messages) + " Check --year/--to and --source.") from None
    text = render(table, options["format"])
    out: Path | None = options["out"]
    if out is None:
        command.stdout.write(text, ending="")
        return
    if not out.parent.is_dir():
        msg = f"There is no folder {out.parent}: create it or give another --out path."
        raise CommandError(msg)
    out.write_text(text, encoding="utf-8", newline="")
    command.stdout.write(
        f"{len(table.values)} indicator values for {first}-{last} ({options['source']}) "
        f"written to {out}."
    )
