"""The compiled popcount kernel gives the pairs and float32 scores of the reference.

The reference is ``scores_block``: matrix products of 0/1 float32 values for
the common bits, then ``pair_scores``, over every pair. The kernel counts
with popcnt and scores one pair at a time; both must agree to the last bit,
within one set (only j > i, full dates on both sides) and across two sets,
over whole sets and over tiles that split them anywhere.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from tests.linkage.reference import reference_pairs
from tests.linkage.test_linking import encodings
from thbhub.linkage.keys import LinkageKey
from thbhub.linkage.linking import (
    Segments,
    least_common_names,
    lowest_passing_score,
    score_constants,
)
from thbhub.linkage.popcount_kernel import scored_tile
from thbhub.linkage.synthetic import scenario

THRESHOLDS = (0.0, 0.3, 0.7, 0.75, 0.8, 0.85, 0.95, 1.0)
Bits = npt.NDArray[np.uint8]
Pairs = list[tuple[int, int, float]]


def _registers() -> Bits:
    """Two synthetic registers, and copies of their records with 1-20 % of bits
    flipped, so that name Dice falls on both sides of every bound."""
    rows_a, rows_b, _truth = scenario(70, 35, 35, seed=29)
    key = LinkageKey(b"\x11" * 32)
    real = np.concatenate([encodings(key, rows_a, "AA").bits, encodings(key, rows_b, "BB").bits])
    rng = np.random.default_rng(17)
    copies = []
    for rate in (0.01, 0.03, 0.06, 0.09, 0.12, 0.2):
        originals = real[rng.choice(len(real), 20, replace=False)]
        copies.append(originals ^ np.packbits(rng.random((20, 1024)) < rate, axis=1))
    return np.concatenate([real, *copies])


def _random(count: int, seed: int) -> Bits:
    """Random encodings with fills from empty to dense, exact duplicates, and
    copies with 2-20 % of bits flipped."""
    rng = np.random.default_rng(seed)
    fill = rng.uniform(0.0, 0.5, (count, 1))
    fill[:5] = 0.0
    bits = np.packbits(rng.random((count, 1024)) < fill, axis=1)
    bits[-10:] = bits[5:15]
    flips = np.packbits(rng.random((60, 1024)) < np.linspace(0.02, 0.2, 60)[:, None], axis=1)
    bits[-70:-10] = bits[20:80] ^ flips
    return bits


@pytest.fixture(scope="module", params=["registers", "random"])
def bits(request: pytest.FixtureRequest) -> Bits:
    if request.param == "registers":
        return _registers()
    return _random(300, 3)


def _kernel(
    left: Bits, right: Bits, threshold: float, *, same: bool, rows: int, columns: int
) -> Pairs:
    left_segments, right_segments = Segments(left), Segments(right)
    found: Pairs = []
    for start in range(0, len(left), rows):
        for column in range(0, len(right), columns):
            i, j, scores = scored_tile(
                left_segments.records,
                right_segments.records,
                (start, min(start + rows, len(left))),
                (column, min(column + columns, len(right))),
                same=same,
                least_common_names=least_common_names(threshold, same=same),
                lowest_score=lowest_passing_score(threshold),
                constants=score_constants(same=same),
            )
            assert scores.dtype == np.float32
            found.extend(zip(i.tolist(), j.tolist(), scores.tolist(), strict=True))
    return sorted(found)


@pytest.mark.parametrize("tiles", [(10_000, 10_000), (37, 53)])
@pytest.mark.parametrize("threshold", THRESHOLDS)
def test_kernel_equals_every_pair_scored_by_matrix_products(bits, threshold, tiles) -> None:
    rows, columns = tiles
    half = len(bits) // 2
    left, right = bits[:half], bits[half:]
    across = _kernel(left, right, threshold, same=False, rows=rows, columns=columns)
    assert across == reference_pairs(left, right, threshold, same=False)
    within = _kernel(bits, bits, threshold, same=True, rows=rows, columns=columns)
    assert within == reference_pairs(bits, bits, threshold, same=True)


def test_the_pairs_compared_score_on_both_sides_of_the_thresholds(bits) -> None:
    # Without pairs between the thresholds the test above would show little.
    above = reference_pairs(bits, bits, 0.75, same=False)
    high = reference_pairs(bits, bits, 0.9, same=False)
    assert len(above) > len(bits)
    assert 0 < len(high) < len(above)


@pytest.mark.parametrize("threshold", [np.float64(0.75), np.float64(0.7000000001), 0.7000000001])
def test_float64_thresholds_keep_what_numpy_keeps(threshold) -> None:
    # numpy compares float32 scores with a Python float as float32, with a
    # numpy float64 as float64: the kernel's float32 bound follows either.
    bits = _registers()
    assert _kernel(bits, bits, threshold, same=False, rows=64, columns=64) == reference_pairs(
        bits, bits, threshold, same=False
    )
    lowest = lowest_passing_score(threshold)
    scores = np.array([np.nextafter(lowest, np.float32(0.0)), lowest], dtype=np.float32)
    assert (scores >= threshold).tolist() == [False, True]
