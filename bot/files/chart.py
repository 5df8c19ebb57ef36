"""The /stats chart: sign-ups (bars) and hours given (line) per week, as PNG bytes.

matplotlib with the Agg backend and its object API (no pyplot, no display, no global state), so
it can run in a worker thread while the bot goes on.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ChartLabels:
    title: str
    signups: str
    hours: str


def weekly_png(
    weeks: Sequence[str], signups: Sequence[int], hours: Sequence[float], labels: ChartLabels
) -> bytes:
    """A bar-and-line chart of 800 x 450 pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(8, 4.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(weeks)))
    bars = axes.bar(positions, signups, color="#2a7ab9", label=labels.signups)
    axes.set_ylabel(labels.signups)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xticks(positions, list(weeks), rotation=45, ha="right", fontsize=8)
    axes.set_title(labels.title)
    axes.spines[["top"]].set_visible(False)
    line_axes = axes.twinx()
    (line,) = line_axes.plot(
        positions, hours, color="#e07b00", marker="o", linewidth=2, label=labels.hours
    )
    line_axes.set_ylabel(labels.hours)
    line_axes.set_ylim(bottom=0, top=max([*hours, 1.0]) * 1.15)
    axes.set_ylim(bottom=0, top=max([*signups, 1]) * 1.15)
    axes.legend(handles=[bars, line], loc="upper left", fontsize=8, frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
