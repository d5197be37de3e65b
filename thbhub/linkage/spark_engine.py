"""Apache Spark as the engine that finds candidate pairs, for EU-scale volumes.

The work is split as the embedded engine splits it, into blocks of left
rows against every right column, and each Spark task scores its blocks with
the same ``block_candidates``: the same pairs and the same scores come back
whatever the engine, and matching them one to one and into clusters stays
in ``linking.link``. Both sets travel to the executors once, as broadcast
variables of packed bits (128 bytes a record); only pairs at or above the
threshold come back to the driver.

``local[*]`` runs Spark inside this machine (Java 17 or newer needed); a
master URL such as ``spark://host:7077`` runs the tasks on a cluster whose
executors have THB Hub installed.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from thbhub.linkage import LinkageError
from thbhub.linkage.linking import (
    FloatArray,
    IntArray,
    Progress,
    Segments,
    block_candidates,
    concatenate_pairs,
    row_blocks,
)

if TYPE_CHECKING:
    from pyspark import Broadcast
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"
INSTALL_HINT = (
    "the Spark engine needs pyspark and Java 17 or newer: pip install 'thbhub[spark]' and "
    "install a Java runtime, or link with the embedded engine (the default)"
)


def _score_blocks(
    blocks: Iterable[tuple[int, int]],
    left: Broadcast[bytes],
    right: Broadcast[bytes],
    threshold: float,
    same: bool,
) -> Iterator[tuple[int, bytes, bytes, bytes]]:
    """One Spark partition's blocks; arrays travel back as bytes, not as Python rows."""
    left_bits = np.frombuffer(left.value, dtype=np.uint8).reshape(-1, 128)
    right_bits = np.frombuffer(right.value, dtype=np.uint8).reshape(-1, 128)
    left_segments, right_segments = Segments(left_bits), Segments(right_bits)
    for rows in blocks:
        i, j, scores = block_candidates(left_segments, right_segments, rows, threshold, same=same)
        yield rows[1], i.tobytes(), j.tobytes(), scores.tobytes()


class SparkEngine:
    """A ``linking.CandidateEngine`` backed by a Spark session."""

    def __init__(self, master: str = DEFAULT_MASTER) -> None:
        self.master = master
        self._session: SparkSession | None = None

    def session(self) -> SparkSession:
        if self._session is None:
            try:
                from pyspark.sql import SparkSession  # noqa: PLC0415 — optional dependency
            except ImportError:
                raise LinkageError(INSTALL_HINT) from None
            # py4j logs every connection it closes, at interpreter exit too,
            # when the streams may be gone; its warnings are enough.
            logging.getLogger("py4j").setLevel(logging.WARNING)
            # Executors must run the interpreter that has THB Hub and numpy.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
            if self.master.startswith("local"):
                # Without these the JVM looks its own host name up, which on a
                # machine without DNS waits a minute for a time-out.
                os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
                os.environ.setdefault("SPARK_LOCAL_HOSTNAME", "localhost")
            try:
                self._session = (
                    SparkSession.builder.master(self.master)
                    .appName("thbhub-linkage")
                    # No web UI and no listening on other interfaces: the hub
                    # holds encodings, and nothing else needs to reach them.
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "8")
                    .getOrCreate()
                )
            except Exception as error:  # noqa: BLE001 — pyspark raises plain runtime errors
                msg = f"Spark did not start at {self.master} ({error}); {INSTALL_HINT}"
                raise LinkageError(msg) from None
            self._session.sparkContext.setLogLevel("ERROR")
        return self._session

    def stop(self) -> None:
        if self._session is not None:
            self._session.stop()
            self._session = None

    def __call__(
        self,
        left: npt.NDArray[np.uint8],
        right: npt.NDArray[np.uint8],
        threshold: float,
        *,
        same: bool = False,
        progress: Progress | None = None,
    ) -> tuple[IntArray, IntArray, FloatArray]:
        context = self.session().sparkContext
        blocks = row_blocks(len(left))
        if not blocks:
            return concatenate_pairs([], [], [])
        left_shared = context.broadcast(np.ascontiguousarray(left).tobytes())
        right_shared = context.broadcast(np.ascontiguousarray(right).tobytes())
        partitions = min(len(blocks), max(context.defaultParallelism, 1) * 4)
        found_i: list[IntArray] = []
        found_j: list[IntArray] = []
        found_score: list[FloatArray] = []
        done = 0

        def task(items: Iterable[tuple[int, int]]) -> Iterable[Any]:
            return _score_blocks(items, left_shared, right_shared, threshold, same)

        try:
            results = context.parallelize(blocks, partitions).mapPartitions(task)
            # toLocalIterator hands partitions over as they finish, so progress moves.
            for _stop, i, j, scores in results.toLocalIterator():
                found_i.append(np.frombuffer(i, dtype=np.int64))
                found_j.append(np.frombuffer(j, dtype=np.int64))
                found_score.append(np.frombuffer(scores, dtype=np.float64))
                done += 1
                if progress is not None:
                    progress(min(done * blocks[0][1], len(left)), len(left))
        finally:
            left_shared.unpersist()
            right_shared.unpersist()
        i_all, j_all, scores_all = concatenate_pairs(found_i, found_j, found_score)
        # Tasks finish in any order; the embedded engine's order makes the
        # tie-breaking of equal scores identical.
        order = np.lexsort((j_all, i_all))
        return i_all[order], j_all[order], scores_all[order]
