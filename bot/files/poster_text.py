"""The poster's letters: the font, what it can print, and lines that fit a width.

DejaVu Sans (regular and bold) comes with matplotlib, a dependency already; it covers Latin,
Turkish, Polish, Cyrillic and Arabic. Text is measured with Pillow (through libraqm when the
wheel has it, so Arabic is measured joined, as it prints), once, for both the PDF and the PNG.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
MEASURE_PX = 100  # the size text is measured at, in pixels per em
MM_PER_POINT = 25.4 / 72
ELLIPSIS = "…"
# Marks that set the direction of a run (RLM, LRM, ALM, embeddings, isolates): bot.i18n uses them.
DIRECTION_MARKS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# What holds an emoji sequence together (a joiner, the emoji-style selector): without the emoji,
# which the font lacks, it is left over.
EMOJI_GLUE = frozenset("\u200d\ufe0f")


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path
    glyphs: frozenset[int]  # the code points both faces can print
    shaping: bool  # fpdf2 can shape (uharfbuzz is there): Arabic letters join, lines order
    shaping_png: bool  # Pillow can, through libraqm


@cache
def fonts() -> Fonts:
    """The poster's font, found once."""
    import matplotlib
    from fontTools.ttLib import TTFont
    from PIL import features

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    regular, bold = folder / REGULAR, folder / BOLD
    glyphs = frozenset(TTFont(regular).getBestCmap()) & frozenset(TTFont(bold).getBestCmap())
    try:
        import uharfbuzz  # noqa: F401

        shaping = True
    except ImportError:
        shaping = False
    return Fonts(regular, bold, glyphs, shaping, bool(features.check("raqm")))


def printable(found: Fonts, text: str) -> str:
    """``text`` without what the font cannot print (an emoji it lacks, a stray control
    character) and the joiners of emoji sequences; direction marks stay where the text is
    shaped, which uses them and prints nothing for them. Runs of spaces left behind become
    one."""
    kept = "".join(
        c
        for c in text
        if c not in EMOJI_GLUE
        and (ord(c) in found.glyphs or (c in DIRECTION_MARKS and found.shaping))
    )
    return " ".join(kept.split())


@cache
def _measurer(path: Path, raqm: bool) -> Any:
    from PIL import ImageFont

    engine = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(path), MEASURE_PX, layout_engine=engine)


def width_of(found: Fonts, text: str, size: float, bold: bool) -> float:
    """How wide ``text`` prints at ``size`` points, in millimetres."""
    font = _measurer(found.bold if bold else found.regular, found.shaping_png)
    return float(font.getlength(text)) / MEASURE_PX * size * MM_PER_POINT


def wrap(
    found: Fonts, text: str, size: float, bold: bool, width: float, most: int
) -> tuple[str, ...]:
    """``text`` in lines that fit ``width`` mm at ``size`` points, broken between words (a word
    too long for a line is broken where it must); at most ``most`` lines, the last one cut with
    an ellipsis when there is more."""

    def fits(line: str) -> bool:
        return width_of(found, line, size, bold) <= width

    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and fits(candidate):
            lines[-1] = candidate
            continue
        while not fits(word) and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and not fits(word[:cut]):
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    if len(lines) <= most:
        return tuple(lines)
    last = lines[most - 1]
    while last and not fits(last + " " + ELLIPSIS):
        last = last[:-1]
    return (*lines[: most - 1], f"{last.rstrip(' .,')} {ELLIPSIS}".strip())
