"""The region's victims with double counting removed, as the indicators give it.

The report does not compute the figure itself: it takes what the
indicators compute on published data (victims_deduplicated with its method
and range), so the report, the indicator pages and the API agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from thbhub.statistics.aggregates import NATC_SEE
from thbhub.statistics.indicator_selectors import PUBLISHED, indicators_for
from thbhub.statistics.indicators import DEDUPLICATED_KEY
from thbhub.statistics.report.sources import Cell

if TYPE_CHECKING:
    from thbhub.accounts.models import User


@dataclass(frozen=True)
class Deduplicated:
    cell: Cell
    low: int | None
    high: int | None
    method: str

    @property
    def range_text(self) -> str:
        if self.low is None or self.high is None:
            return ""
        return f"{self.low:,}\u2013{self.high:,}".replace(",", "\u202f")


def _whole(value: float | None) -> int | None:
    return None if value is None else round(value)


def deduplicated_victims(actor: User, year: int) -> Deduplicated | None:
    """The region figure on published data, or None when it cannot be computed."""
    table = indicators_for(actor, years=[year], source=PUBLISHED)
    figure = table.get(NATC_SEE, year, DEDUPLICATED_KEY)
    if figure is None or figure.value is None:
        return None
    return Deduplicated(
        Cell(_whole(figure.value)), _whole(figure.low), _whole(figure.high), figure.method
    )
