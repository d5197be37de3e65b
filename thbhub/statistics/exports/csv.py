"""The 6.1 CSV: the standard's columns exactly, one row per cell."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from thbhub.statistics.standard import COLUMNS, Observation


def write_csv(observations: Sequence[Observation]) -> bytes:
    """UTF-8 with a byte order mark, so Excel on Windows reads the names right."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(obs.as_row() for obs in observations)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
