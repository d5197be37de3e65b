"""The compiled kernel of the linkage engine: popcount of AND-ed words, then the score.

Every pair of a tile of left rows and right columns has the common bits of
its name segments counted with one ``popcnt`` per 64 bits; the few pairs
whose names share enough bits for any match have their date bits counted
and are scored with the float32 operations of ``linking.pair_scores``, one
at a time and in the same order (float32 constants, no fastmath, so no
fused multiply-add), which gives the very same scores.

Compiled by numba on the first call, and cached beside the module (or in the
user's cache directory) so that later processes, Spark's Python workers too,
load it instead of compiling it again. Where no cache directory is writable
(a read-only install) it is compiled in every process.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from numba import njit, types
from numba.core.errors import NumbaWarning
from numba.extending import intrinsic

from thbhub.linkage.kernel_inputs import RecordArrays, ScoreConstants

# 512 bits a segment: unrolled by the compiler because it is a constant.
SEGMENT_WORDS = 8
# Pairs scored before the output grows; rows of a block keep few pairs each.
_FIRST_CAPACITY = 4096


def _popcount_signature(_typing_context: Any, _word: Any) -> tuple[Any, Any]:
    def lower(_context: Any, builder: Any, _signature: Any, arguments: Any) -> Any:
        return builder.ctpop(arguments[0])

    # int64 rather than uint64: numba turns a sum of int64 and uint64 into float64.
    return types.int64(types.uint64), lower


# LLVM's ctpop, one popcnt instruction on x86-64; numba has no popcount of its own.
popcount = cast("Callable[[np.uint64], int]", intrinsic(_popcount_signature))


def _compiled(function: Callable[..., Any]) -> Any:
    # No fastmath: it would let the compiler fuse multiply and add and change
    # scores in the last bit.
    try:
        return njit(cache=True, nogil=True, fastmath=False)(function)
    except RuntimeError:
        # No writable directory for the cache (a read-only install without a
        # writable home): compile in every process instead.
        return njit(cache=False, nogil=True, fastmath=False)(function)


def _pair_score(
    left: RecordArrays,
    right: RecordArrays,
    pair: tuple[int, int],
    common_names: int,
    constants: ScoreConstants,
) -> np.float32:
    """pair_scores' operations on one pair, in its order, all in float32."""
    i, j = pair
    left_dates, right_dates = left.date_words[i], right.date_words[j]
    common_dates = 0
    for word in range(SEGMENT_WORDS):
        common_dates += popcount(left_dates[word] & right_dates[word])
    names = np.float32(common_names) * np.float32(2.0)
    names = names / (left.name_sizes[i] + right.name_sizes[j])
    dates = np.float32(common_dates) / min(left.date_sizes[i], right.date_sizes[j])
    partial = not (left.full[i] and right.full[j])
    if partial:
        dates = dates / constants.partial_date_agreement
    dates = min(dates, np.float32(1.0))
    dates = dates * constants.date_weight
    dates = dates + constants.name_weight * names
    if partial:
        dates = dates * constants.partial_date_factor
    score = dates
    if not (left.dated[i] and right.dated[j]):
        score = names * constants.missing_date_factor
    if names < constants.min_name_dice:
        score = np.float32(0.0)
    # A no-op in compiled code; the type for mypy.
    return np.float32(score)


_pair_score_compiled = _compiled(_pair_score)


def _scored_tile(  # noqa: PLR0917 — numba passes positional arguments only
    left: RecordArrays,
    right: RecordArrays,
    rows: tuple[int, int],
    columns: tuple[int, int],
    same: bool,
    least_common_names: npt.NDArray[np.int64],
    lowest_score: np.float32,
    constants: ScoreConstants,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    found_i = np.empty(_FIRST_CAPACITY, dtype=np.int64)
    found_j = np.empty(_FIRST_CAPACITY, dtype=np.int64)
    found_score = np.empty(_FIRST_CAPACITY, dtype=np.float32)
    found = 0
    for i in range(rows[0], rows[1]):
        if same and not left.full[i]:
            continue
        left_names = left.name_words[i]
        # Within one set only pairs j > i, each pair once.
        first_column = max(columns[0], i + 1) if same else columns[0]
        for j in range(first_column, columns[1]):
            if same and not right.full[j]:
                continue
            right_names = right.name_words[j]
            common_names = 0
            for word in range(SEGMENT_WORDS):
                common_names += popcount(left_names[word] & right_names[word])
            # Nearly every pair stops here, after 8 popcnt.
            if common_names < least_common_names[left.name_bits[i] + right.name_bits[j]]:
                continue
            score = _pair_score_compiled(left, right, (i, j), common_names, constants)
            if score < lowest_score:
                continue
            if found == len(found_i):
                found_i = np.concatenate((found_i, np.empty_like(found_i)))
                found_j = np.concatenate((found_j, np.empty_like(found_j)))
                found_score = np.concatenate((found_score, np.empty_like(found_score)))
            found_i[found] = i
            found_j[found] = j
            found_score[found] = score
            found += 1
    return found_i[:found], found_j[:found], found_score[:found]


_scored_tile_compiled = _compiled(_scored_tile)


def scored_tile(
    left: RecordArrays,
    right: RecordArrays,
    rows: tuple[int, int],
    columns: tuple[int, int],
    *,
    same: bool,
    least_common_names: npt.NDArray[np.int64],
    lowest_score: np.float32,
    constants: ScoreConstants,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Pairs (i, j) of rows x columns scoring at least ``lowest_score``, and their scores.

    ``least_common_names[a + b]`` is the fewest common name bits a pair of
    name segments of a and b set bits needs to be scored at all. With
    ``same`` (left and right one set) only pairs j > i with full dates on
    both sides. Pairs come in the order of i, then j.
    """
    with warnings.catch_warnings():
        # A cache that cannot be written or read (a read-only or full disk)
        # costs compile time only; numba's warning about it would reach the
        # user's terminal.
        warnings.simplefilter("ignore", NumbaWarning)
        found: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]] = (
            _scored_tile_compiled(
                left,
                right,
                (int(rows[0]), int(rows[1])),
                (int(columns[0]), int(columns[1])),
                bool(same),
                least_common_names,
                np.float32(lowest_score),
                constants,
            )
        )
    return found
