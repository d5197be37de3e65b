"""thbhub rotate_keys"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thbhub.operations.archive import KEYS_SETTING, OperationError
from thbhub.operations.services import keys_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value under the first key of "
        "THBHUB_FIELD_ENCRYPTION_KEYS, so that the older keys can be removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 1
        try:
            result = keys_rotate(
                progress=(lambda line: self.stdout.write(f"  {line}")) if verbose else None
            )
        except OperationError as error:
            raise CommandError(str(error)) from None
        for label, rotated in result.items():
            line = f"{label}: {rotated.values} values in {rotated.rows} rows re-encrypted"
            if rotated.encrypted:
                line += f" ({rotated.encrypted} of them were stored in clear text)"
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Every value now reads with the first key of {KEYS_SETTING} alone; the "
                "older keys can be removed from it. Keep them with any backup made before "
                "today: a backup is readable only with the key it was made with."
            )
        )
