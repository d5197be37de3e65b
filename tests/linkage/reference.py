"""The pairs the engine must find, scored without pruning: every pair of two
sets of encodings by matrix products (``scores_block``), the reference that
the kernel and the engine are compared with to the last bit."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from thbhub.linkage.linking import Segments, scores_block

Pairs = list[tuple[int, int, float]]


def reference_pairs(
    left: npt.NDArray[np.uint8], right: npt.NDArray[np.uint8], threshold: float, *, same: bool
) -> Pairs:
    """(i, j, score) of every pair scoring at least ``threshold``, in order;
    with ``same``, only pairs j > i with full dates on both sides, held to
    the name floor within one country."""
    left_segments, right_segments = Segments(left), Segments(right)
    scores = scores_block(left_segments, right_segments, (0, len(left)), (0, len(right)), same=same)
    keep = scores >= threshold
    if same:
        keep &= left_segments.full[:, None] & right_segments.full[None, :]
        keep &= np.arange(len(right))[None, :] > np.arange(len(left))[:, None]
    i, j = np.nonzero(keep)
    return sorted(
        zip(i.tolist(), j.tolist(), scores[i, j].astype(np.float64).tolist(), strict=True)
    )
