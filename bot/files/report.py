"""The quarterly report as a PDF: a first page with the summary in plain words, then the figures
as tables, then the charts.

What it says comes in as plain, translated text (:class:`Report`) and PNG charts; this module
only lays it out, with fpdf2 and the posters' font (DejaVu Sans, which matplotlib ships; Arabic is
shaped with HarfBuzz). Characters the font lacks (most emoji) are left out, never a crash.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from bot.files.poster_text import fonts, printable

if TYPE_CHECKING:
    from fpdf import FPDF

MARGIN = 18.0  # millimetres
WIDTH = 210.0 - 2 * MARGIN
BLUE = (42, 122, 185)
INK = (26, 26, 26)
GREY = (95, 95, 95)
LIGHT = (232, 240, 248)
Cell = TypeVar("Cell", str, float)
CHART_WIDTH = 165.0  # the charts are 800 x 450 pixels: 93 mm high at this width


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]  # the first column names the rows; the others hold numbers
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    png: bytes


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: tuple[str, ...]  # lines under the title: the quarter, the organisations
    summary_heading: str
    summary: tuple[str, ...]  # paragraphs
    note: str  # the rule for small numbers
    footer: str  # when and by what it was made
    tables_heading: str = ""
    tables: tuple[Table, ...] = ()
    charts_heading: str = ""
    charts: tuple[Chart, ...] = ()
    right_to_left: bool = False


def pdf(report: Report) -> bytes:
    """The report as an A4 PDF."""
    from fpdf import FPDF

    found = fonts()
    align = "R" if report.right_to_left else "L"

    def clean(text: str) -> str:
        return printable(found, text)

    document = FPDF(orientation="portrait", unit="mm", format="A4")
    document.set_margins(MARGIN, MARGIN, MARGIN)
    document.set_auto_page_break(True, margin=MARGIN)
    document.set_title(clean(report.title))
    document.set_creator("Meedoen")
    document.add_font("report", "", str(found.regular))
    document.add_font("report", "B", str(found.bold))
    if found.shaping:
        document.set_text_shaping(True)

    def write(text: str, size: float, *, bold: bool = False, colour: tuple[int, ...] = INK,
              after: float = 2.0) -> None:  # fmt: skip
        document.set_font("report", "B" if bold else "", size)
        document.set_text_color(*colour)
        document.multi_cell(WIDTH, size * 0.5, clean(text), align=align, new_x="LMARGIN")
        document.ln(after)

    document.add_page()
    document.set_fill_color(*BLUE)
    document.rect(0, 0, 210, 8, style="F")
    document.set_fill_color(255, 255, 255)  # tables fill their cells with the colour set last
    document.set_y(MARGIN + 4)
    write(report.title, 22, bold=True, after=3)
    for line in report.subtitle:
        write(line, 12, colour=GREY, after=1)
    document.ln(6)
    write(report.summary_heading, 15, bold=True, colour=BLUE, after=3)
    for paragraph in report.summary:
        write(paragraph, 12, after=4)
    document.ln(2)
    write(report.note, 10, colour=GREY)
    write(report.footer, 10, colour=GREY)

    if report.tables:
        document.add_page()
        write(report.tables_heading, 15, bold=True, colour=BLUE, after=3)
        for table in report.tables:
            _table(document, table, clean, align)
    if report.charts:
        document.add_page()
        write(report.charts_heading, 15, bold=True, colour=BLUE, after=3)
        for chart in report.charts:
            if document.get_y() + 100 > document.h - MARGIN:
                document.add_page()
            write(chart.title, 12, bold=True, after=1)
            document.image(io.BytesIO(chart.png), x=MARGIN + (WIDTH - CHART_WIDTH) / 2,
                           w=CHART_WIDTH)  # fmt: skip
            document.ln(4)
    return bytes(document.output())


def _table(document: FPDF, table: Table, clean: Callable[[str], str], align: str) -> None:
    """One table: its title, a header row on a light band, numbers aligned right."""
    from fpdf.fonts import FontFace

    columns = len(table.header)
    if document.get_y() + 12 + 7 * min(len(table.rows) + 1, 6) > document.h - MARGIN:
        document.add_page()
    document.set_font("report", "B", 12)
    document.set_text_color(*INK)
    document.multi_cell(WIDTH, 6, clean(table.title), align=align, new_x="LMARGIN")
    document.ln(1)
    document.set_font("report", "", 10)
    first = WIDTH * (0.46 if columns > 2 else 0.7)
    widths = [first, *([(WIDTH - first) / (columns - 1)] * (columns - 1))]
    aligns = [align, *(["L" if align == "R" else "R"] * (columns - 1))]

    def ordered(row: Sequence[Cell]) -> list[Cell]:
        """Right to left, the columns run from the right: the names, then the numbers."""
        return list(reversed(row)) if align == "R" else list(row)

    with document.table(
        col_widths=ordered(widths),
        text_align=ordered(aligns),
        headings_style=FontFace(emphasis="BOLD", fill_color=LIGHT),
        line_height=6,
        cell_fill_mode="NONE",
        first_row_as_headings=True,
        borders_layout="HORIZONTAL_LINES",
    ) as rows:
        for values in (table.header, *table.rows):
            row = rows.row()
            for value in ordered(values):
                row.cell(clean(value))
    if table.note:
        document.set_font("report", "", 9)
        document.set_text_color(*GREY)
        document.multi_cell(WIDTH, 4.5, clean(table.note), align=align, new_x="LMARGIN")
    document.ln(5)
