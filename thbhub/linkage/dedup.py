"""Counting one person once inside a country: deduplication of cleartext registers.

The police, social services and NGOs of one country each keep a victim
register (DESIGN 6.2). The same person is often in several of them, and
sometimes twice in one. This module reads the registers with the same
reader and normalisation as `thbhub linkage encode`, scores pairs of
records with a Splink model on an in-memory DuckDB database (no server, no
files besides the input and the output, nothing fetched from the network),
groups the records of one person into a cluster, and counts the persons.

The count is given with a range: the number of persons when only the most
certain pairs are merged (upper bound) and when doubtful pairs are merged
too (lower bound).
"""

from __future__ import annotations

import csv
import io
import logging
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thbhub.linkage import LinkageError
from thbhub.linkage.dedup_model import (
    DETERMINISTIC_RECALL,
    DETERMINISTIC_RULES,
    REFERENCE_PAIRS,
    REFERENCE_U,
    settings,
)
from thbhub.linkage.encoding import Identity
from thbhub.linkage.files import csv_rows, read_register, write_atomically
from thbhub.linkage.normalise import linkage_names

if TYPE_CHECKING:
    from splink.internals.blocking_rule_creator import BlockingRuleCreator

DEFAULT_THRESHOLD = 0.9
# The range of the count: persons when pairs down to LOW are merged, and
# when only pairs from HIGH up are merged.
LOW_THRESHOLD = 0.5
HIGH_THRESHOLD = 0.99
# Random pairs sampled to estimate how often different people agree.
U_SAMPLE_PAIRS = 3e5
CLUSTER_COLUMNS = ("record_id", "source", "cluster_id", "match_probability")


@dataclass(frozen=True)
class SourceRecord:
    """One register row with its normalised name split into given and family parts."""

    source: str
    record_id: str
    given: tuple[str, ...]
    family: tuple[str, ...]
    identity: Identity


@dataclass(frozen=True)
class ClusteredRecord:
    source: str
    record_id: str
    cluster_id: str
    # The highest probability of a pair linking this record into its cluster;
    # None for a record that is a cluster of its own.
    match_probability: float | None


@dataclass(frozen=True)
class DedupResult:
    records: list[ClusteredRecord]
    threshold: float
    low_threshold: float
    high_threshold: float
    persons: int
    persons_low: int
    persons_high: int
    records_per_source: dict[str, int]
    pairs_scored: int


def source_labels(paths: Sequence[Path], labels: Sequence[str] | None) -> list[str]:
    """One label per register: the given ones, or the file names without extension."""
    if labels:
        if len(labels) != len(paths):
            msg = (
                f"--source-label given {len(labels)} time(s) for {len(paths)} register(s); "
                "give one label per register, in the same order, or none"
            )
            raise LinkageError(msg)
        chosen = [label.strip() for label in labels]
    else:
        chosen = [path.stem for path in paths]
    seen: dict[str, int] = {}
    for position, label in enumerate(chosen):
        if not label:
            msg = f"--source-label number {position + 1} is empty; name the source, e.g. police"
            raise LinkageError(msg)
        if label in seen:
            msg = (
                f"registers {seen[label] + 1} and {position + 1} have the same source label "
                f"{label!r}; give each register its own --source-label (e.g. police, "
                "social-services, ngo) or rename the files"
            )
            raise LinkageError(msg)
        seen[label] = position
    return chosen


def read_sources(paths: Sequence[Path], labels: Sequence[str]) -> list[SourceRecord]:
    """The rows of all registers, each checked by the register reader of `encode`."""
    records: list[SourceRecord] = []
    problems: list[str] = []
    for path, label in zip(paths, labels, strict=True):
        try:
            rows = read_register(path)
        except LinkageError as error:
            problems.append(str(error))
            continue
        # The register reader keeps the name parts in one tuple (order does not
        # matter to the encodings); the model compares given and family names
        # apart, so the two columns are read again from the checked file.
        raw = [row for _, row in list(csv_rows(path, "register"))[1:]]
        for row, cells in zip(rows, raw, strict=True):
            given = linkage_names(cells["given_name"])
            family = linkage_names(cells["family_name"])
            records.append(SourceRecord(label, row.record_id, given, family, row.identity))
    if problems:
        raise LinkageError("\n".join(problems))
    return records


def _splink_row(unique_id: int, record: SourceRecord) -> dict[str, Any]:
    date = record.identity.date_of_birth
    given = " ".join(record.given) or None
    family = " ".join(record.family) or None
    return {
        "unique_id": unique_id,
        "given": given,
        "family": family,
        "given_first": record.given[0] if record.given else None,
        "family_first": record.family[0] if record.family else None,
        "family_parts": list(record.family) or None,
        "name_sorted": " ".join(sorted(record.identity.name_parts)),
        "dob_year": date.year if date else None,
        "dob_month": date.month if date else None,
        "dob_day": date.day if date else None,
        "sex": record.identity.sex or None,
    }


def check_threshold(threshold: float) -> None:
    if not 0.0 < threshold < 1.0:
        msg = f"--threshold {threshold}: give a match probability between 0 and 1, e.g. 0.9"
        raise LinkageError(msg)


def country_u(model: dict[str, Any], records: int) -> dict[str, Any]:
    """The model with u probabilities fitted to the country's registers.

    Splink samples random pairs as if none of them were matches. In one
    country's registers a large share of records are duplicates, so the
    sample holds matches and overstates how often two different people share
    a name and a date; the correction is (observed - lambda * m) / (1 - lambda).
    The corrected estimate is then averaged with the reference u of
    `dedup_model`, weighted by the number of pairs sampled: a small register
    leans on the reference, a large one on itself, and a level the sample
    never saw is not taken as proof.
    """
    all_pairs = records * (records - 1) // 2
    # With a handful of records the deterministic rules may find no match at
    # all, which is no proof that there is none: at least one is expected.
    prior = max(float(model["probability_two_random_records_match"]), min(0.01, 1 / all_pairs))
    model["probability_two_random_records_match"] = prior
    sampled_pairs = _sampled_pairs(records)
    weight = sampled_pairs / (sampled_pairs + REFERENCE_PAIRS)
    for comparison in model["comparisons"]:
        levels = [
            level for level in comparison["comparison_levels"] if not level.get("is_null_level")
        ]
        reference = REFERENCE_U[comparison["output_column_name"]]
        for level, fallback in zip(levels, reference, strict=True):
            observed = level.get("u_probability")
            observed = observed if isinstance(observed, float | int) else 0.0
            corrected = max((observed - prior * level["m_probability"]) / (1 - prior), 0.0)
            level["u_probability"] = weight * corrected + (1 - weight) * fallback
    return model


def _sampled_pairs(records: int) -> int:
    """How many pairs Splink's random sampling compares for this many records."""
    rows = min(records, math.ceil((1 + math.sqrt(1 + 8 * U_SAMPLE_PAIRS)) / 2))
    return rows * (rows - 1) // 2


def score_pairs(records: Sequence[SourceRecord], minimum: float) -> list[tuple[int, int, float]]:
    """(index, index, match probability) of the candidate pairs scoring at least `minimum`."""
    # Imported here: Splink and DuckDB are needed by this command only.
    from splink import DuckDBAPI, Linker  # noqa: PLC0415

    # Splink's messages are about its SQL and its training, which this module
    # handles (e.g. no exact match found in a tiny register); only errors
    # are worth a statistician's attention.
    logging.getLogger("splink").setLevel(logging.ERROR)
    db_api = DuckDBAPI(":memory:")
    table = db_api.register(
        [_splink_row(n, record) for n, record in enumerate(records)],
        dataset_display_name="registers",
    )
    linker = Linker(table, settings(), log_level=None)
    if len(records) > 1:
        rules: list[str | BlockingRuleCreator] = [*DETERMINISTIC_RULES]
        linker.training.estimate_probability_two_random_records_match(
            rules, recall=DETERMINISTIC_RECALL
        )
        linker.training.estimate_u_using_random_sampling(
            max_pairs=U_SAMPLE_PAIRS, seed=1, min_count_per_level=None, num_chunks=1
        )
        model = country_u(linker.misc.save_model_to_json(), len(records))
        linker = Linker(table, model, log_level=None)
    predictions = linker.inference.predict(
        threshold_match_probability=minimum, warning_mode="never"
    )
    pairs = [
        (int(row["unique_id_l"]), int(row["unique_id_r"]), float(row["match_probability"]))
        for row in predictions.as_record_list()
    ]
    return sorted(pairs)


def clusters(size: int, pairs: Sequence[tuple[int, int, float]], threshold: float) -> list[int]:
    """The cluster of each record: connected components of the pairs at or above the threshold.

    A cluster is numbered by its first record, so the numbering is stable
    for the same input.
    """
    parent = list(range(size))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right, probability in pairs:
        if probability >= threshold:
            a, b = root(left), root(right)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return [root(node) for node in range(size)]


def deduplicate(
    records: Sequence[SourceRecord], threshold: float = DEFAULT_THRESHOLD
) -> DedupResult:
    """Score, cluster and count the records of one country's registers."""
    check_threshold(threshold)
    low, high = min(LOW_THRESHOLD, threshold), max(HIGH_THRESHOLD, threshold)
    pairs = score_pairs(records, low)
    size = len(records)
    chosen = clusters(size, pairs, threshold)
    best: dict[int, float] = defaultdict(float)
    for left, right, probability in pairs:
        if probability >= threshold:
            best[left] = max(best[left], probability)
            best[right] = max(best[right], probability)
    numbers: dict[int, str] = {}
    for root in chosen:
        numbers.setdefault(root, f"P{len(numbers) + 1:06d}")
    clustered = [
        ClusteredRecord(
            record.source,
            record.record_id,
            numbers[chosen[n]],
            best.get(n),
        )
        for n, record in enumerate(records)
    ]
    per_source: dict[str, int] = {}
    for record in records:
        per_source[record.source] = per_source.get(record.source, 0) + 1
    return DedupResult(
        records=clustered,
        threshold=threshold,
        low_threshold=low,
        high_threshold=high,
        persons=len(numbers),
        persons_low=len(set(clusters(size, pairs, low))),
        persons_high=len(set(clusters(size, pairs, high))),
        records_per_source=per_source,
        pairs_scored=len(pairs),
    )


def check_output(path: Path) -> None:
    """Refuse an output path that cannot be written before any work is done."""
    folder = path.resolve().parent
    if not folder.is_dir():
        msg = f"--out {path}: the folder {folder} does not exist; create it or choose another"
        raise LinkageError(msg)
    if path.is_dir():
        msg = f"--out {path}: is a folder; give a file name, e.g. {path / 'clusters.csv'}"
        raise LinkageError(msg)


def write_clusters(path: Path, result: DedupResult) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CLUSTER_COLUMNS)
    for record in result.records:
        probability = "" if record.match_probability is None else f"{record.match_probability:.4f}"
        writer.writerow((record.record_id, record.source, record.cluster_id, probability))
    write_atomically(path, buffer.getvalue())


def summary(result: DedupResult) -> str:
    """What a statistician reads after the run: records, persons and the range."""
    total = sum(result.records_per_source.values())
    sources = ", ".join(f"{name} {count}" for name, count in result.records_per_source.items())
    merged = total - result.persons
    return (
        f"Records: {total} ({sources}).\n"
        f"Distinct persons at match probability {result.threshold:g}: {result.persons} "
        f"({merged} record(s) merged as duplicates).\n"
        f"Range: between {result.persons_low} (merging pairs from {result.low_threshold:g}) "
        f"and {result.persons_high} (merging only pairs from {result.high_threshold:g}).\n"
    )
