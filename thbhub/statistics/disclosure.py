"""Disclosure control of published statistics: cell suppression.

Pure functions over ``Observation``s; nothing here reads the database.

Primary suppression hides every cell from 1 up to the threshold: a count of
one to a few victims can point at a person. A zero is published: "known to
be none" says nothing about anyone, and hiding zeros would hide most of a
small country's tables for no protection.

Secondary suppression then makes sure no hidden cell can be worked out from
the published ones. Every additive relation a reader knows is listed:

- the categories of one dimension sum to its TOTAL, the other coordinates
  fixed (IDENTIFIED + PRESUMED = TOTAL is the status dimension's case);
- a region cell (NATC_SEE...) is the sum of its members' cells at the same
  coordinates, and NATC_SEE = NATC_SEE_EU + NATC_SEE_NON_EU.

An equation with exactly one hidden cell gives that cell away, so while one
exists, one more of its cells is hidden: the smallest non-zero value first
(least information lost), ties broken by coordinates, so the result is the
same on every run; this repeats until no equation has exactly one.

Partial sums only bound a cell: a member's country details (citizenship
DE) are part of their group (OTHER_EU) but need not cover it, categories
given with one of them unknown or left out sum to at most the TOTAL, and
each type of service (one person, several services) is at most its TOTAL.
On its own such a bound tells at most that a hidden cell lies between 0
and a published remainder, which never shows that a small group of
persons exists, so the first pass below leaves them out. Together with
exact sums a bound can pin a cell down (a region's service cell is the sum
of its members' ones, each at most that member's published TOTAL; a
member's cell of 2 was once shown to lie between 1 and 4 through its
incomplete breakdowns, a country detail of 1 pinned through the others of
its group), so the audit of the whole pattern takes every bound in.

Unknown cells (empty value) are not suppressed: they carry no number. They
are left out of the sums, which makes a sum they belong to a partial one.

One sum at a time is not enough: several sums taken together can still
pin a hidden cell down (x + y = 5 in one table, x + z = 3 and y + z = 4
in others). So the finished pattern is audited as a whole: the hidden
cells of each connected group of sums, with counts never negative, bound
each hidden cell; a cell whose bounds leave one whole number is revealed,
one more cell of a sum it belongs to is hidden, and the audit runs again
(linear programming, as an attacker would do it). The groups of a network
run to a thousand cells and more, audited again each time one grows by a
hidden cell, so each group is one model kept in the HiGHS solver, and
only the small cells not yet shown free to move are solved for.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import highspy
import numpy as np
import numpy.typing as npt

from thbhub.statistics.aggregates import NATC_SEE, NATC_SEE_EU, NATC_SEE_NON_EU, REGIONS
from thbhub.statistics.cells import SUPPRESSED_FLAG
from thbhub.statistics.standard import (
    BREAKDOWNS,
    COORDINATES,
    ISO_DETAIL,
    NON_ADDITIVE,
    TOTAL,
    CodeLists,
    CoordinateKey,
    Observation,
)

CONFIDENTIAL = SUPPRESSED_FLAG
DEFAULT_THRESHOLD = 4
# A solver's value this close to a whole number counts as that number.
LP_TOLERANCE = 1e-6
# Random objectives tried per group before exact bounds are solved.
RANDOM_VERTICES = 12

_COUNTRY = COORDINATES.index("country")


@dataclass(frozen=True)
class Relation:
    """``total`` equals the sum of ``parts`` (``exact``), or is at least that
    sum (a partial sum); every cell's value is known."""

    total: CoordinateKey
    parts: tuple[CoordinateKey, ...]
    exact: bool = True

    @property
    def cells(self) -> tuple[CoordinateKey, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class SuppressionResult:
    """The published rows, and which cells were hidden for which reason."""

    observations: list[Observation]
    primary: frozenset[CoordinateKey]
    secondary: frozenset[CoordinateKey]

    @property
    def suppressed(self) -> int:
        return len(self.primary) + len(self.secondary)


def _with(key: CoordinateKey, column: str, code: str) -> CoordinateKey:
    index = COORDINATES.index(column)
    return (*key[:index], code, *key[index + 1 :])


def _breakdown_relations(
    values: Mapping[CoordinateKey, int | None],
    codes: CodeLists,
    regions: Mapping[str, frozenset[str]],
) -> Iterable[Relation]:
    """Categories of one dimension summing to its TOTAL where the sum is
    exact; a member's categories given with some unknown or left out sum to
    at most its TOTAL."""
    for column in BREAKDOWNS:
        categories = codes.categories(column)
        index = COORDINATES.index(column)
        groups: dict[CoordinateKey, list[CoordinateKey]] = defaultdict(list)
        for key in values:
            if key[index] in categories:
                groups[_with(key, column, TOTAL)].append(key)
        for total, parts in groups.items():
            total_value = values.get(total)
            if total_value is None:
                continue
            given = tuple(sorted(part for part in parts if values[part] is not None))
            if len(given) == len(categories):
                # Region rows are sums over the members that give each cell,
                # so their categories add up to the total only where every
                # member broke the total down.
                if sum(values[part] or 0 for part in given) == total_value:
                    yield Relation(total, given)
            elif given and total[_COUNTRY] not in regions:
                # A region's incomplete breakdown adds up other members than
                # its total: it bounds nothing the members' own bounds and
                # the region sums do not already give.
                yield Relation(total, given, exact=False)


def _detail_relations(
    values: Mapping[CoordinateKey, int | None],
    codes: CodeLists,
    regions: Mapping[str, frozenset[str]],
) -> Iterable[Relation]:
    """A member's country details (citizenship DE) sum to at most the group
    they belong to (OTHER_EU): a country need not detail every one."""
    for column in ISO_DETAIL:
        index = COORDINATES.index(column)
        groups: dict[CoordinateKey, list[CoordinateKey]] = defaultdict(list)
        for key, value in values.items():
            country = str(key[_COUNTRY])
            code = str(key[index])
            if value is None or country in regions or not codes.is_iso_detail(column, code):
                continue
            groups[_with(key, column, codes.iso_group(column, code, country))].append(key)
        for group, details in groups.items():
            if values.get(group) is not None:
                yield Relation(group, tuple(sorted(details)), exact=False)


def _bound_relations(values: Mapping[CoordinateKey, int | None]) -> Iterable[Relation]:
    """Each overlapping category (a type of service) is at most its TOTAL."""
    for column in NON_ADDITIVE:
        index = COORDINATES.index(column)
        for key, value in values.items():
            if key[index] == TOTAL or value is None:
                continue
            total = _with(key, column, TOTAL)
            if values.get(total) is not None:
                yield Relation(total, (key,), exact=False)


def _region_relations(
    values: Mapping[CoordinateKey, int | None], regions: Mapping[str, frozenset[str]]
) -> Iterable[Relation]:
    """A region cell is the sum of the members that give a value for it."""
    for key, value in values.items():
        region = str(key[_COUNTRY])
        if region not in regions or value is None:
            continue
        parts = tuple(
            sorted(
                member_key
                for member in regions[region]
                if values.get(member_key := _with(key, "country", member)) is not None
            )
        )
        if parts and sum(values[part] or 0 for part in parts) == value:
            yield Relation(key, parts)
    for key, value in values.items():
        if key[_COUNTRY] != NATC_SEE or value is None:
            continue
        halves = (_with(key, "country", NATC_SEE_EU), _with(key, "country", NATC_SEE_NON_EU))
        given = tuple(half for half in halves if values.get(half) is not None)
        if len(given) == 2 and sum(values[half] or 0 for half in given) == value:
            yield Relation(key, given)


def relations(
    observations: Sequence[Observation],
    *,
    codes: CodeLists,
    regions: Mapping[str, frozenset[str]],
) -> list[Relation]:
    """Every additive relation among the cells, exact sums and partial ones,
    in a stable order."""
    values = {obs.coordinates: obs.value for obs in observations}
    found = {
        *_breakdown_relations(values, codes, regions),
        *_detail_relations(values, codes, regions),
        *_region_relations(values, regions),
        *_bound_relations(values),
    }
    return sorted(found, key=lambda relation: (relation.cells, relation.exact))


def default_regions(
    observations: Iterable[Observation], *, eu_members: frozenset[str]
) -> dict[str, frozenset[str]]:
    """Region membership when the caller does not give it: the countries present."""
    countries = frozenset(obs.country for obs in observations) - set(REGIONS)
    return {
        NATC_SEE: countries,
        NATC_SEE_EU: countries & eu_members,
        NATC_SEE_NON_EU: countries - eu_members,
    }


def _pick(
    relation: Relation,
    values: Mapping[CoordinateKey, int | None],
    suppressed: set[CoordinateKey],
) -> CoordinateKey | None:
    candidates = [key for key in relation.cells if key not in suppressed]
    if not candidates:
        return None
    # A zero hides nothing its neighbours do not give away, so it is the
    # last choice; among the others the smallest loses the least.
    return min(candidates, key=lambda key: (values[key] == 0, values[key] or 0, key))


def suppression_pattern(
    observations: Sequence[Observation],
    *,
    threshold: int,
    codes: CodeLists,
    regions: Mapping[str, frozenset[str]],
) -> tuple[frozenset[CoordinateKey], frozenset[CoordinateKey]]:
    """The cells to hide: (primary, secondary)."""
    values = {obs.coordinates: obs.value for obs in observations}
    primary = {
        key for key, value in values.items() if value is not None and 1 <= value <= threshold
    }
    suppressed = set(primary)
    found = relations(observations, codes=codes, regions=regions)
    by_cell: dict[CoordinateKey, list[int]] = defaultdict(list)
    for number, relation in enumerate(found):
        for key in relation.cells:
            by_cell[key].append(number)
    # Lowest relation number first, so the order never depends on sets.
    pending = sorted({number for key in suppressed for number in by_cell[key]})
    queued = set(pending)
    heapq.heapify(pending)
    # Hidden cells shown free to take two whole numbers. Hiding more cells
    # only widens what a reader cannot tell, so they stay free.
    free: set[CoordinateKey] = set()
    small = _SmallCells(frozenset(primary), threshold)
    while pending:
        while pending:
            number = heapq.heappop(pending)
            queued.discard(number)
            relation = found[number]
            if not relation.exact or sum(key in suppressed for key in relation.cells) != 1:
                continue
            chosen = _pick(relation, values, suppressed)
            if chosen is not None:
                suppressed.add(chosen)
                _queue(by_cell[chosen], pending, queued)
        # Every sum has at least two hidden cells now; then the sums together.
        for chosen in _hide_revealed(
            found, by_cell=by_cell, values=values, suppressed=suppressed, free=free, small=small
        ):
            _queue(by_cell[chosen], pending, queued)
    return frozenset(primary), frozenset(suppressed - primary)


def _queue(numbers: Iterable[int], pending: list[int], queued: set[int]) -> None:
    for number in numbers:
        if number not in queued:
            queued.add(number)
            heapq.heappush(pending, number)


def _hide_revealed(
    found: Sequence[Relation],
    *,
    by_cell: Mapping[CoordinateKey, list[int]],
    values: Mapping[CoordinateKey, int | None],
    suppressed: set[CoordinateKey],
    free: set[CoordinateKey],
    small: _SmallCells,
) -> list[CoordinateKey]:
    """Hide one more cell of a sum for each small cell the sums together reveal."""
    hidden: list[CoordinateKey] = []
    for key in _revealed(
        found, by_cell=by_cell, values=values, suppressed=suppressed, free=free, small=small
    ):
        # An exact sum first: hiding one more of its cells always widens
        # what the reader can tell; a partial sum's may not.
        open_sums = sorted(
            (
                found[number]
                for number in _sums_around(key, found, by_cell=by_cell, suppressed=suppressed)
                if _pick(found[number], values, suppressed)
            ),
            key=lambda relation: (not relation.exact, relation.cells),
        )
        if not open_sums:
            continue
        chosen = _pick(open_sums[0], values, suppressed)
        if chosen is not None:
            suppressed.add(chosen)
            hidden.append(chosen)
    return hidden


def _sums_around(
    key: CoordinateKey,
    found: Sequence[Relation],
    *,
    by_cell: Mapping[CoordinateKey, list[int]],
    suppressed: set[CoordinateKey],
) -> list[int]:
    """The sums of ``key``; where every cell of those is hidden already, the
    sums of the hidden cells they connect to, nearest first, so that one
    more published cell can always be hidden to widen what a reader infers."""
    seen = {key}
    frontier = [key]
    while frontier:
        numbers = sorted({number for cell in frontier for number in by_cell[cell]})
        if any(any(cell not in suppressed for cell in found[number].cells) for number in numbers):
            return numbers
        following = []
        for number in numbers:
            for cell in found[number].cells:
                if cell not in seen:
                    seen.add(cell)
                    following.append(cell)
        frontier = following
    return []


def _revealed(
    found: Sequence[Relation],
    *,
    by_cell: Mapping[CoordinateKey, list[int]],
    values: Mapping[CoordinateKey, int | None],
    suppressed: set[CoordinateKey],
    free: set[CoordinateKey],
    small: _SmallCells,
) -> list[CoordinateKey]:
    """Small hidden cells the published sums together give away.

    Per connected group of hidden cells, the values a reader can infer form
    the polytope {x >= 0 : A x = b}. A small cell (hidden for itself) is
    given away when its smallest and largest values there leave one whole
    number, or show it lies between 1 and the threshold (a reader learns a
    small group of persons exists). Cells hidden only to protect others are
    not sensitive themselves: they are zeros or above the threshold.
    Vertices for a few random objectives first show most cells free to
    move, so exact bounds are solved for the others only.
    """
    revealed: list[CoordinateKey] = []
    for cells in _hidden_groups(found, by_cell, suppressed):
        if any(key in small.cells and key not in free for key in cells):
            revealed.extend(
                _revealed_in_group(
                    cells, found, by_cell=by_cell, values=values, free=free, small=small
                )
            )
    return sorted(revealed)


def _revealed_in_group(
    cells: list[CoordinateKey],
    found: Sequence[Relation],
    *,
    by_cell: Mapping[CoordinateKey, list[int]],
    values: Mapping[CoordinateKey, int | None],
    free: set[CoordinateKey],
    small: _SmallCells,
) -> list[CoordinateKey]:
    system = _system(cells, found, by_cell=by_cell, values=values)
    truth = np.array([float(values[key] or 0) for key in cells])
    low, high = truth.copy(), truth.copy()

    def seen(point: npt.NDArray[np.float64] | None) -> None:
        nonlocal low, high
        if point is not None:
            low, high = np.minimum(low, point), np.maximum(high, point)

    # Only small cells not yet shown free need a look; in a large group that
    # grew by one hidden cell, these are a few.
    open_cells = [
        column for column, key in enumerate(cells) if key in small.cells and key not in free
    ]
    # Vertices for random objectives over them show most free in a few
    # solves; for a few cells their own bounds cost less.
    if 2 * len(open_cells) > RANDOM_VERTICES:
        rng = np.random.default_rng(len(cells))
        for _round in range(RANDOM_VERTICES):
            objective = np.zeros(len(cells))
            objective[open_cells] = rng.uniform(-1.0, 1.0, len(open_cells))
            seen(system.vertex(objective))
    revealed: list[CoordinateKey] = []
    for column in open_cells:
        key = cells[column]
        if not small.given_away(low[column], high[column]):
            free.add(key)
            continue
        direction = np.zeros(len(cells))
        direction[column] = 1.0
        lowest = system.vertex(direction)
        # A failure on the lower bound, which the true values rule out, is
        # treated as revealed, never as safe.
        if lowest is None:
            revealed.append(key)
            continue
        seen(lowest)
        if not small.given_away(low[column], high[column]):
            free.add(key)
            continue
        direction[column] = -1.0
        highest = system.vertex(direction)
        # No upper bound means free.
        if highest is not None and small.given_away(lowest[column], highest[column]):
            revealed.append(key)
        else:
            seen(highest)
            free.add(key)
    return revealed


@dataclass(frozen=True)
class _SmallCells:
    cells: frozenset[CoordinateKey]
    threshold: int

    def given_away(self, low: float, high: float) -> bool:
        """Whether a reader who knows the cell lies in [low, high] learns too much."""
        lowest = math.ceil(low - LP_TOLERANCE)
        highest = math.floor(high + LP_TOLERANCE)
        return _whole_numbers(low, high) <= 1 or (lowest >= 1 and highest <= self.threshold)


def _whole_numbers(low: float, high: float) -> int:
    """How many whole numbers lie in [low, high]."""
    return max(math.floor(high + LP_TOLERANCE) - math.ceil(low - LP_TOLERANCE) + 1, 0)


class _System:
    """What a reader knows of a group of hidden cells x: x >= 0, the exact
    sums and the partial ones, as one linear programme kept in the HiGHS
    solver: each new objective starts from the last solution's basis, which
    takes a few pivots instead of a solve from scratch."""

    def __init__(self, rows: list[tuple[dict[int, float], float, bool]], columns: int) -> None:
        self.columns = columns
        lp = highspy.HighsLp()
        lp.num_col_ = columns
        lp.num_row_ = len(rows)
        lp.col_cost_ = np.zeros(columns)
        lp.col_lower_ = np.zeros(columns)
        lp.col_upper_ = np.full(columns, highspy.kHighsInf)
        lp.row_lower_ = np.array(
            [constant if exact else -highspy.kHighsInf for _row, constant, exact in rows]
        )
        lp.row_upper_ = np.array([constant for _row, constant, _exact in rows])
        starts, indices, coefficients = [0], [], []
        for row, _constant, _exact in rows:
            for column in sorted(column for column, value in row.items() if value):
                indices.append(column)
                coefficients.append(row[column])
            starts.append(len(indices))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_ = columns
        lp.a_matrix_.num_row_ = len(rows)
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(indices, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(coefficients, dtype=np.float64)
        # highspy's Highs() is not annotated; the model and solves are.
        self._solver = highspy.Highs()  # type: ignore[no-untyped-call]
        self._solver.silent()
        # From the last basis, not from a presolved model solved from scratch.
        self._solver.setOptionValue("presolve", "off")
        self._solver.passModel(lp)
        self._all = np.arange(columns, dtype=np.int32)

    def vertex(self, objective: npt.NDArray[np.float64]) -> npt.NDArray[np.float64] | None:
        """The feasible x minimising ``objective @ x``; None when unbounded
        (or when the solver fails, which callers treat as the worse case)."""
        self._solver.changeColsCost(self.columns, self._all, objective.astype(np.float64))
        self._solver.run()
        if self._solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return np.array(self._solver.getSolution().col_value, dtype=np.float64)


def _system(
    cells: list[CoordinateKey],
    found: Sequence[Relation],
    *,
    by_cell: Mapping[CoordinateKey, list[int]],
    values: Mapping[CoordinateKey, int | None],
) -> _System:
    """Each relation as sum(parts) - total over the hidden cells, the
    published cells' part moved to the right-hand side."""
    index = {key: column for column, key in enumerate(cells)}
    rows: list[tuple[dict[int, float], float, bool]] = []
    for number in sorted({number for key in cells for number in by_cell[key]}):
        relation = found[number]
        row: dict[int, float] = defaultdict(float)
        published = 0.0
        for key in relation.cells:
            sign = -1.0 if key == relation.total else 1.0
            if key in index:
                row[index[key]] += sign
            else:
                published += sign * float(values[key] or 0)
        rows.append((row, -published, relation.exact))
    return _System(rows, len(cells))


def _hidden_groups(
    found: Sequence[Relation],
    by_cell: Mapping[CoordinateKey, list[int]],
    suppressed: set[CoordinateKey],
) -> list[list[CoordinateKey]]:
    """Hidden cells, grouped by the sums that connect them."""
    seen: set[CoordinateKey] = set()
    groups: list[list[CoordinateKey]] = []
    for start in sorted(key for key in suppressed if key in by_cell):
        if start in seen:
            continue
        seen.add(start)
        group, stack = [], [start]
        while stack:
            key = stack.pop()
            group.append(key)
            for number in by_cell[key]:
                for other in found[number].cells:
                    if other in suppressed and other not in seen:
                        seen.add(other)
                        stack.append(other)
        groups.append(sorted(group))
    return groups


def suppress_with_report(
    observations: Sequence[Observation],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    codes: CodeLists | None = None,
    regions: Mapping[str, frozenset[str]] | None = None,
) -> SuppressionResult:
    """``suppress`` and which cells it hid, for a preview before publishing."""
    if threshold < 0:
        msg = f"The suppression threshold must be 0 or more, not {threshold}."
        raise ValueError(msg)
    if codes is None:
        from thbhub.statistics.services import shipped_codes  # noqa: PLC0415 — avoids a cycle

        codes = shipped_codes()
    if regions is None:
        regions = default_regions(observations, eu_members=codes.eu_members)
    primary, secondary = suppression_pattern(
        observations, threshold=threshold, codes=codes, regions=regions
    )
    hidden = primary | secondary
    published = [
        replace(obs, value=None, flag=CONFIDENTIAL, note="") if obs.coordinates in hidden else obs
        for obs in observations
    ]
    return SuppressionResult(observations=published, primary=primary, secondary=secondary)


def suppress(
    observations: Sequence[Observation],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    codes: CodeLists | None = None,
    regions: Mapping[str, frozenset[str]] | None = None,
) -> list[Observation]:
    """The rows as they may be published: hidden cells have no value and flag ``c``.

    A hidden cell's note goes too, since a country's note may repeat the
    number. ``regions`` maps each region code to its members; by default the
    countries present, split by EU membership.
    """
    return suppress_with_report(
        observations, threshold=threshold, codes=codes, regions=regions
    ).observations
