"""The report as HTML: the web page's context and a standalone file.

The standalone file carries its stylesheet and charts inline and points
to nothing outside itself, so it opens from a mail attachment or a USB
stick on a machine without network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from thbhub.statistics.report.charts import ChartData, data_table, to_svg
from thbhub.statistics.report.content import ReportContent

STYLESHEET = "statistics/report.css"


@dataclass(frozen=True)
class RenderedChart:
    chart: ChartData
    svg: SafeString
    header: list[str]
    rows: list[list[str]]


def rendered(chart: ChartData) -> RenderedChart:
    header, rows = data_table(chart)
    # to_svg escapes every text it writes, so the markup is safe to embed.
    return RenderedChart(chart, mark_safe(to_svg(chart)), header, rows)  # noqa: S308


def report_context(content: ReportContent) -> dict[str, Any]:
    return {
        "report": content,
        "charts": [rendered(chart) for chart in content.charts],
        "fiches": [
            (fiche, [rendered(chart) for chart in fiche.charts]) for fiche in content.fiches
        ],
    }


def standalone_html(content: ReportContent) -> str:
    found = finders.find(STYLESHEET)
    css = Path(str(found)).read_text(encoding="utf-8") if found else ""
    return render_to_string(
        "statistics/report/standalone.html",
        {**report_context(content), "css": mark_safe(css)},  # noqa: S308
    )
