"""Pages of long lists whose every page costs the same, however long the list.

Django's paginator counts every row of the list on every page: on an
agency with 100,000 cases that count, and the offset of a deep page, cost
more than the page itself. ``CappedPaginator`` counts no further than
``cap`` rows (the list then says "more than 1,000"), reaches no page beyond
them (filters and search narrow a list that long), and, where the first
page holds the whole list, counts nothing at all: a search that finds a
few cases is one query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

# GitHub's search stops at the same number of results.
LIST_CAP = 1000

# Django's classes are generic for the type checker only.
if TYPE_CHECKING:
    _Paginator = Paginator[Any]
else:
    _Paginator = Paginator


class CappedPaginator(_Paginator):
    """A ``Paginator`` over a query set, counting at most ``cap`` rows."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, cap: int = LIST_CAP) -> None:
        if cap < per_page:
            msg = f"cap ({cap}) must be at least one page ({per_page})"
            raise ValueError(msg)
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        """The rows, counted up to one more than the cap."""
        return self.queryset.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        """The rows, or ``cap`` when there are more."""
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """Whether the list goes on beyond the pages it offers."""
        return self._counted > self.cap

    def get_page(self, number: object) -> Page[Any]:
        """The page; the first for anything that is not a number from 2 up,
        the last reachable one for a number beyond it."""
        try:
            wanted = int(str(number))
        except ValueError:
            wanted = 1
        if wanted > 1:
            return super().get_page(wanted)
        rows: Sequence[Any] = list(self.queryset[: self.per_page + 1])
        if len(rows) <= self.per_page:
            # The whole list is on the first page: nothing left to count.
            self.__dict__["_counted"] = self.__dict__["count"] = len(rows)
        return Page(rows[: self.per_page], 1, self)
