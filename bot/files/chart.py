"""The /stats chart: sign-ups (bars) and hours given (line) per week, as PNG bytes; and bars
for the quarterly report (people and hours per month, hours per theme).

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


@dataclass(frozen=True)
class Series:
    """One row of bars: its name in the legend, the heights, and what each bar says on top
    ("<5" for a small number of people, drawn as no bar at all)."""

    label: str
    values: Sequence[float]
    shown: Sequence[str]


COLOURS = ("#2a7ab9", "#e07b00", "#3a9a5b")


def bars_png(groups: Sequence[str], series: Sequence[Series]) -> bytes:
    """Bars side by side for each group (a month, a theme), each labelled with its number; a
    chart of 800 x 450 pixels for the quarterly report (which prints its title above it)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(8, 4.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    width = 0.8 / max(len(series), 1)
    highest = max([v for s in series for v in s.values] + [1.0])
    for i, one in enumerate(series):
        positions = [g + (i - (len(series) - 1) / 2) * width for g in range(len(groups))]
        bars = axes.bar(
            positions, one.values, width, color=COLOURS[i % len(COLOURS)], label=one.label
        )
        axes.bar_label(bars, labels=list(one.shown), padding=2, fontsize=9)
    axes.set_xticks(list(range(len(groups))), list(groups), fontsize=9)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0, top=highest * 1.2)
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axes.legend(loc="upper left", fontsize=8, frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
