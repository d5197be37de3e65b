"""One indicator value with everything needed to read it honestly."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One indicator value for one country or region and year.

    ``value`` None means not available, and ``reason`` says why; a value
    that leaves members out names them in ``missing`` and ``reason``.
    """

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    # Members whose data the value covers, and members it leaves out.
    members: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    reason: str = ""
    # A range where the value is an estimate (VICTIMS_DEDUPLICATED).
    low: float | None = None
    high: float | None = None
    method: str = ""

    @property
    def available(self) -> bool:
        return self.value is not None
