"""The report as a PDF, drawn with reportlab (pure Python, no system library).

Text is set in Roboto from the ``font-roboto`` package, which covers Latin
with every diacritic the members' languages use and Cyrillic; the
standard PDF fonts cover neither. Charts are drawn natively from the same
layout as the web page's SVG.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _

from thbhub.statistics.report.charts import ChartData, data_table, to_drawing
from thbhub.statistics.report.content import Fiche, ReportContent

FONT = "THBRoboto"
BOLD = "THBRoboto-Bold"
ProgressCallback = Callable[[int, int, str], None]


@functools.cache
def register_fonts() -> None:
    import font_roboto  # type: ignore[import-untyped]  # noqa: PLC0415 — only the PDF needs the font files
    from reportlab.lib.fonts import addMapping  # noqa: PLC0415
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

    pdfmetrics.registerFont(TTFont(FONT, font_roboto.Roboto))
    pdfmetrics.registerFont(TTFont(BOLD, font_roboto.RobotoBold))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, BOLD)


def report_styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415

    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "head": ParagraphStyle(
            "head", parent=base, fontName=BOLD, fontSize=7, leading=8.5, spaceAfter=0
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=22, leading=28, spaceAfter=14
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=18),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=BOLD, fontSize=15, leading=19, spaceBefore=6, spaceAfter=8
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4
        ),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=10, leftIndent=12),
    }


def report_text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


class _Heading:
    """A level-one heading that registers itself in the contents."""

    @staticmethod
    def make(text: str, styles: dict[str, Any]) -> Any:
        from reportlab.platypus import Paragraph  # noqa: PLC0415

        heading = Paragraph(report_text(text), styles["h1"])
        heading.toc_entry = text  # type: ignore[attr-defined]
        return heading


def build_pdf(content: ReportContent, *, progress: ProgressCallback | None = None) -> bytes:
    """The whole report; ``progress(done, total, message)`` follows each part."""
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate  # noqa: PLC0415
    from reportlab.platypus.tableofcontents import TableOfContents  # noqa: PLC0415

    register_fonts()
    styles = report_styles()
    steps = 6 + len(content.fiches)
    report = progress or (lambda _done, _total, _message: None)
    done = 0

    def step(message: str) -> None:
        nonlocal done
        done += 1
        report(done, steps, message)

    buffer = io.BytesIO()

    class Document(BaseDocTemplate):
        def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 — reportlab's hook name
            entry = getattr(flowable, "toc_entry", None)
            if entry:
                self.notify("TOCEntry", (0, entry, self.page))

    document = Document(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
        title=content.title,
        author="NATC SEE",
        subject=_("Regional state-of-play report"),
    )
    frame = Frame(
        document.leftMargin, document.bottomMargin, document.width, document.height, id="body"
    )
    document.addPageTemplates([PageTemplate("page", [frame], onPage=_footer(content))])
    contents = TableOfContents()
    contents.levelStyles = [styles["toc1"]]

    story: list[Any] = []
    story += _cover(content, styles, contents)
    step(_("Cover and contents"))
    story += _headline(content, styles)
    story += _country_table(content, styles)
    step(_("Headline figures and table by member"))
    story += _charts(content, styles)
    step(_("Charts"))
    story += _divergences(content, styles)
    story += _caveats(content, styles)
    step(_("Methodological divergences and caveats"))
    story += _answers(content, styles)
    step(_("Answers by theme"))
    for fiche in content.fiches:
        story += _fiche(fiche, content, styles)
        step(_("Fiche: %(name)s") % {"name": fiche.name})
    document.multiBuild(story)
    step(_("PDF written"))
    return buffer.getvalue()


def _footer(content: ReportContent) -> Callable[[Any, Any], None]:
    from reportlab.lib.units import mm  # noqa: PLC0415

    def draw(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillGray(0.3)
        left = document.leftMargin
        canvas.drawString(left, 12 * mm, f"{content.title} · {document.page}")
        if content.names_kosovo:
            note = content.designation_note
            canvas.setFont(FONT, 6)
            canvas.drawString(left, 8 * mm, note[:170])
            if len(note) > 170:
                canvas.drawString(left, 5 * mm, note[170:])
        canvas.restoreState()

    return draw


def _cover(content: ReportContent, styles: dict[str, Any], contents: Any) -> list[Any]:
    from reportlab.platypus import PageBreak, Paragraph, Spacer  # noqa: PLC0415

    published = formats.date_format(content.published_at, "DATE_FORMAT")
    return [
        Spacer(1, 120),
        Paragraph(
            report_text(_("Network of Anti-Trafficking Coordinators of South-East Europe")),
            styles["subtitle"],
        ),
        Spacer(1, 12),
        Paragraph(report_text(content.title), styles["title"]),
        Paragraph(
            report_text(
                _(
                    "Edition %(edition)d, published %(date)s, from the members' "
                    "submissions for %(year)d."
                )
                % {"edition": content.edition, "date": published, "year": content.year}
            ),
            styles["body"],
        ),
        Spacer(1, 40),
        Paragraph(report_text(content.designation_note), styles["small"]),
        PageBreak(),
        Paragraph(report_text(_("Contents")), styles["h1"]),
        contents,
        PageBreak(),
    ]


def report_table(
    rows: list[list[Any]],
    widths: list[float] | None,
    styles: dict[str, Any],
    *,
    header_rows: int = 1,
    bold_last: int = 0,
) -> Any:
    from reportlab.lib import colors  # noqa: PLC0415
    from reportlab.platypus import Paragraph, Table, TableStyle  # noqa: PLC0415

    wrapped = [
        [
            Paragraph(report_text(cell), styles["head" if number < header_rows else "cell"])
            if isinstance(cell, str)
            else cell
            for cell in row
        ]
        for number, row in enumerate(rows)
    ]
    table = Table(wrapped, colWidths=widths, repeatRows=header_rows)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#E8EEF4")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if bold_last:
        commands.append(("BACKGROUND", (0, -bold_last), (-1, -1), colors.HexColor("#F4F4F4")))
    table.setStyle(TableStyle(commands))
    return table


def _headline(content: ReportContent, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph  # noqa: PLC0415

    rows = [[_("Figure"), str(content.year), _("Change on the year before")]]
    rows += [[h.label, h.cell.text, h.change or "\u2013"] for h in content.headline]
    story = [
        _Heading.make(_("Headline figures"), styles),
        report_table(rows, [230, 100, 130], styles),
    ]
    if content.deduplicated is not None:
        dedup = content.deduplicated
        text = _("Victims in the region with double counting removed: %(value)s") % {
            "value": dedup.cell.text
        }
        if dedup.range_text:
            text += " (" + _("range %(range)s") % {"range": dedup.range_text} + ")"
        if dedup.method:
            text += ". " + _("Method: %(method)s") % {"method": dedup.method}
        story.append(Paragraph(report_text(text), styles["body"]))
    return story


def _country_table(content: ReportContent, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph  # noqa: PLC0415

    rows: list[list[Any]] = [[_("Member"), *content.columns]]
    rows += [[row.name, *(cell.text for cell in row.cells)] for row in content.table]
    regions = sum(1 for row in content.table if row.is_region)
    widths = [92.0] + [(515 - 92 - 14) / len(content.columns)] * len(content.columns)
    story = [
        _Heading.make(_("Figures by member"), styles),
        report_table(rows, widths, styles, bold_last=regions),
        Paragraph(report_text(content.caveats[0]), styles["small"]),
    ]
    if content.names_kosovo:
        story.append(Paragraph(report_text(content.designation_note), styles["small"]))
    return story


def _chart_block(
    chart: ChartData,
    styles: dict[str, Any],
    *,
    scale: float = 0.78,
    with_table: bool = True,
    table: bool = False,
) -> list[Any]:
    from reportlab.platypus import KeepTogether, Paragraph, Spacer  # noqa: PLC0415

    block: list[Any] = [
        Paragraph(report_text(chart.title), styles["h2"]),
        Paragraph(report_text(chart.description), styles["small"]),
        to_drawing(chart, font=FONT, bold_font=BOLD, scale=scale),
    ]
    if table and not chart.empty:
        header, rows = data_table(chart)
        block += [Spacer(1, 4), report_table([header, *rows], None, styles)]
    if not with_table:
        # Inside a fiche's frame, which cannot hold a KeepTogether.
        return [*block, Spacer(1, 6)]
    return [KeepTogether(block[:3]), *block[3:], Spacer(1, 8)]


def _charts(content: ReportContent, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import PageBreak  # noqa: PLC0415

    story: list[Any] = [PageBreak(), _Heading.make(_("Charts"), styles)]
    for chart in content.charts:
        story += _chart_block(chart, styles, table=chart.kind == "stacked")
    return story


def _divergences(content: ReportContent, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import PageBreak, Paragraph  # noqa: PLC0415

    story: list[Any] = [PageBreak(), _Heading.make(_("Methodological divergences"), styles)]
    for divergence in content.divergences:
        story.append(Paragraph(report_text(divergence.topic), styles["h2"]))
        for answer, names in divergence.groups:
            story.append(Paragraph(report_text(f"{answer}: {', '.join(names)}"), styles["body"]))
    rows: list[list[Any]] = [
        [
            _("Member"),
            _("Authority whose data is reported"),
            _("Legal definition"),
            _("Breaks in series"),
            _("Other remarks"),
        ]
    ]
    rows += [
        [m.name, m.data_authority, m.legal_definition, m.series_breaks, m.remarks]
        for m in content.methodology
    ]
    if len(rows) > 1:
        story.append(report_table(rows, [70, 110, 110, 110, 110], styles))
    return story


def _caveats(content: ReportContent, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph  # noqa: PLC0415

    story: list[Any] = [_Heading.make(_("Caveats"), styles)]
    story += [Paragraph("• " + report_text(caveat), styles["body"]) for caveat in content.caveats]
    if content.names_kosovo:
        story.append(Paragraph(report_text(content.designation_note), styles["body"]))
    return story


def _answers(content: ReportContent, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import PageBreak, Paragraph  # noqa: PLC0415

    story: list[Any] = [PageBreak(), _Heading.make(_("What members report, by theme"), styles)]
    if not content.themes:
        story.append(
            Paragraph(
                report_text(_("No member answered the qualitative questions.")), styles["body"]
            )
        )
    for theme in content.themes:
        story.append(Paragraph(report_text(theme.theme), styles["h2"]))
        for question in theme.questions:
            story.append(
                Paragraph(
                    f"<b>{question.number}.</b> " + report_text(question.text), styles["body"]
                )
            )
            for name, text in question.answers:
                story.append(
                    Paragraph(f"<b>{report_text(name)}</b>: " + report_text(text), styles["body"])
                )
    return story


def _fiche(fiche: Fiche, content: ReportContent, styles: dict[str, Any]) -> list[Any]:
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.platypus import KeepInFrame, PageBreak, Paragraph  # noqa: PLC0415

    first = fiche is content.fiches[0]
    heading = _Heading.make(_("Country fiches") if first else fiche.name, styles)
    parts: list[Any] = []
    if first:
        parts.append(Paragraph(report_text(fiche.name), styles["h1"]))
    rows = [[_("Figure"), str(content.year), _("Change on the year before")]]
    rows += [[h.label, h.cell.text, h.change or "\u2013"] for h in fiche.figures]
    parts.append(report_table(rows, [200, 90, 120], styles))
    for chart in fiche.charts:
        parts += _chart_block(chart, styles, scale=0.62, with_table=False)
    if fiche.methodology is not None:
        method = fiche.methodology
        parts.append(Paragraph(report_text(_("Methodology")), styles["h2"]))
        lines = [
            (_("Presumed victims included"), method.includes_presumed),
            (
                _("Nationals identified abroad counted as domestic victims"),
                method.returned_nationals_domestic,
            ),
            (_("Authority whose data is reported"), method.data_authority),
            (_("Breaks in series"), method.series_breaks),
        ]
        for label, value in lines:
            if value:
                parts.append(
                    Paragraph(f"<b>{report_text(label)}</b>: {report_text(value)}", styles["small"])
                )
    for note in fiche.notes:
        parts.append(Paragraph(report_text(note), styles["small"]))
    if fiche.code == "XK":
        parts.append(Paragraph(report_text(content.designation_note), styles["small"]))
    # One page per member, whatever its notes: the frame shrinks what would overflow.
    return [PageBreak(), heading, KeepInFrame(0, 225 * mm, parts, mode="shrink")]
