"""A question's answers as a bar chart (PNG bytes): a bar per answer button or score, stacked by
group when the results are split (volunteers, staff).

matplotlib with the Agg backend and its object API, as :mod:`bot.files.chart`: no pyplot, no
global state, so it can run in a worker thread while the bot goes on.
"""

from __future__ import annotations

import io
import textwrap
import warnings
from collections.abc import Sequence

COLOURS = ("#2a7ab9", "#e07b00", "#5a9e3a")


def bars_png(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    axis: str,
) -> bytes:
    """An 800 x 450 bar chart: ``series`` are (group name, a count per label), stacked."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(8, 4.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    bottom = [0] * len(labels)
    for index, (name, counts) in enumerate(series):
        axes.bar(positions, counts, bottom=bottom, color=COLOURS[index % len(COLOURS)], label=name)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    names = ["\n".join(textwrap.wrap(label, 16)[:3]) or " " for label in labels]
    axes.set_xticks(positions, names, fontsize=9)
    axes.set_ylabel(axis)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0, top=max([*bottom, 1]) * 1.15)
    axes.set_title("\n".join(textwrap.wrap(title, 70)[:2]), fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axes.legend(loc="upper right", fontsize=8, frameon=False)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # An emoji in a question has no glyph in the font: it is left out, which is fine.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.tight_layout()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
