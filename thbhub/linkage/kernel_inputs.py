"""What the compiled kernel (popcount_kernel) reads, apart from it.

The kernel's module imports numba, which takes a third of a second; the
engine builds these without it, and imports the kernel on its first
comparison only, so that the web pages and commands that never compare
encodings do not pay for it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt


class RecordArrays(NamedTuple):
    """One encodings set as the kernel reads it (all arrays one row a record)."""

    name_words: npt.NDArray[np.uint64]
    date_words: npt.NDArray[np.uint64]
    name_bits: npt.NDArray[np.int64]
    name_sizes: npt.NDArray[np.float32]
    date_sizes: npt.NDArray[np.float32]
    full: npt.NDArray[np.bool_]
    dated: npt.NDArray[np.bool_]


class ScoreConstants(NamedTuple):
    """``linking``'s weights as float32, the type ``pair_scores`` computes them in."""

    name_weight: np.float32
    date_weight: np.float32
    partial_date_agreement: np.float32
    partial_date_factor: np.float32
    missing_date_factor: np.float32
    min_name_dice: np.float32
