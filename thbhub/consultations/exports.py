"""The summary for donors: PDF and Excel, from the same aggregate results.

Only what ``thbhub.consultations.results`` lets through is written: groups
below the minimum size say so instead of showing numbers, and free texts
appear only once reviewed. Text is set in the report's Roboto font, which
covers every Latin diacritic and Cyrillic of the members' languages.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from django.utils import formats
from django.utils.translation import gettext as _

from thbhub.audit.services import audit_record
from thbhub.consultations.models import Consultation, QuestionKind
from thbhub.consultations.results import (
    ConsultationResults,
    QuestionResult,
    consultation_results,
)
from thbhub.statistics.report.pdf import (
    register_fonts,
    report_styles,
    report_table,
    report_text,
)

if TYPE_CHECKING:
    from thbhub.accounts.models import User

FORMATS = ("pdf", "xlsx")


def export_summary(*, user: User, consultation: Consultation, file_format: str) -> bytes:
    """The summary file; the export is recorded in the audit log."""
    summary = consultation_results(consultation)
    body = summary_pdf(summary) if file_format == "pdf" else summary_xlsx(summary)
    audit_record(
        actor=user,
        action="consultations.summary.export",
        obj=consultation,
        detail={"format": file_format, "respondents": summary.respondents},
    )
    return body


def _date(value: Any) -> str:
    return str(formats.date_format(value, "DATE_FORMAT"))


def _heading_lines(summary: ConsultationResults) -> list[str]:
    consultation = summary.consultation
    lines = [
        _("Open from %(opens)s to %(closes)s.")
        % {"opens": _date(consultation.opens_on), "closes": _date(consultation.closes_on)},
        _(
            "Results are shown only for groups of at least %(minimum)d respondents; "
            "no answer can be traced to a person."
        )
        % {"minimum": summary.minimum},
    ]
    if summary.shown:
        lines.append(_("Respondents: %(count)d.") % {"count": summary.respondents})
    else:
        lines.append(
            _("Fewer than %(minimum)d people have answered so far: no results can be shown.")
            % {"minimum": summary.minimum}
        )
    return lines


def _hidden_text(minimum: int) -> str:
    return _("Fewer than %(minimum)d answers: not shown.") % {"minimum": minimum}


def _question_rows(result: QuestionResult, minimum: int) -> list[list[str]]:
    """Rows of (answer, count, percent) for one question."""
    if result.question.kind == QuestionKind.TEXT:
        rows = [[text, "", ""] for text in result.texts]
        if not rows:
            rows = [[_("No reviewed comments yet."), "", ""]]
        return rows
    if not result.shown:
        return [[_hidden_text(minimum), "", ""]]
    rows = [[option.label, str(option.count), f"{option.percent} %"] for option in result.options]
    if result.mean is not None:
        rows.append([_("Average"), str(result.mean), ""])
    return rows


def summary_pdf(summary: ConsultationResults) -> bytes:
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer  # noqa: PLC0415

    register_fonts()
    styles = report_styles()
    consultation = summary.consultation
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=consultation.display_title,
        author="NATC SEE",
        subject=_("Consultation summary for donors"),
    )
    story: list[Any] = [
        Paragraph(
            report_text(_("Consultation with people with lived experience")), styles["subtitle"]
        ),
        Paragraph(report_text(consultation.display_title), styles["title"]),
    ]
    if consultation.display_purpose:
        story.append(Paragraph(report_text(consultation.display_purpose), styles["body"]))
    story += [Paragraph(report_text(line), styles["body"]) for line in _heading_lines(summary)]
    header = [_("Answer"), _("Respondents"), _("Share")]
    for result in summary.questions:
        story.append(Paragraph(report_text(result.label), styles["h2"]))
        rows = _question_rows(result, summary.minimum)
        story.append(report_table([header, *rows], [300, 80, 80], styles))
    for breakdown in summary.breakdowns:
        story.append(
            Paragraph(
                report_text(_("By answer to: %(question)s") % {"question": breakdown.label}),
                styles["h1"],
            )
        )
        for group in breakdown.groups:
            story.append(Paragraph(report_text(group.label), styles["h2"]))
            if not group.shown:
                story.append(
                    Paragraph(
                        report_text(
                            _("This group is too small to show (or would reveal one that is).")
                        ),
                        styles["body"],
                    )
                )
                continue
            story.append(
                Paragraph(
                    report_text(_("Respondents: %(count)d.") % {"count": group.size}),
                    styles["body"],
                )
            )
            for result in group.questions:
                story.append(Paragraph(report_text(result.label), styles["body"]))
                story.append(
                    report_table(
                        [header, *_question_rows(result, summary.minimum)], [300, 80, 80], styles
                    )
                )
        story.append(Spacer(1, 6))
    document.build(story)
    return buffer.getvalue()


def summary_xlsx(summary: ConsultationResults) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    workbook = Workbook()
    sheet = workbook.active or workbook.create_sheet()
    sheet.title = _("Summary")[:31]
    sheet.append([summary.consultation.display_title])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in _heading_lines(summary):
        sheet.append([line])
    sheet.append([])
    _header(sheet, [_("Question"), _("Answer"), _("Respondents"), _("Share (%)")])
    comments = workbook.create_sheet(_("Comments")[:31])
    _header(comments, [_("Question"), _("Comment (reviewed)")])
    for result in summary.questions:
        if result.question.kind == QuestionKind.TEXT:
            for text in result.texts:
                comments.append([result.label, text])
        else:
            _append_result(sheet, result, summary.minimum, prefix=[])
    if summary.breakdowns:
        _breakdown_sheet(workbook.create_sheet(_("Breakdowns")[:31]), summary)
    for worksheet in workbook.worksheets:
        worksheet.column_dimensions["A"].width = 50
        worksheet.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet: Any, names: list[str]) -> None:
    from openpyxl.styles import Font  # noqa: PLC0415

    sheet.append(names)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _breakdown_sheet(sheet: Any, summary: ConsultationResults) -> None:
    _header(
        sheet,
        [
            _("By answer to"),
            _("Group"),
            _("Question"),
            _("Answer"),
            _("Respondents"),
            _("Share (%)"),
        ],
    )
    for breakdown in summary.breakdowns:
        for group in breakdown.groups:
            if not group.shown:
                sheet.append([breakdown.label, group.label, _("Too small to show"), "", None, None])
                continue
            for result in group.questions:
                _append_result(
                    sheet, result, summary.minimum, prefix=[breakdown.label, group.label]
                )


def _append_result(sheet: Any, result: QuestionResult, minimum: int, *, prefix: list[str]) -> None:
    if not result.shown:
        sheet.append([*prefix, result.label, _hidden_text(minimum), None, None])
        return
    for option in result.options:
        sheet.append([*prefix, result.label, option.label, option.count, option.percent])
    if result.mean is not None:
        sheet.append([*prefix, result.label, _("Average"), result.mean, None])
