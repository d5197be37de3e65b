"""The directory import as a background job."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thbhub.directory.importing import import_contacts_file
from thbhub.directory.spreadsheet import UnreadableFileError
from thbhub.jobs.models import Job
from thbhub.jobs.progress import Progress
from thbhub.jobs.services import JobError, job_enqueue

if TYPE_CHECKING:
    from thbhub.accounts.models import User


def directory_import_enqueue(
    *, actor: User, filename: str, chunks: Iterable[bytes], start: bool = True
) -> Job:
    """Keep an uploaded workbook until its import job has read it, and queue the job.

    The web upload and `thbhub directory import` both come through here.
    """
    relative = Path("imports") / f"{uuid.uuid4()}.xlsx"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    return job_enqueue(
        actor=actor,
        kind="directory.import",
        title=_("Directory import of %(name)s") % {"name": filename[:100]},
        params={"upload": relative.as_posix()},
        start=start,
    )


def run_directory_import(job: Job, progress: Progress) -> dict[str, Any]:
    path = Path(settings.MEDIA_ROOT) / job.params["upload"]
    try:
        with path.open("rb") as handle:
            parsed, summary = import_contacts_file(
                actor=job.owner,
                handle=handle,
                progress=progress.update,
            )
    except UnreadableFileError as error:
        raise JobError(str(error)) from None
    finally:
        # The upload holds personal data; it is not kept after the import.
        path.unlink(missing_ok=True)
    if summary is None:
        count = len(parsed.errors)
        raise JobError(
            ngettext(
                "The file has %(count)d error; nothing was imported. "
                "Fix it and upload the file again.",
                "The file has %(count)d errors; nothing was imported. "
                "Fix them all and upload the file again.",
                count,
            )
            % {"count": count},
            errors=[error.as_dict() for error in parsed.errors],
        )
    return summary
