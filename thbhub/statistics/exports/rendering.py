"""Rendering an export in the format asked for, audited.

``render_export`` chooses the writer by format; the data comes from
``published_selectors.export_data``, which applies the user's scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from thbhub.audit.services import audit_record
from thbhub.statistics.exports.csv import write_csv
from thbhub.statistics.exports.sdmx import write_sdmx_csv, write_sdmx_ml
from thbhub.statistics.exports.xlsx import write_xlsx
from thbhub.statistics.published_selectors import ExportData, export_data

if TYPE_CHECKING:
    from thbhub.accounts.models import User

FORMATS: dict[str, tuple[str, str]] = {
    # format: (file extension, media type)
    "csv": ("csv", "text/csv; charset=utf-8"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "sdmx-csv": ("sdmx.csv", "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"),
    "sdmx-ml": ("xml", "application/vnd.sdmx.genericdata+xml; version=2.1"),
}


class UnknownFormatError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(
            _("Unknown export format %(format)s: use one of %(formats)s.")
            % {"format": name, "formats": ", ".join(FORMATS)}
        )


@dataclass(frozen=True)
class RenderedExport:
    content: bytes
    media_type: str
    filename: str


def render_export(data: ExportData, export_format: str) -> RenderedExport:
    if export_format not in FORMATS:
        raise UnknownFormatError(export_format)
    extension, media_type = FORMATS[export_format]
    kind = f"published-{data.edition}" if data.published else "unpublished"
    stem = f"thbhub-{data.year}-{kind}"
    if export_format == "csv":
        content = write_csv(data.observations)
    elif export_format == "xlsx":
        title = (
            _("THB Hub statistics %(year)d, publication #%(edition)d")
            % {"year": data.year, "edition": data.edition}
            if data.published
            else _("THB Hub statistics %(year)d, NOT PUBLISHED") % {"year": data.year}
        )
        content = write_xlsx(data.observations, title=title, threshold=data.threshold)
    elif export_format == "sdmx-csv":
        content = write_sdmx_csv(data.observations)
    else:
        content = write_sdmx_ml(data.observations, message_id=stem.upper().replace("-", "_"))
    return RenderedExport(content=content, media_type=media_type, filename=f"{stem}.{extension}")


def statistics_export(
    *, actor: User, year: int, export_format: str, published: bool
) -> RenderedExport:
    """The export ``actor`` may have, recorded in the audit log.

    Raises Http404 when there is nothing within the actor's reach for the
    year, PermissionDenied when the role reads no such data at all.
    """
    if export_format not in FORMATS:
        raise UnknownFormatError(export_format)
    data = export_data(actor, year=year, published=published)
    rendered = render_export(data, export_format)
    audit_record(
        actor=actor,
        action="statistics.export",
        object_type="statistics.round",
        object_id=year,
        detail={
            "format": export_format,
            "year": year,
            "published": published,
            "edition": data.edition,
            "rows": len(data.observations),
        },
    )
    return rendered
