"""Choosing an opportunity's themes in the ``publish`` conversation: /new asks after the
category (ticks kept in the draft, published with it), /edit's "🎯 Themes" saves them at ✔️ Done.
A forged theme is "this no longer exists" and changes nothing; typing shows the step again.
The screen is :func:`conversations.coordinator.theme_screens.choose_themes`.
"""

from __future__ import annotations

from telegram import Update

from bot.services import publishing, themes
from bot.services.publishing import Invalid
from bot.services.roles import Role
from conversations.coordinator.guard import arg, needed, step
from conversations.coordinator.screens import go, typed_step
from conversations.coordinator.steps import (
    EDIT,
    EDIT_THEMES,
    LOCATION,
    THEMES,
    draft,
    fresh,
    now,
)
from conversations.ui.context import Context
from conversations.ui.replying import translator

_STEPS = (THEMES, EDIT_THEMES)


@step("new")
async def on_theme(update: Update, context: Context, role: Role) -> str:
    """A theme ticked or unticked: the same step again, with the tick changed."""
    found = themes.theme(arg(update))
    d = draft(context)
    current = d.get("step")
    if found is None or current not in _STEPS:
        raise Invalid("missing")
    chosen = set(d.get("themes") or ()) ^ {found.key}
    d["themes"] = list(themes.ordered(chosen))
    return await go(update, context, role, str(current))


@step("new")
async def on_done(update: Update, context: Context, role: Role) -> str:
    """✔️ Done (or ⏭ Skip): on /new the place is next; on /edit the themes are saved."""
    d = draft(context)
    current = d.get("step")
    if current == THEMES:
        return await go(update, context, role, LOCATION)
    if current != EDIT_THEMES:
        raise Invalid("missing")
    t = await translator(update, context)
    await themes.change(context.deps.db, role, int(d["opp"]), d.get("themes") or ())
    d["mode"] = "edit"
    return await go(update, context, role, EDIT, t._("✅ Saved."))


@typed_step("new")
async def on_typed(update: Update, context: Context, role: Role) -> str:
    """Text where a tap is wanted: the step again, with how to go on."""
    raise Invalid("pick_themes")


@step("edit")
async def edit_themes(update: Update, context: Context, role: Role) -> str:
    """🎯 Themes of one opportunity: the ones it has now are ticked."""
    opportunity_id = needed(update)
    db = context.deps.db
    found = await publishing.opportunity(db, role, opportunity_id, now(context))
    if found.row.status != "open":
        raise Invalid("closed")
    chosen = list(await themes.of(db, found.row.id))
    fresh(context, mode="themes", opp=opportunity_id, themes=chosen)
    return await go(update, context, role, EDIT_THEMES)
