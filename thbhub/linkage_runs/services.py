"""Every write of linkage at the hub: uploads, runs, reviews, recording.

Each function takes the acting user, checks the permission and reach
through the access policies, and writes its audit row in the same
transaction as the change. A refused file or request changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import uuid
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thbhub.access.permissions import Perm
from thbhub.access.policies import country_in_reach, require
from thbhub.audit.services import audit_record
from thbhub.core.concurrency import update_versioned
from thbhub.jobs.services import job_enqueue
from thbhub.linkage import LinkageError
from thbhub.linkage.encoding import newest_scheme
from thbhub.linkage.files import read_encodings
from thbhub.linkage.linking import DEFAULT_THRESHOLD
from thbhub.linkage_runs.models import (
    Decision,
    EncodingUpload,
    Engine,
    LinkageRun,
    LinkedPair,
    PairReview,
    RunStatus,
)
from thbhub.linkage_runs.results import after_review, matches_csv
from thbhub.linkage_runs.selectors import UPLOAD_POLICY, run_pair_facts
from thbhub.reference.models import Country
from thbhub.statistics.linkage_results import cross_member_duplicates, linkage_result_record
from thbhub.statistics.models import LinkageResult

if TYPE_CHECKING:
    from thbhub.accounts.models import User

UPLOAD_FOLDER = "linkage-encodings"
JOB_KIND = "linkage_runs.run"
# About 200 bytes a record: room for a million records.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
MAX_COMMENT = 2000


def spark_available() -> bool:
    return importlib.util.find_spec("pyspark") is not None


def engines_available() -> list[Engine]:
    return [Engine.EMBEDDED, *([Engine.SPARK] if spark_available() else [])]


def _upload_error(message: str, temporary: Path, filename: str) -> ValidationError:
    """The reader names the file by its path on the server; the user knows it by its name."""
    return ValidationError(
        {
            "file": _("%(file)s was refused and nothing was stored: %(problem)s")
            % {"file": filename, "problem": message.replace(str(temporary), filename)}
        }
    )


def encodings_upload(
    *, actor: User, data: bytes, filename: str, country_id: str | None = None
) -> EncodingUpload:
    """Check an ENCODINGS.csv with the encoder's own reader and keep it.

    The country comes from the file; ``country_id``, when given (the web
    form), must agree with it. Nothing is stored unless the whole file is good.
    """
    require(actor, Perm.LINKAGE_UPLOAD)
    filename = Path(filename or "ENCODINGS.csv").name[:200]
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": _("%(file)s is larger than %(size)d MB; split the register by year.")
                % {"file": filename, "size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            }
        )
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{uuid.uuid4()}.csv"
    temporary = folder / f".{stored.name}.tmp"
    temporary.write_bytes(data)
    try:
        try:
            encodings = read_encodings(temporary)
        except LinkageError as error:
            raise _upload_error(str(error), temporary, filename) from None
        countries = Counter(encodings.countries)
        if len(countries) > 1:
            listing = ", ".join(f"{code} ({count})" for code, count in sorted(countries.items()))
            raise ValidationError(
                {
                    "file": _(
                        "%(file)s, column country: the rows name several countries "
                        "(%(countries)s). Upload one file per country, each encoded "
                        "with --country set to that country."
                    )
                    % {"file": filename, "countries": listing}
                }
            )
        country = encodings.countries[0]
        if not Country.objects.filter(code=country).exists():
            raise ValidationError(
                {
                    "file": _(
                        "%(file)s, line 2, column country: %(country)s is not a country "
                        "THB Hub knows. Encode again with --country set to the ISO code "
                        "of your country (XK for Kosovo*)."
                    )
                    % {"file": filename, "country": country}
                }
            )
        if country_id and country_id != country:
            raise ValidationError(
                {
                    "file": _(
                        "%(file)s, line 2, column country: the file is %(found)s's, not "
                        "%(chosen)s's. Choose %(found)s or upload %(chosen)s's file."
                    )
                    % {"file": filename, "found": country, "chosen": country_id}
                }
            )
        if not country_in_reach(actor, Perm.LINKAGE_UPLOAD, country):
            raise ValidationError(
                {
                    "file": _(
                        "%(file)s, line 2, column country: the file is %(found)s's; you "
                        "can upload your own country's encodings only (%(own)s)."
                    )
                    % {"file": filename, "found": country, "own": actor.country_id or "—"}
                }
            )
        years = Counter(encodings.years)
        with transaction.atomic():
            upload = EncodingUpload.objects.create(
                country_id=country,
                key_id=encodings.key_id,
                scheme=encodings.scheme,
                records=len(encodings.record_ids),
                years=dict(sorted(years.items())),
                filename=filename,
                stored_as=f"{UPLOAD_FOLDER}/{stored.name}",
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=actor,
            )
            audit_record(
                actor=actor,
                action="linkage.upload.create",
                obj=upload,
                detail={
                    "records": upload.records,
                    "key_id": upload.key_id,
                    "scheme": upload.scheme,
                    "file": filename,
                },
            )
            # Renamed inside the transaction: if the row cannot be written,
            # the file is removed below and nothing is left behind.
            temporary.replace(stored)
    except BaseException:
        temporary.unlink(missing_ok=True)
        stored.unlink(missing_ok=True)
        raise
    return upload


def upload_path(upload: EncodingUpload) -> Path:
    return Path(settings.MEDIA_ROOT) / upload.stored_as


def _threshold(value: Decimal | float | str | None) -> Decimal:
    try:
        chosen = Decimal(str(DEFAULT_THRESHOLD if value in (None, "") else value))
    except InvalidOperation:
        chosen = Decimal(-1)
    if not Decimal("0.5") <= chosen <= Decimal(1):
        raise ValidationError(
            {"threshold": _("Give the threshold as a number from 0.5 to 1, e.g. 0.75.")}
        )
    return chosen.quantize(Decimal("0.001"))


def linkage_run_start(
    *,
    actor: User,
    countries: list[str],
    threshold: Decimal | float | str | None = None,
    engine: str = Engine.EMBEDDED,
) -> LinkageRun:
    """Queue a run over the latest upload of each country chosen."""
    require(actor, Perm.LINKAGE_RUN)
    chosen = sorted({code.strip().upper() for code in countries if code.strip()})
    if not chosen:
        raise ValidationError({"countries": _("Choose at least one country.")})
    limit = _threshold(threshold)
    if engine not in {str(choice) for choice in engines_available()}:
        raise ValidationError(
            {
                "engine": _(
                    "The engine %(engine)s is not available on this server; choose "
                    "embedded (Apache Spark needs pyspark and Java installed)."
                )
                % {"engine": engine}
            }
        )
    uploads: list[EncodingUpload] = []
    missing: list[str] = []
    for code in chosen:
        upload = (
            UPLOAD_POLICY.queryset_for(actor, Perm.LINKAGE_UPLOAD)
            .filter(country=code)
            .order_by("-uploaded_at", "-pk")
            .first()
        )
        if upload is None:
            missing.append(code)
        else:
            uploads.append(upload)
    if missing:
        raise ValidationError(
            {
                "countries": _(
                    "No encodings were uploaded for %(countries)s. Ask their statisticians "
                    "to upload them, or leave these countries out."
                )
                % {"countries": ", ".join(missing)}
            }
        )
    keys = {upload.key_id for upload in uploads}
    if len(keys) > 1:
        listing = "; ".join(f"{upload.country_id}: {upload.key_id}" for upload in uploads)
        raise ValidationError(
            {
                "countries": _(
                    "The latest uploads were encoded with different keys (%(keys)s) and "
                    "cannot be compared. Every country must encode with the same shared "
                    "key file and upload again."
                )
                % {"keys": listing}
            }
        )
    schemes = {upload.scheme for upload in uploads}
    if len(schemes) > 1:
        newest = newest_scheme(schemes)
        behind = sorted(upload.country_id for upload in uploads if upload.scheme != newest)
        raise ValidationError(
            {
                "countries": _(
                    "The latest uploads of %(countries)s were encoded by an older version of "
                    "THB Hub (encoding scheme %(old)s), the others with scheme %(new)s; they "
                    "cannot be compared. Ask these countries to encode their registers again "
                    "with the current THB Hub and upload them, or leave them out."
                )
                % {
                    "countries": ", ".join(behind),
                    "old": ", ".join(sorted(schemes - {newest})),
                    "new": newest,
                }
            }
        )
    with transaction.atomic():
        run = LinkageRun.objects.create(
            countries=chosen,
            key_id=keys.pop(),
            threshold=limit,
            engine=engine,
            started_by=actor,
        )
        run.uploads.set(uploads)
        audit_record(
            actor=actor,
            action="linkage.run.start",
            obj=run,
            detail={"countries": chosen, "threshold": str(limit), "engine": engine},
        )
        run.job = job_enqueue(
            actor=actor,
            kind=JOB_KIND,
            title=_("Linkage of %(countries)s") % {"countries": ", ".join(chosen)},
            params={"run": run.pk},
        )
        run.save(update_fields=["job"])
    return run


def pair_review(
    *,
    actor: User,
    pair: LinkedPair,
    decision: str,
    comment: str = "",
    expected_version: int = 0,
) -> PairReview:
    """The acting user's country's verdict on a pair; ``expected_version`` 0 for a first one."""
    require(actor, Perm.LINKAGE_REVIEW)
    country = actor.country_id
    if country not in {pair.country_a_id, pair.country_b_id}:
        # Callers fetch the pair through the policy; this guards other callers.
        raise ValidationError(_("This pair does not involve your country's records."))
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose confirmed, rejected or unsure.")})
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError(
            {"comment": _("Keep the comment under %(size)d characters.") % {"size": MAX_COMMENT}}
        )
    with transaction.atomic():
        review = PairReview.objects.filter(pair=pair, country=country).first()
        if review is None:
            if expected_version:
                raise ValidationError(
                    {"version": _("The review changed meanwhile; reload the page.")}
                )
            review = PairReview.objects.create(
                pair=pair,
                country_id=country,
                decision=decision,
                comment=comment,
                reviewed_by=actor,
            )
        else:
            update_versioned(
                review,
                expected_version=expected_version,
                decision=decision,
                comment=comment,
                reviewed_by=actor,
            )
        audit_record(
            actor=actor,
            action="linkage.pair.review",
            obj=review,
            country_id=country,
            detail={"run": pair.run_id, "pair": pair.number, "decision": decision},
        )
    return review


def linkage_run_record(*, actor: User, run: LinkageRun, year: int) -> LinkageResult:
    """Record the run, reviews applied, as ``year``'s linkage result of the statistics.

    Goes through the statistics' own service, which counts the victims
    counted by two members from a MATCHES.csv: the pairs of that year
    that no country rejected.
    """
    require(actor, Perm.LINKAGE_RUN)
    if run.status != RunStatus.SUCCEEDED:
        raise ValidationError(_("Only a finished run can be recorded; wait until it ends."))
    facts = run_pair_facts(actor, run)
    data = matches_csv(facts, year=str(year))
    if data.count(b"\n") < 2:  # the header line and at least one pair
        raise ValidationError(
            {
                "year": _(
                    "No matched pair of %(year)d records remains in this run (rejected pairs "
                    "left out): there is nothing to record for %(year)d. Choose a year the "
                    "run found matches in."
                )
                % {"year": year}
            }
        )
    sure_from = float(run.threshold) + float(run.uncertain_margin)
    sure = [pair for pair in facts if pair.confirmed or pair.score >= sure_from]
    low = _cross_member_count(matches_csv(sure, year=str(year)))
    counted = after_review(
        total=run.total,
        pairs=facts,
        threshold=float(run.threshold),
        margin=float(run.uncertain_margin),
        low_before=run.deduplicated_low,
        deduplicated_before=run.deduplicated,
    )
    # Each near miss could merge one more person; near misses within the
    # year are among the run's, so this bounds the count from above.
    near = counted.deduplicated - counted.low
    with transaction.atomic():
        result = linkage_result_record(
            actor=actor,
            year=year,
            matches=data,
            filename=f"linkage-run-{run.pk}-{year}.csv",
            threshold=run.threshold,
            duplicates_low=low,
            duplicates_high=_cross_member_count(data) + near,
        )
        run.recorded.add(result)
        audit_record(
            actor=actor,
            action="linkage.run.record",
            obj=run,
            detail={"year": year, "linkage_result": result.pk},
        )
    return result


def _cross_member_count(data: bytes) -> int:
    members = frozenset(Country.objects.filter(network_member=True).values_list("code", flat=True))
    clusters: dict[str, set[tuple[str, str]]] = {}
    rows = csv.reader(io.StringIO(data.decode("utf-8")))
    next(rows, None)
    for cluster, country_a, record_a, country_b, record_b, _score in rows:
        clusters.setdefault(cluster, set()).update({(country_a, record_a), (country_b, record_b)})
    duplicates, _overlap = cross_member_duplicates(clusters.values(), members)
    return duplicates
