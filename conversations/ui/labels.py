"""Shortening what a person or a spreadsheet wrote, so a button or a screen stays readable."""

from __future__ import annotations


def clip(text: str, limit: int = 40) -> str:
    """``text`` on one line (runs of spaces and line breaks become one space), at most
    ``limit`` characters; longer text ends in "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
