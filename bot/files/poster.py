"""A poster for the desk: an A4 page as a PDF to print, and the same page as a PNG for screens.

What is on it comes in as plain, translated text (:class:`Poster`); this module lays it out once
(:func:`layout`: boxes in millimetres) and paints that layout twice: with fpdf2 into a PDF and
with Pillow into a PNG, so the paper and the screen show the same page. The QR code is segno's
(see :mod:`bot.files.qr`), drawn module by module, so it stays sharp at any size.

Arabic and other scripts print with DejaVu Sans, which matplotlib ships: fpdf2 shapes and orders
the text with HarfBuzz (uharfbuzz), Pillow with libraqm; without them the letters still print,
unjoined. A character the font has no picture for (most emoji) is left out, never a crash.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace

import segno

from bot.files.poster_text import Fonts, fonts, printable, wrap

# A4 portrait, in millimetres; the PNG is drawn at PNG_DPI (A4 at 150 dpi: 1240 x 1754 pixels).
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
MARGIN = 16.0
PNG_DPI = 150
BAND = 28.0  # the coloured band at the top, with the organisation's name
QR_SIZE = 84.0  # with its quiet zone of four modules on each side
QR_TOP = 172.0
QUIET = 4  # modules of white around the code, as the standard asks
TEXT_TOP = BAND + 10.0

BLUE = (42, 122, 185)
INK = (26, 26, 26)
GREY = (95, 95, 95)
WHITE = (255, 255, 255)

HEADING_SIZE = 20.0  # points
TITLE_SIZE = 44.0  # made smaller, with what follows it, until all fits above the QR code
LABEL_SIZE = 13.0
SMALLEST_LABEL = 10.0
FACT_SIZE = 20.0
CALL_SIZE = 22.0
FOOTER_SIZE = 11.0
LINE_SPACING = 1.2
TITLE_LINES = 4
FACT_LINES = 4
SMALLEST = 0.5  # the text shrinks to half its size at most, then long lines are cut


@dataclass(frozen=True)
class Fact:
    """One block under the title: a small label ("When") and its lines (may be empty)."""

    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Poster:
    """What a poster says, in the poster's language."""

    heading: str  # the band at the top: the organisation
    title: str
    facts: tuple[Fact, ...]
    link: str  # what the QR code holds (the t.me deep link)
    call: str  # the one plain line under the QR code
    footer: str  # small, at the bottom: the link as text, for who cannot scan


@dataclass(frozen=True)
class Text:
    """Lines centred in the page's width, the first line's top at ``top``."""

    top: float
    lines: tuple[str, ...]
    size: float  # points
    bold: bool
    colour: tuple[int, int, int]

    @property
    def line_height(self) -> float:
        return self.size * LINE_SPACING * 25.4 / 72

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines)


@dataclass(frozen=True)
class Layout:
    band: float
    texts: tuple[Text, ...]
    qr: tuple[float, float, float]  # left, top, size
    modules: tuple[tuple[bool, ...], ...]  # the QR code, quiet zone included


def layout(poster: Poster, found: Fonts | None = None) -> Layout:
    """Where everything goes: the band; the title and the facts above the QR code, as large as
    they fit and centred in the room there; the plain line and the link below the code."""
    found = found or fonts()
    width = PAGE_WIDTH - 2 * MARGIN
    code = segno.make(poster.link, error="m", micro=False)
    modules = tuple(tuple(bool(m) for m in row) for row in code.matrix_iter(border=QUIET))
    quiet = QR_SIZE / len(modules) * QUIET  # white already: text may come up to the code
    heading = wrap(found, printable(found, poster.heading), HEADING_SIZE, True, width, 1)
    band = Text(0, heading, HEADING_SIZE, True, WHITE)
    texts = [replace(band, top=(BAND - band.height) / 2)]
    texts += _text_block(found, poster, width, QR_TOP + quiet - 4)
    call = wrap(found, printable(found, poster.call), CALL_SIZE, True, width, 2)
    texts.append(Text(QR_TOP + QR_SIZE - quiet + 5, call, CALL_SIZE, True, INK))
    footer = wrap(found, printable(found, poster.footer), FOOTER_SIZE, False, width, 1)
    link = Text(0, footer, FOOTER_SIZE, False, GREY)
    texts.append(replace(link, top=PAGE_HEIGHT - 10 - link.height))
    qr_left = (PAGE_WIDTH - QR_SIZE) / 2
    return Layout(BAND, tuple(texts), (qr_left, QR_TOP, QR_SIZE), modules)


def _text_block(found: Fonts, poster: Poster, width: float, bottom: float) -> list[Text]:
    """The title and the facts at the largest scale that fits between TEXT_TOP and ``bottom``,
    centred in that room."""
    scale = 1.0
    while True:
        texts, end = _at_scale(found, poster, width, scale)
        if end <= bottom or scale <= SMALLEST:
            break
        scale = round(scale - 0.05, 2)
    down = max(0.0, (bottom - end) / 2)
    return [replace(text, top=text.top + down) for text in texts]


def _at_scale(found: Fonts, poster: Poster, width: float, scale: float) -> tuple[list[Text], float]:
    """The title and the facts from TEXT_TOP at ``scale``; where they end."""
    texts: list[Text] = []
    top = TEXT_TOP
    size = TITLE_SIZE * scale
    title = wrap(found, printable(found, poster.title), size, True, width, TITLE_LINES)
    texts.append(Text(top, title, size, True, INK))
    top += texts[-1].height + 8 * scale
    for fact in poster.facts:
        if fact.label:
            size = max(LABEL_SIZE * scale, SMALLEST_LABEL)
            texts.append(Text(top, (printable(found, fact.label),), size, False, GREY))
            top += texts[-1].height
        size = FACT_SIZE * scale
        lines: list[str] = []
        for line in fact.lines:
            lines += wrap(found, printable(found, line), size, False, width, FACT_LINES)
        texts.append(Text(top, _cut(lines, FACT_LINES), size, False, INK))
        top += texts[-1].height + 5 * scale
    return texts, top - 5 * scale


def _cut(lines: Sequence[str], most: int) -> tuple[str, ...]:
    if len(lines) <= most:
        return tuple(lines)
    return (*lines[: most - 1], lines[most - 1].rstrip(" .,") + " …")


# -- painting: the PDF ---------------------------------------------------------------------------
def pdf(poster: Poster) -> bytes:
    """The poster as a one-page A4 PDF."""
    from fpdf import FPDF

    found = fonts()
    page = layout(poster, found)
    document = FPDF(orientation="portrait", unit="mm", format="A4")
    document.set_auto_page_break(False)
    document.set_margins(0, 0, 0)
    document.set_title(printable(found, poster.title))
    document.set_creator("Meedoen")
    document.add_font("poster", "", str(found.regular))
    document.add_font("poster", "B", str(found.bold))
    if found.shaping:
        document.set_text_shaping(True)
    document.add_page()
    document.set_fill_color(*BLUE)
    document.rect(0, 0, PAGE_WIDTH, page.band, style="F")
    for text in page.texts:
        document.set_font("poster", "B" if text.bold else "", text.size)
        document.set_text_color(*text.colour)
        for i, line in enumerate(text.lines):
            document.set_xy(MARGIN, text.top + i * text.line_height)
            document.cell(PAGE_WIDTH - 2 * MARGIN, text.line_height, line, align="C")
    left, top, size = page.qr
    module = size / len(page.modules)
    document.set_fill_color(0, 0, 0)
    for y, row in enumerate(page.modules):
        for start, length in _runs(row):
            document.rect(left + start * module, top + y * module, length * module, module, "F")
    return bytes(document.output())


def _runs(row: Sequence[bool]) -> list[tuple[int, int]]:
    """The dark runs of a row of modules (first, length): one rectangle each, not one per
    module."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, dark in enumerate([*row, False]):
        if dark and start is None:
            start = i
        elif not dark and start is not None:
            runs.append((start, i - start))
            start = None
    return runs


# -- painting: the PNG ---------------------------------------------------------------------------
def png(poster: Poster) -> bytes:
    """The poster as an A4 PNG at PNG_DPI, for a screen or a message."""
    from PIL import Image, ImageDraw, ImageFont

    found = fonts()
    page = layout(poster, found)
    px = PNG_DPI / 25.4  # pixels per millimetre
    image = Image.new("RGB", (round(PAGE_WIDTH * px), round(PAGE_HEIGHT * px)), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, image.width, round(page.band * px)), fill=BLUE)
    engine = ImageFont.Layout.RAQM if found.shaping_png else ImageFont.Layout.BASIC
    for text in page.texts:
        path = found.bold if text.bold else found.regular
        font = ImageFont.truetype(str(path), round(text.size * PNG_DPI / 72), layout_engine=engine)
        for i, line in enumerate(text.lines):
            middle = (text.top + (i + 0.5) * text.line_height) * px
            draw.text((image.width / 2, middle), line, font=font, fill=text.colour, anchor="mm")
    left, top, size = page.qr
    module = int(size * px) // len(page.modules)  # whole pixels: every module the same
    x0 = round(left * px + (size * px - module * len(page.modules)) / 2)
    y0 = round(top * px + (size * px - module * len(page.modules)) / 2)
    for y, row in enumerate(page.modules):
        for start, length in _runs(row):
            box = (x0 + start * module, y0 + y * module)
            draw.rectangle(
                (*box, box[0] + length * module - 1, box[1] + module - 1), fill=(0, 0, 0)
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
