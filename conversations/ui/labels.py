"""Shortening what a person or a spreadsheet wrote, so a button or a screen stays readable."""

from __future__ import annotations


def clip(text: str, limit: int = 40) -> str:
    """``text`` on one line (runs of spaces and line breaks become one space), at most
    ``limit`` characters; longer text ends in "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fit(text: str, limit: int, **parts: str) -> str:
    """``text`` with its ``{name}`` slots filled by ``parts``, at most ``limit`` characters: only
    the parts are shortened (a title), never the rest (the date, the free places), so a cut
    label still says when and how many."""
    fixed = text
    for name in parts:
        fixed = fixed.replace("{" + name + "}", "")
    room = max(limit - len(fixed), 8 * len(parts))
    share = room // max(len(parts), 1)
    for name, value in parts.items():
        text = text.replace("{" + name + "}", clip(value, share))
    return text
