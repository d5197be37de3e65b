"""The progress report as a PDF, set in Roboto with the statistics
report's fonts, styles and table layout."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from thbhub.recommendations.progress import ProgressReport
from thbhub.statistics.report.pdf import (
    FONT,
    register_fonts,
    report_styles,
    report_table,
    report_text,
)


def build_progress_pdf(report: ProgressReport) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape  # noqa: PLC0415
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer  # noqa: PLC0415

    register_fonts()
    styles = report_styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=20 * mm,
        title=report.title,
        author="NATC SEE",
    )
    story: list[Any] = [Paragraph(report_text(report.title), styles["title"])]
    story.append(Paragraph(report_text(_period(report)), styles["body"]))
    story.append(Spacer(1, 8))
    story.append(Paragraph(report_text(_("By country")), styles["h1"]))
    story.append(_tally_table(report, report.by_country, _("Country"), styles))
    story.append(Paragraph(report_text(_("By theme")), styles["h1"]))
    story.append(_tally_table(report, report.by_theme, _("Theme"), styles))
    story.append(Paragraph(report_text(_("What moved since the last review")), styles["h1"]))
    if report.moved:
        rows: list[list[Any]] = [
            [_("Country"), _("Recommendation"), _("Before"), _("Now"), _("Evidence"), _("Comments")]
        ]
        for movement in report.moved:
            recommendation = movement.row.recommendation
            rows.append(
                [
                    movement.country_label,
                    f"{recommendation.code}: {recommendation.title}",
                    movement.before_label,
                    movement.after_label,
                    movement.after.evidence,
                    "\n".join(comment.text for comment in movement.comments),
                ]
            )
        widths = [w * mm for w in (30, 62, 24, 24, 70, 57)]
        story.append(report_table(rows, widths, styles))
    else:
        story.append(Paragraph(report_text(_("No status changed in this review.")), styles["body"]))
    if report.names_kosovo:
        story.append(Spacer(1, 10))
        story.append(Paragraph(report_text(report.designation_note), styles["small"]))
    document.build(story, onFirstPage=_footer(report), onLaterPages=_footer(report))
    return buffer.getvalue()


def _period(report: ProgressReport) -> str:
    generated = formats.date_format(report.generated_at, "DATE_FORMAT")
    if report.review is None:
        return _("Current status on %(date)s; no review has been opened yet.") % {"date": generated}
    return _(
        "Review opened %(opened)s, deadline %(deadline)s; status %(state)s. Compared with the "
        "status when the review opened. Produced %(date)s."
    ) % {
        "opened": formats.date_format(report.review.opened_at, "DATE_FORMAT"),
        "deadline": formats.date_format(report.review.deadline, "DATE_FORMAT"),
        "state": report.review.get_state_display(),
        "date": generated,
    }


def _tally_table(
    report: ProgressReport, tallies: list[Any], first: str, styles: dict[str, Any]
) -> Any:
    from reportlab.lib.units import mm  # noqa: PLC0415

    rows: list[list[Any]] = [
        [first, *report.status_labels, _("Total"), _("Implemented (%)"), _("Moved")]
    ]
    for tally in [*tallies, report.totals]:
        rows.append(
            [
                tally.label,
                *(str(count) for count in tally.cells()),
                str(tally.total),
                str(tally.implemented_share),
                str(tally.moved),
            ]
        )
    widths = [52 * mm] + [24 * mm] * (len(report.status_labels) + 3)
    return report_table(rows, widths, styles, bold_last=1)


def _footer(report: ProgressReport) -> Callable[[Any, Any], None]:
    from reportlab.lib.units import mm  # noqa: PLC0415

    def draw(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillGray(0.3)
        canvas.drawString(document.leftMargin, 10 * mm, f"{report.title} · {document.page}")
        canvas.restoreState()

    return draw
