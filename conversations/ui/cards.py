"""The opportunity card: what an opportunity is, the way a resident reads it.

The resident's opportunity screen shows it above the dates; the coordinator's preview and /edit
show the same card, so what they check is what residents will see.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Translator, esc
from conversations.ui.labels import clip

DESCRIPTION_LIMIT = 1500  # characters of a spreadsheet description shown on one screen


def opportunity_card(
    t: Translator,
    *,
    title: str,
    description: str,
    organisation: str,
    location: str,
    category: str | None = None,
    ongoing: bool = False,
    themes: Sequence[str] = (),
) -> list[str]:
    """The card's lines: title, description (clipped), organisation, place, the category when
    given, the themes' names (translated) when it has any, and a line that says an ongoing
    role is one."""
    lines = [f"<b>{esc(title)}</b>"]
    if description.strip():
        lines.append(esc(clip(description, DESCRIPTION_LIMIT)))
    lines.append("")
    lines.append("🏢 " + esc(organisation))
    if location:
        lines.append("📍 " + esc(location))
    if category:
        lines.append("🏷 " + esc(category))
    if themes:
        lines.append("🎯 " + ", ".join(themes))
    if ongoing:
        lines.append("🔁 " + t._("An ongoing role: you help regularly, for example every week."))
    return lines
