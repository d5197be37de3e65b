"""The pruned engine finds exactly the pairs and scores of comparing every pair.

The reference scores every pair of the set with full matrix products and no
pruning (``scores_block`` over one block holding everything); the engine
prunes with the bound over the name prefix and counts the pairs left bit by
bit. Both must agree to the last bit of every float32 score.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from tests.linkage.reference import reference_pairs
from tests.linkage.test_linking import encodings
from thbhub.linkage.keys import LinkageKey
from thbhub.linkage.linking import (
    MIN_NAME_DICE,
    WITHIN_COUNTRY_NAME_DICE,
    FloatArray,
    IntArray,
    Segments,
    candidate_pairs,
    lowest_name_dice,
)
from thbhub.linkage.synthetic import scenario

THRESHOLDS = (0.0, 0.3, 0.7, 0.75, 0.85, 0.95, 1.0)
Pairs = list[tuple[int, int, float]]


def _mixed_encodings() -> npt.NDArray[np.uint8]:
    """Synthetic registers, near-duplicates with more and more bits flipped
    (name Dice on both sides of the floor), and random encodings."""
    rows_a, rows_b, _truth = scenario(80, 40, 40, seed=13)
    key = LinkageKey(b"\x07" * 32)
    real = np.concatenate([encodings(key, rows_a, "AA").bits, encodings(key, rows_b, "BB").bits])
    rng = np.random.default_rng(5)
    copies = []
    for rate in (0.02, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2):
        originals = real[rng.choice(len(real), 15, replace=False)]
        flips = np.packbits(rng.random((15, 1024)) < rate, axis=1)
        copies.append(originals ^ flips)
    noise = np.packbits(rng.random((60, 1024)) < rng.uniform(0.05, 0.4, (60, 1)), axis=1)
    return np.concatenate([real, *copies, noise])


def _listed(found: tuple[IntArray, IntArray, FloatArray]) -> Pairs:
    i, j, scores = found
    return sorted(zip(i.tolist(), j.tolist(), scores.tolist(), strict=True))


@pytest.fixture(scope="module")
def bits() -> npt.NDArray[np.uint8]:
    return _mixed_encodings()


@pytest.mark.parametrize("blocks", [(2048, 8192), (64, 100)])
@pytest.mark.parametrize("threshold", THRESHOLDS)
def test_pruned_pairs_and_scores_equal_comparing_every_pair(
    bits, threshold, blocks, monkeypatch
) -> None:
    monkeypatch.setattr("thbhub.linkage.linking.ROWS_PER_BLOCK", blocks[0])
    monkeypatch.setattr("thbhub.linkage.linking.COLUMNS_PER_BLOCK", blocks[1])
    half = len(bits) // 2
    left, right = bits[:half], bits[half:]
    assert _listed(candidate_pairs(left, right, threshold)) == reference_pairs(
        left, right, threshold, same=False
    )
    assert _listed(candidate_pairs(bits, bits, threshold, same=True)) == reference_pairs(
        bits, bits, threshold, same=True
    )


def test_the_pairs_compared_lie_on_both_sides_of_the_name_floor(bits) -> None:
    # Without pairs just above and just below the floor the test above would
    # not show that the bound keeps every pair it must.
    segments = Segments(bits)
    names = segments.unpacked(0, len(bits))[0]
    dice = 2 * (names @ names.T) / (segments.names[:, None] + segments.names[None, :])
    for floor in (MIN_NAME_DICE, WITHIN_COUNTRY_NAME_DICE):
        assert np.any((dice >= floor) & (dice < floor + 0.02)), floor
        assert np.any((dice < floor) & (dice > floor - 0.02)), floor
    assert len(reference_pairs(bits, bits, 0.3, same=False)) > 2 * len(bits)


def test_the_name_bound_follows_the_threshold() -> None:
    assert lowest_name_dice(0.75) == MIN_NAME_DICE
    assert lowest_name_dice(0.75, same=True) == WITHIN_COUNTRY_NAME_DICE
    # Above 0.82 even a pair with equal full dates needs names closer than the floor.
    assert lowest_name_dice(0.95) == pytest.approx((0.95 - 0.4) / 0.6)
