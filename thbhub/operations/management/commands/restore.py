"""thbhub restore FILE"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thbhub.operations.archive import OperationError
from thbhub.operations.services import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `thbhub backup` into a new, empty installation "
        "(run `thbhub migrate` on a new database first)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the backup file")

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 1
        try:
            summary = backup_restore(
                path=Path(options["file"]),
                progress=(lambda line: self.stdout.write(f"  {line}")) if verbose else None,
            )
        except OperationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {summary.created_at}: {summary.rows} rows of "
                f"{summary.models} models, {summary.files} files, in {summary.seconds:.1f} s."
            )
        )
        self.stdout.write("Everyone signs in again: sessions are not part of a backup.")
