"""The linkage run as a background job: read the uploads, link, keep the pairs."""

from __future__ import annotations

import time
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thbhub.audit.services import audit_record
from thbhub.jobs.services import JobError
from thbhub.linkage import LinkageError
from thbhub.linkage.files import EncodingSet, read_encodings
from thbhub.linkage.linking import LinkResult, link
from thbhub.linkage_runs.models import Engine, LinkageRun, LinkedPair, RunStatus
from thbhub.linkage_runs.services import upload_path

if TYPE_CHECKING:
    from thbhub.jobs.models import Job
    from thbhub.jobs.progress import Progress

BATCH = 2000


def run_linkage(job: Job, progress: Progress) -> dict[str, Any]:
    run = LinkageRun.objects.get(pk=job.params["run"])
    LinkageRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    started = time.perf_counter()
    try:
        progress.update(0, None, _("Reading the uploaded encodings"))
        sets = _read(run)
        result = _link(run, sets, progress)
        progress.update(job.total or 1, None, _("Keeping the matched pairs"))
        _store(run, sets, result, time.perf_counter() - started)
    except Exception:
        LinkageRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now()
        )
        raise
    return {
        "records": result.total,
        "pairs": len(result.matches),
        "deduplicated": result.deduplicated,
    }


def _read(run: LinkageRun) -> list[EncodingSet]:
    sets = []
    for upload in run.uploads.order_by("country_id"):
        try:
            sets.append(read_encodings(upload_path(upload)))
        except LinkageError as error:
            # Checked at upload: only a file changed or lost on the server since fails here.
            raise JobError(
                _("The upload of %(country)s can no longer be read (%(problem)s); upload it again.")
                % {"country": upload.country_id, "problem": upload.filename},
                errors=[{"sheet": upload.filename, "message": str(error).split(": ", 1)[-1]}],
            ) from None
    return sets


def _link(run: LinkageRun, sets: list[EncodingSet], progress: Progress) -> LinkResult:
    message = _("Comparing encodings")

    def report(done: int, total: int) -> None:
        progress.update(done, total, message if done == 0 else None)

    try:
        if run.engine == Engine.SPARK:
            # pyspark is optional: imported only when this engine is chosen.
            from thbhub.linkage.spark_engine import SparkEngine  # noqa: PLC0415

            engine = SparkEngine()
            try:
                return link(sets, float(run.threshold), progress=report, engine=engine)
            finally:
                engine.stop()
        return link(sets, float(run.threshold), progress=report)
    except LinkageError as error:
        raise JobError(str(error)) from None


def _store(run: LinkageRun, sets: list[EncodingSet], result: LinkResult, seconds: float) -> None:
    years = {
        (country, record_id): year
        for encodings in sets
        for country, record_id, year in zip(
            encodings.countries, encodings.record_ids, encodings.years, strict=True
        )
    }
    overlap: dict[str, dict[str, int]] = {}
    for (a, b), count in sorted(result.overlap.items()):
        first, second = sorted((a, b))
        row = overlap.setdefault(first, {})
        row[second] = row.get(second, 0) + count
    with transaction.atomic():
        pairs = (
            LinkedPair(
                run=run,
                number=number,
                cluster_id=match.cluster_id,
                country_a_id=match.country_a,
                record_id_a=match.record_id_a,
                year_a=years.get((match.country_a, match.record_id_a), ""),
                country_b_id=match.country_b,
                record_id_b=match.record_id_b,
                year_b=years.get((match.country_b, match.record_id_b), ""),
                score=round(match.score, 4),
            )
            for number, match in enumerate(result.matches, start=1)
        )
        LinkedPair.objects.bulk_create(pairs, batch_size=BATCH)
        run.records = dict(sorted(result.records.items()))
        run.total = result.total
        run.deduplicated = result.deduplicated
        run.deduplicated_low = result.deduplicated_low
        run.deduplicated_high = result.deduplicated_high
        run.doubtful_pairs = result.doubtful_pairs
        run.near_miss_pairs = result.near_miss_pairs
        run.uncertain_margin = Decimal(str(round(result.uncertain_margin, 3)))
        run.overlap = overlap
        run.seconds = round(seconds, 2)
        run.status = RunStatus.SUCCEEDED
        run.finished_at = timezone.now()
        run.save()
        audit_record(
            actor=run.started_by,
            action="linkage.run.finish",
            obj=run,
            detail={
                "records": result.total,
                "pairs": len(result.matches),
                "deduplicated": result.deduplicated,
                "years": dict(Counter(years.values())),
            },
        )
