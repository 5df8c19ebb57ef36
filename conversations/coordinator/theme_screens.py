"""The themes step of the ``publish`` conversation: the four themes with ✅/⬜ toggles, for /new
(after the category; ⏭ Skip while none is ticked) and /edit's "🎯 Themes" (✔️ Done saves).
Listed in :data:`conversations.coordinator.screens.SCREENS`; the handlers are in
:mod:`conversations.coordinator.theme_steps`."""

from __future__ import annotations

from typing import Any

from bot.i18n import Translator
from bot.services import publishing, themes
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator.guard import Rows
from conversations.coordinator.steps import EDIT_THEMES, now, step_row
from conversations.ui.context import Context
from conversations.ui.replying import esc


async def choose_themes(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    """Which themes fit: one toggle a row, then Done (or Skip on a new draft with none)."""
    chosen = set(d.get("themes") or ())
    rows: Rows = [
        [(("✅ " if key in chosen else "⬜ ") + themes.name(t, key), actions.DRAFT_THEME.data(key))]
        for key in themes.KEYS
    ]
    editing = d.get("step") == EDIT_THEMES
    done = t._("✔️ Done") if chosen or editing else t._("⏭ Skip")
    rows.append([(done, actions.DRAFT_THEMES_DONE.data())])
    rows.append(step_row(t))
    if not editing:
        text = t._(
            "<b>{title}</b>\n\nWhich themes fit? Tap one or more. "
            "Then tap ✔️ Done, or ⏭ Skip if none fits."
        )
        return text.format(title=esc(d.get("title", ""))), rows
    found = await publishing.opportunity(context.deps.db, role, int(d["opp"]), now(context))
    stored = await themes.of(context.deps.db, found.row.id)
    text = t._(
        "<b>{title}</b>\nThemes now: {themes}\n\n"
        "Which themes fit? Tap to tick or untick them, then ✔️ Done."
    )
    shown = ", ".join(themes.names(t, stored)) or "–"
    return text.format(title=esc(found.row.title), themes=shown), rows
