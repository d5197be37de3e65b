"""thbhub backup --out FILE"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thbhub.operations.archive import KEYS_SETTING, OperationError
from thbhub.operations.services import backup_create


class Command(BaseCommand):
    help = (
        "Write an encrypted backup of the database and of the uploaded files "
        "(MEDIA_ROOT), readable only with the first key of THBHUB_FIELD_ENCRYPTION_KEYS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, metavar="FILE", help="the backup file to write")
        parser.add_argument(
            "--overwrite", action="store_true", help="replace FILE if it already exists"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 1
        try:
            summary = backup_create(
                out=Path(options["out"]),
                overwrite=options["overwrite"],
                progress=(lambda line: self.stdout.write(f"  {line}")) if verbose else None,
            )
        except OperationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {summary.path}: {summary.rows} rows of {summary.models} "
                f"models, {summary.files} files, {summary.bytes} bytes, "
                f"in {summary.seconds:.1f} s."
            )
        )
        self.stdout.write(
            f"It is encrypted with the first key of {KEYS_SETTING}: keep that key as long as "
            "the backup, also after the keys are rotated, or the backup cannot be restored."
        )
