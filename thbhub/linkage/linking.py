"""Linking encodings at the hub: Dice similarity, one-to-one matching, clusters.

The score of a pair weighs the Dice similarity of the name segments and the
overlap of the date-of-birth segments of the two encodings. The set bits of
the date segment tell three classes of evidence apart: two full dates count
fully; a year alone (or year and month) agrees with any date of that year,
so the pair is discounted; when either record has no date of birth, the
name segment alone counts, discounted more, so that a missing date weakens
the evidence instead of counting against the match. Names below
MIN_NAME_DICE never match, however well the dates agree (strangers born on
the same day).

Between two countries each record is matched at most once (greedy by
score). Within one country only records with full dates on both sides and
names agreeing at least WITHIN_COUNTRY_NAME_DICE are merged, one-to-one
too, except near-identical records (a person entered several times): a
register's own record without a full date cannot be told from a namesake,
nor two given names of one family name and date of birth from siblings,
and a wrong merge undercounts victims.

The engine counts the common bits of every pair's name segments in a
compiled kernel (popcount_kernel, numba), one popcnt per 64 bits: nearly
every pair falls below the common name bits any match needs and costs
nothing more. Only the pairs left have their date bits counted and are
scored, with the same float32 operations as a block of every pair
(scores_block, the reference: matrix products of 0/1 float32 values, exact
below 2**24, and pair_scores), so the kernel changes no pair and no score.
Blocks of rows and tiles of columns keep memory bounded and the columns
compared in the processor's cache, whatever the number of records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
import numpy.typing as npt

from thbhub.linkage import LinkageError
from thbhub.linkage.encoding import SEGMENT_BITS, newest_scheme
from thbhub.linkage.files import EncodingSet
from thbhub.linkage.kernel_inputs import RecordArrays, ScoreConstants

DEFAULT_THRESHOLD = 0.75
NAME_WEIGHT = 0.6
DATE_WEIGHT = 1.0 - NAME_WEIGHT
# Set on synthetic seed 1 and the 50-person test scenario, checked on other
# seeds and keys (benchmarks/RESULTS.md). With the 0.02 flips, identical
# short names without a date score about 0.77 with the missing-date factor.
MISSING_DATE_FACTOR = 0.88
PARTIAL_DATE_FACTOR = 0.9
PARTIAL_DATE_AGREEMENT = 0.8
MIN_NAME_DICE = 0.7
# Within one register the records of one person come from one authority in
# one alphabet, so their names differ by typos, not by a whole given name.
# Siblings of one family name and date of birth (twins, or siblings whose
# dates of birth were estimated together) share the family name's bigrams
# and score up to 0.8 at MIN_NAME_DICE: this floor keeps them apart
# (benchmarks/RESULTS.md, "the name floors and siblings").
WITHIN_COUNTRY_NAME_DICE = 0.8
# Pairs scoring within this distance of the threshold could go either way;
# they bound the de-duplicated count (LinkResult.deduplicated_low/high).
UNCERTAIN_MARGIN = 0.05
# Within one country, pairs at least this close all merge (not one-to-one).
NEAR_IDENTICAL = 0.9
# A full date sets about 90 of the segment's 512 bits, a year (or a year and
# month) alone 40 to 50, and the hardening flips about 10 at random: fewer
# than DATE_PRESENT_BITS set bits means no date was given, fewer than
# FULL_DATE_BITS a partial date.
DATE_PRESENT_BITS = 32
FULL_DATE_BITS = 72
_SPLIT = SEGMENT_BITS // 8
_SPLIT_WORDS = SEGMENT_BITS // 64
ROWS_PER_BLOCK = 2048
# The right names of a tile of columns (64 bytes a record) stay in the
# processor's cache while every row of the block is compared with them.
COLUMNS_PER_BLOCK = 8192
# A quarter of a common bit of slack below the least common name bits a match
# needs: a score's float32 rounding may lift a name Dice just below the bound
# onto it, and the kernel must never drop a pair the exact scores keep.
_SLACK = 0.25


Progress = Callable[[int, int], None]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
FloatArray32 = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Match:
    cluster_id: str
    country_a: str
    record_id_a: str
    country_b: str
    record_id_b: str
    score: float


@dataclass(frozen=True)
class LinkResult:
    matches: list[Match]
    records: dict[str, int]
    overlap: dict[tuple[str, str], int]
    total: int
    deduplicated: int
    # The count if every near miss (within the margin below the threshold)
    # were one person, and if every doubtful match (within the margin above
    # it) were two: the range the threshold's choice alone can move it in.
    deduplicated_low: int = 0
    deduplicated_high: int = 0
    uncertain_margin: float = 0.0
    doubtful_pairs: int = 0
    near_miss_pairs: int = 0


def name_floor(*, same: bool) -> float:
    """The least name Dice of a match: across countries, or within one (``same``)."""
    return WITHIN_COUNTRY_NAME_DICE if same else MIN_NAME_DICE


def score_constants(*, same: bool) -> ScoreConstants:
    """pair_scores' constants for the compiled kernel.

    pair_scores computes in float32 and its Python float constants act as
    float32 there (numpy's rules for Python scalars); the kernel is given
    them so.
    """
    return ScoreConstants(
        np.float32(NAME_WEIGHT),
        np.float32(DATE_WEIGHT),
        np.float32(PARTIAL_DATE_AGREEMENT),
        np.float32(PARTIAL_DATE_FACTOR),
        np.float32(MISSING_DATE_FACTOR),
        np.float32(name_floor(same=same)),
    )


def popcounts(bits: npt.NDArray[np.uint8]) -> IntArray:
    counts: IntArray = np.bitwise_count(bits).sum(axis=1, dtype=np.int64)
    return counts


class Segments:
    """Set-bit counts of each segment, the arrays the kernel reads, and blocks
    unpacked for the reference's matrix products."""

    def __init__(self, bits: npt.NDArray[np.uint8]) -> None:
        self.bits = bits
        self.names = popcounts(bits[:, :_SPLIT])
        self.dates = popcounts(bits[:, _SPLIT:])
        self.dated = self.dates >= DATE_PRESENT_BITS
        self.full = self.dates >= FULL_DATE_BITS
        # At least 1, so no block needs a guard against dividing by zero: an
        # empty segment then shares no bits and scores 0.
        self.name_sizes = np.maximum(self.names, 1).astype(np.float32)
        self.date_sizes = np.maximum(self.dates, 1).astype(np.float32)
        # Each segment contiguous, 64 bits a word: a record's name segment
        # is then one cache line.
        words = np.ascontiguousarray(bits).view(np.uint64)
        self.records = RecordArrays(
            np.ascontiguousarray(words[:, :_SPLIT_WORDS]),
            np.ascontiguousarray(words[:, _SPLIT_WORDS:]),
            self.names,
            self.name_sizes,
            self.date_sizes,
            self.full,
            self.dated,
        )

    def unpacked(self, start: int, stop: int) -> tuple[FloatArray32, FloatArray32]:
        block = np.unpackbits(self.bits[start:stop], axis=1).astype(np.float32)
        return block[:, :SEGMENT_BITS], block[:, SEGMENT_BITS:]


def pair_scores(
    names: FloatArray32,
    dates: FloatArray32,
    left: Segments,
    right: Segments,
    *,
    left_index: slice | IntArray | tuple[slice, None],
    right_index: slice | IntArray | tuple[None, slice],
    same: bool = False,
) -> FloatArray32:
    """Scores from the common name and date bits of pairs, in float32 and in place.

    ``names`` and ``dates`` hold the common bits; the indexes pick each pair's
    left and right records (a block's broadcast slices, or one index per pair),
    so a block and a list of candidate pairs go through the very same float32
    operations and get the very same scores. With ``same`` both sides are one
    country's records, held to its name floor.
    """
    names *= 2.0
    names /= left.name_sizes[left_index] + right.name_sizes[right_index]
    # Overlap rather than Dice for the date: a year alone agrees fully with the
    # full date of the same year, so a partial date is not held against a match.
    dates /= np.minimum(left.date_sizes[left_index], right.date_sizes[right_index])
    partial = ~(left.full[left_index] & right.full[right_index])
    # A year alone sets few bits, so the hardening's random bits weigh more in
    # its overlap: a year that agrees overlaps about 0.8, one that does not
    # about 0.3. Rescaled, an agreeing year counts fully, and the evidence of
    # the pair as a whole is then discounted. (Masked ufuncs, not fancy
    # indexing: they keep the block in place.)
    np.divide(dates, PARTIAL_DATE_AGREEMENT, out=dates, where=partial)
    np.minimum(dates, 1.0, out=dates)
    dates *= DATE_WEIGHT
    dates += NAME_WEIGHT * names
    np.multiply(dates, PARTIAL_DATE_FACTOR, out=dates, where=partial)
    both_dated = left.dated[left_index] & right.dated[right_index]
    # However well the dates agree, names this different are not one person.
    weak_names = names < name_floor(same=same)
    names *= MISSING_DATE_FACTOR
    np.copyto(dates, names, where=~both_dated)
    np.copyto(dates, np.float32(0.0), where=weak_names)
    return dates


def scores_block(
    left: Segments,
    right: Segments,
    rows: tuple[int, int],
    columns: tuple[int, int],
    *,
    same: bool = False,
) -> FloatArray32:
    """Scores of every pair of a block of left rows and a block of right columns.

    Every pair, with no pruning: the reference the pruned engine is tested against.
    """
    (start, stop), (column, end) = rows, columns
    left_names, left_dates = left.unpacked(start, stop)
    right_names, right_dates = right.unpacked(column, end)
    names = left_names @ right_names.T
    dates = left_dates @ right_dates.T
    return pair_scores(
        names,
        dates,
        left,
        right,
        left_index=(slice(start, stop), None),
        right_index=(None, slice(column, end)),
        same=same,
    )


def lowest_name_dice(threshold: float, *, same: bool = False) -> float:
    """The name Dice below which no pair can score the threshold, whatever its dates.

    With full dates a pair scores at most DATE_WEIGHT + NAME_WEIGHT x name
    Dice, with a partial date that times PARTIAL_DATE_FACTOR, with a date
    missing MISSING_DATE_FACTOR x name Dice; the easiest class sets the bound,
    and the name floor (within one country, its own) applies to every class.
    """
    if threshold <= 0.0:
        # Every pair scores at least 0, whatever its names.
        return 0.0
    needed = min(
        (threshold - DATE_WEIGHT) / NAME_WEIGHT,
        (threshold / PARTIAL_DATE_FACTOR - DATE_WEIGHT) / NAME_WEIGHT,
        threshold / MISSING_DATE_FACTOR,
    )
    return max(name_floor(same=same), needed)


def least_common_names(threshold: float, *, same: bool = False) -> IntArray:
    """The fewest common name bits a pair needs to reach the threshold, by the
    sum of both sides' set name bits (the index).

    Name Dice d needs at least d/2 x (a + b) common bits for segments of a
    and b set bits; the bound is lowest_name_dice.
    """
    half = lowest_name_dice(threshold, same=same) / 2.0
    sizes = np.arange(2 * SEGMENT_BITS + 1, dtype=np.float64)
    least: IntArray = np.ceil(half * sizes - _SLACK).astype(np.int64)
    return least


def lowest_passing_score(threshold: float) -> np.float32:
    """The least float32 score that ``scores >= threshold`` keeps, as numpy compares it.

    A Python float threshold acts as float32 against float32 scores, a numpy
    float64 one does not: the kernel compares float32 with this bound and
    keeps the very same pairs either way.
    """
    nearest = np.float32(threshold)
    around = np.array(
        [
            np.nextafter(nearest, np.float32(-np.inf)),
            nearest,
            np.nextafter(nearest, np.float32(np.inf)),
        ],
        dtype=np.float32,
    )
    return np.float32(around[around >= threshold].min())


def block_candidates(
    left: Segments,
    right: Segments,
    rows: tuple[int, int],
    threshold: float,
    *,
    same: bool,
) -> tuple[IntArray, IntArray, FloatArray]:
    """The pairs of one block of left rows against every right column that
    score at least the threshold: the unit of work every engine shares, so
    that all engines give the same pairs and scores.

    The kernel counts the common name bits of every pair, a 64-bit word at
    a time, and scores the pairs whose names may reach the threshold as
    scores_block scores them.
    """
    # Here, not at the top: numba's import is for those who compare.
    from thbhub.linkage.popcount_kernel import scored_tile  # noqa: PLC0415

    start, stop = rows
    least = least_common_names(threshold, same=same)
    constants = score_constants(same=same)
    lowest_score = lowest_passing_score(threshold)
    found_i: list[IntArray] = []
    found_j: list[IntArray] = []
    found_score: list[FloatArray] = []
    # Within one set, columns before the block's first row hold only pairs already seen.
    first_column = start if same else 0
    for column in range(first_column, len(right.bits), COLUMNS_PER_BLOCK):
        end = min(column + COLUMNS_PER_BLOCK, len(right.bits))
        # Within one register a record without a full date cannot be told
        # from a namesake: with same, the kernel keeps full dates only.
        i, j, scores = scored_tile(
            left.records,
            right.records,
            (start, stop),
            (column, end),
            same=same,
            least_common_names=least,
            lowest_score=lowest_score,
            constants=constants,
        )
        found_i.append(i)
        found_j.append(j)
        found_score.append(scores.astype(np.float64))
    return concatenate_pairs(found_i, found_j, found_score)


def concatenate_pairs(
    found_i: list[IntArray], found_j: list[IntArray], found_score: list[FloatArray]
) -> tuple[IntArray, IntArray, FloatArray]:
    if not found_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=np.float64)
    return np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_score)


def row_blocks(size: int) -> list[tuple[int, int]]:
    return [(start, min(start + ROWS_PER_BLOCK, size)) for start in range(0, size, ROWS_PER_BLOCK)]


def candidate_pairs(
    left: npt.NDArray[np.uint8],
    right: npt.NDArray[np.uint8],
    threshold: float,
    *,
    same: bool = False,
    progress: Progress | None = None,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Index pairs (i in left, j in right) scoring at least the threshold, and their scores.

    With same=True, left and right are one set and only pairs i < j are kept.
    This is the embedded engine: every block in this process, one after another.
    """
    left_segments, right_segments = Segments(left), Segments(right)
    found_i: list[IntArray] = []
    found_j: list[IntArray] = []
    found_score: list[FloatArray] = []
    for rows in row_blocks(len(left)):
        i, j, scores = block_candidates(left_segments, right_segments, rows, threshold, same=same)
        found_i.append(i)
        found_j.append(j)
        found_score.append(scores)
        if progress is not None:
            progress(rows[1], len(left))
    return concatenate_pairs(found_i, found_j, found_score)


class CandidateEngine(Protocol):
    """What an engine does: ``candidate_pairs``' signature and results."""

    def __call__(
        self,
        left: npt.NDArray[np.uint8],
        right: npt.NDArray[np.uint8],
        threshold: float,
        *,
        same: bool = False,
        progress: Progress | None = None,
    ) -> tuple[IntArray, IntArray, FloatArray]: ...


def one_to_one(i: IntArray, j: IntArray, scores: FloatArray) -> list[tuple[int, int, float]]:
    """Greedy by score: the best pair first, each record on either side used once."""
    order = np.lexsort((j, i, -scores))
    used_i: set[int] = set()
    used_j: set[int] = set()
    chosen: list[tuple[int, int, float]] = []
    for k in order:
        a, b = int(i[k]), int(j[k])
        if a not in used_i and b not in used_j:
            used_i.add(a)
            used_j.add(b)
            chosen.append((a, b, float(scores[k])))
    return chosen


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # The smaller index stays root, so cluster numbering is stable.
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def check_comparable(sets: Sequence[EncodingSet]) -> str:
    """The key id the sets share; refused when keys or encoding schemes differ."""
    key_ids = {encodings.key_id for encodings in sets}
    if len(key_ids) > 1:
        listing = ", ".join(f"{encodings.path} (key {encodings.key_id})" for encodings in sets)
        msg = (
            f"the encodings were made with different keys and cannot be compared: {listing}; "
            "every country must encode with the same shared key file and send the files again"
        )
        raise LinkageError(msg)
    schemes = {encodings.scheme for encodings in sets}
    if len(schemes) > 1:
        listing = ", ".join(f"{encodings.path} (scheme {encodings.scheme})" for encodings in sets)
        msg = (
            f"the encodings were made by versions of THB Hub that encode differently and "
            f"cannot be compared: {listing}; every country must encode its register again "
            "with the same version (scheme "
            f"{newest_scheme(schemes)} is the newest here) and send the file again"
        )
        raise LinkageError(msg)
    return key_ids.pop()


def link(
    sets: Sequence[EncodingSet],
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
    engine: CandidateEngine = candidate_pairs,
) -> LinkResult:
    """Link all encodings across and within countries.

    The engine finds the candidate pairs; matching them one to one and into
    clusters happens here, the same for every engine.
    """
    if not sets:
        msg = "give at least one encodings file"
        raise LinkageError(msg)
    if not 0.0 < threshold <= 1.0:
        msg = f"--threshold {threshold}: give a Dice similarity above 0 and at most 1, e.g. 0.75"
        raise LinkageError(msg)
    check_comparable(sets)
    countries = [country for encodings in sets for country in encodings.countries]
    record_ids = [record_id for encodings in sets for record_id in encodings.record_ids]
    bits = np.concatenate([encodings.bits for encodings in sets])
    origin: dict[tuple[str, str], str] = {}
    for encodings in sets:
        for key in zip(encodings.countries, encodings.record_ids, strict=True):
            if key in origin:
                msg = (
                    f"{encodings.path}: record {key[1]} of {key[0]} is also in {origin[key]}; "
                    "give each country's records once"
                )
                raise LinkageError(msg)
            origin[key] = str(encodings.path)
    by_country: dict[str, list[int]] = defaultdict(list)
    for index, country in enumerate(countries):
        by_country[country].append(index)
    names = sorted(by_country)
    indices = {country: np.array(by_country[country], dtype=np.int64) for country in names}
    total_work = sum(len(indices[c]) * (len(names) - n) for n, c in enumerate(names))
    done = 0

    def report(step: int, _size: int) -> None:
        if progress is not None:
            progress(done + step, total_work)

    accepted: list[tuple[int, int, float]] = []
    near_misses: list[tuple[int, int, float]] = []
    # Pairs a little below the threshold are found too, only to state how far
    # the de-duplicated count could move (LinkResult.deduplicated_low).
    floor = max(threshold - UNCERTAIN_MARGIN, 0.01)
    for position, country_a in enumerate(names):
        rows = indices[country_a]
        for country_b in names[position:]:
            columns = indices[country_b]
            same = country_a == country_b
            i, j, scores = engine(bits[rows], bits[columns], floor, same=same, progress=report)
            done += len(rows)
            below = scores < threshold
            near = one_to_one(i[below], j[below], scores[below])
            near_misses.extend((int(rows[a]), int(columns[b]), score) for a, b, score in near)
            i, j, scores = i[~below], j[~below], scores[~below]
            pairs = one_to_one(i, j, scores)
            if same:
                # A country's own duplicates may be more than two records of one person.
                chosen = {(a, b) for a, b, _s in pairs}
                pairs.extend(
                    (int(a), int(b), float(s))
                    for a, b, s in zip(i, j, scores, strict=True)
                    if s >= NEAR_IDENTICAL and (int(a), int(b)) not in chosen
                )
            accepted.extend((int(rows[a]), int(columns[b]), score) for a, b, score in pairs)
    result = _resolve(accepted, countries, record_ids, names)
    doubtful = [pair for pair in accepted if pair[2] < threshold + UNCERTAIN_MARGIN]
    sure = [pair for pair in accepted if pair[2] >= threshold + UNCERTAIN_MARGIN]
    return replace(
        result,
        deduplicated_low=_distinct(len(countries), [*accepted, *near_misses]),
        deduplicated_high=_distinct(len(countries), sure),
        uncertain_margin=UNCERTAIN_MARGIN,
        doubtful_pairs=len(doubtful),
        near_miss_pairs=len(near_misses),
    )


def _distinct(size: int, pairs: Sequence[tuple[int, int, float]]) -> int:
    """How many people remain when every pair given is one person."""
    clusters = _UnionFind(size)
    for a, b, _score in pairs:
        clusters.union(a, b)
    return len({clusters.find(index) for index in range(size)})


def _resolve(
    accepted: list[tuple[int, int, float]],
    countries: list[str],
    record_ids: list[str],
    names: list[str],
) -> LinkResult:
    clusters = _UnionFind(len(countries))
    for a, b, _score in accepted:
        clusters.union(a, b)
    numbers: dict[int, str] = {}
    for root in sorted({clusters.find(a) for a, _b, _s in accepted}):
        numbers[root] = f"C{len(numbers) + 1:06d}"
    overlap: dict[tuple[str, str], int] = defaultdict(int)
    matches: list[Match] = []
    for a, b, score in accepted:
        overlap[(countries[a], countries[b])] += 1
        matches.append(
            Match(
                numbers[clusters.find(a)],
                countries[a],
                record_ids[a],
                countries[b],
                record_ids[b],
                round(score, 4),
            )
        )
    matches.sort(key=lambda m: (m.cluster_id, -m.score, m.country_a, m.record_id_a))
    distinct = len({clusters.find(index) for index in range(len(countries))})
    records = {country: countries.count(country) for country in names}
    return LinkResult(matches, records, dict(overlap), len(countries), distinct)
