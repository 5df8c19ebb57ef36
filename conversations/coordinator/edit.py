"""/edit: a coordinator changes one of their opportunities, or cancels it.

One of the person's opportunities → change title, description, place or category, add a shift,
move a shift or change its end (its people are told, reminders re-planned), change its places
(fewer than are signed up is refused; more moves the waitlist up), cancel a shift or the whole
thing. Adding and moving a shift go through the same day and time steps as /new (see
:mod:`conversations.coordinator.new`); the screens are in
:mod:`conversations.coordinator.edit_screens`.
"""

from __future__ import annotations

from datetime import date

from telegram import Update

from bot.clock import utc_text
from bot.services import publishing
from bot.services.publishing import Invalid
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator.guard import (
    Rows,
    arg,
    given,
    needed,
    number,
    show_with_back,
    step,
    text_of,
)
from conversations.coordinator.new import time_of
from conversations.coordinator.screens import go, typed_step
from conversations.coordinator.steps import (
    DAY,
    EDIT,
    EDIT_CATEGORY,
    EDIT_END,
    EDIT_PLACES,
    EDIT_TEXT,
    END,
    FIELDS,
    chosen_times,
    clear_shift,
    draft,
    forget,
    fresh,
    now,
    places,
    told,
    will_be_told,
    zone,
)
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import coordinator_menu_button
from conversations.ui.paging import paged, pager
from conversations.ui.replying import answer, esc, keyboard, show, translator

PAGE_SIZE = 8


@step("edit")
async def edit_list(update: Update, context: Context, role: Role) -> str:
    """/edit (and ⬅️ from one opportunity): the person's open opportunities, a page at a time."""
    t = await translator(update, context)
    found = await publishing.editable(context.deps.db, role)
    shown, page, pages = paged(found, number(update) or 0, PAGE_SIZE)
    fresh(context, mode="edit", step=EDIT)
    rows: Rows = [[(clip(o.title, 48), actions.EDIT.data(o.id))] for o in shown]
    if nav := pager(t, actions.EDIT_LIST, page, pages):
        rows.append(nav)
    rows.append([coordinator_menu_button(t)])
    text = (
        t._("Which one do you want to change or cancel?")
        if found
        else t._("You have nothing open to change. Make something new with /new.")
    )
    await answer(update)
    await show(update, text, keyboard(*rows), new_message=update.callback_query is None)
    return EDIT


@step("edit")
async def edit_one(update: Update, context: Context, role: Role) -> str:
    opportunity_id = needed(update)
    await publishing.opportunity(context.deps.db, role, opportunity_id, now(context))
    fresh(context, mode="edit", opp=opportunity_id)
    return await go(update, context, role, EDIT)


@step("edit")
async def edit_field(update: Update, context: Context, role: Role) -> str:
    opportunity_id = needed(update)
    field = FIELDS.get(arg(update, 1) or "")
    if field is None:
        raise Invalid("missing")
    await publishing.opportunity(context.deps.db, role, opportunity_id, now(context))
    fresh(context, mode="text", opp=opportunity_id, field=field)
    return await go(update, context, role, EDIT_TEXT)


@typed_step("edit")
async def on_edit_text(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    t = await translator(update, context)
    await publishing.change_text(context.deps.db, role, int(d["opp"]), d["field"], text_of(update))
    d["mode"] = "edit"
    return await go(update, context, role, EDIT, t._("✅ Saved."))


@step("edit")
async def edit_category(update: Update, context: Context, role: Role) -> str:
    """🏷 Category: the existing categories to choose from."""
    opportunity_id = needed(update)
    found = await publishing.opportunity(context.deps.db, role, opportunity_id, now(context))
    if found.row.status != "open":
        raise Invalid("closed")
    fresh(context, mode="category", opp=opportunity_id)
    return await go(update, context, role, EDIT_CATEGORY)


@typed_step("edit")
async def on_edit_category(update: Update, context: Context, role: Role) -> str:
    """A category tapped (typing one is not taken here: the step is shown again)."""
    if update.callback_query is None:
        raise Invalid("pick_category")
    d = draft(context)
    t = await translator(update, context)
    await publishing.change_category(context.deps.db, role, int(d["opp"]), needed(update))
    d["mode"] = "edit"
    return await go(update, context, role, EDIT, t._("✅ Saved."))


async def _open_coming_shift(context: Context, role: Role, shift_id: int, action: str) -> None:
    shift = await publishing.shift(context.deps.db, role, shift_id, action=action)
    if shift.status != "open":
        raise Invalid("closed")
    if shift.starts_at <= now(context):
        raise Invalid("started_change")
    fresh(context, mode="shift", opp=shift.opportunity_id, shift=shift.id)


@step("edit")
async def edit_places(update: Update, context: Context, role: Role) -> str:
    """👥 Places of one shift: how many should it have?"""
    await _open_coming_shift(context, role, needed(update), "change_places")
    return await go(update, context, role, EDIT_PLACES)


@typed_step("edit")
async def on_places(update: Update, context: Context, role: Role) -> str:
    """A number tapped or typed: fewer than are signed up is refused with how many; more moves
    the waitlist up (each is told at once)."""
    d = draft(context)
    capacity = publishing.parse_capacity(given(update))
    if capacity is None:
        raise Invalid("capacity")
    t = await translator(update, context)
    rules = context.deps.rules
    promoted = await publishing.change_places(
        context.deps.db, role, int(d["shift"]), capacity, now(context), rules
    )
    if promoted:
        _kick(context)
    d["mode"] = "edit"
    clear_shift(d)
    note = t._("✅ Saved: {places}.").format(places=places(t, capacity))
    if promoted:
        note += " " + t.ngettext(
            "{n} person moved up from the waitlist and gets a message.",
            "{n} people moved up from the waitlist and get a message.",
            len(promoted),
        ).format(n=len(promoted))
    return await go(update, context, role, EDIT, note)


@step("edit")
async def edit_end(update: Update, context: Context, role: Role) -> str:
    """🏁 End of one shift: what time should it end?"""
    await _open_coming_shift(context, role, needed(update), "move_shift")
    return await go(update, context, role, EDIT_END)


@typed_step("edit")
async def on_end_time(update: Update, context: Context, role: Role) -> str:
    """A time tapped or typed, on the shift's own day: it must stay after the start. The people
    signed up are told, as when a shift is moved."""
    d = draft(context)
    t = await translator(update, context)
    db = context.deps.db
    shift = await publishing.shift(db, role, int(d["shift"]), action="move_shift")
    day: date = shift.starts_at.astimezone(zone(context)).date()
    ends_at = publishing.local_moment(day, time_of(update), zone(context))
    if ends_at <= shift.starts_at:
        raise Invalid("end_before_start")
    n = await publishing.move_shift(
        db, role, shift.id, shift.starts_at, ends_at, now(context), context.deps.rules
    )
    _kick(context)
    d["mode"] = "edit"
    clear_shift(d)
    note = t._("✅ It now ends at {time}.").format(time=t.time(ends_at))
    if n:
        note += " " + told(t, n)
    return await go(update, context, role, EDIT, note)


@step("edit")
async def edit_add_shift(update: Update, context: Context, role: Role) -> str:
    opportunity_id = needed(update)
    await publishing.opportunity(
        context.deps.db, role, opportunity_id, now(context), action="add_shift"
    )
    fresh(context, mode="add", opp=opportunity_id)
    return await go(update, context, role, DAY)


@step("edit")
async def edit_move_shift(update: Update, context: Context, role: Role) -> str:
    shift = await publishing.shift(context.deps.db, role, needed(update), action="move_shift")
    if shift.status != "open":
        raise Invalid("closed")
    if shift.starts_at <= now(context):
        raise Invalid("started")
    fresh(
        context,
        mode="move",
        opp=shift.opportunity_id,
        shift=shift.id,
        old=[utc_text(shift.starts_at), utc_text(shift.ends_at)],
        month=shift.starts_at.astimezone(zone(context)).strftime("%Y-%m"),
    )
    return await go(update, context, role, DAY)


@step("edit")
async def on_confirm_move(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    t = await translator(update, context)
    starts_at, ends_at = chosen_times(context, d)
    n = await publishing.move_shift(
        context.deps.db,
        role,
        int(d["shift"]),
        starts_at,
        ends_at,
        now(context),
        context.deps.rules,
    )
    _kick(context)
    d["mode"] = "edit"
    clear_shift(d)
    note = t._("✅ Moved to {when}.").format(when=t.when(starts_at, ends_at))
    if n:
        note += " " + told(t, n)
    return await go(update, context, role, EDIT, note)


def _kick(context: Context) -> None:
    context.deps.kick()


@step("edit")
async def ask_cancel_shift(update: Update, context: Context, role: Role) -> str:
    shift = await publishing.shift(context.deps.db, role, needed(update), action="cancel_shift")
    if shift.status != "open":
        raise Invalid("closed")
    t = await translator(update, context)
    fresh(context, mode="edit", opp=shift.opportunity_id, step=EDIT)
    text = t._("<b>Cancel this shift?</b>\n{title}\n{when}").format(
        title=esc(shift.title), when=t.when(shift.starts_at, shift.ends_at)
    )
    people = shift.people
    if people:
        text += "\n\n" + will_be_told(t, people)
    sure = [(t._("Yes, cancel this shift"), actions.CANCEL_SHIFT.data(shift.id))]
    await show_with_back(update, t, text, sure, back=actions.EDIT.data(shift.opportunity_id))
    return EDIT


@step("edit")
async def cancel_shift(update: Update, context: Context, role: Role) -> str:
    t = await translator(update, context)
    db = context.deps.db
    shift = await publishing.shift(db, role, needed(update), action="cancel_shift")
    n = await publishing.cancel_shift(db, role, shift.id, now(context))
    _kick(context)
    fresh(context, mode="edit", opp=shift.opportunity_id)
    note = t._("✅ The shift of {when} is cancelled.").format(
        when=t.when(shift.starts_at, shift.ends_at)
    )
    if n:
        note += " " + told(t, n)
    return await go(update, context, role, EDIT, note)


@step("edit")
async def ask_cancel_opportunity(update: Update, context: Context, role: Role) -> str:
    found = await publishing.opportunity(
        context.deps.db, role, needed(update), now(context), action="cancel_opportunity"
    )
    if found.row.status != "open":
        raise Invalid("closed")
    t = await translator(update, context)
    fresh(context, mode="edit", opp=found.row.id, step=EDIT)
    text = t._(
        "<b>Cancel {title}?</b>\nAll its coming shifts are cancelled too. "
        "Residents can no longer find it."
    ).format(title=esc(found.row.title))
    people = await publishing.people_to_tell(context.deps.db, found.row.id, now(context))
    if people:
        text += "\n\n" + will_be_told(t, people)
    sure = [(t._("Yes, cancel it"), actions.CANCEL_OPPORTUNITY.data(found.row.id))]
    await show_with_back(update, t, text, sure, back=actions.EDIT.data(found.row.id))
    return EDIT


@step("edit")
async def cancel_opportunity(update: Update, context: Context, role: Role) -> int:
    t = await translator(update, context)
    db = context.deps.db
    found = await publishing.opportunity(
        db, role, needed(update), now(context), action="cancel_opportunity"
    )
    n = await publishing.cancel_opportunity(db, role, found.row.id, now(context))
    _kick(context)
    forget(context)
    text = t._("✅ <b>{title}</b> is cancelled.").format(title=esc(found.row.title))
    if n:
        text += " " + told(t, n)
    rows: Rows = [
        [(t._("✏️ Change something else"), actions.EDIT_LIST.data(0))],
        [coordinator_menu_button(t)],
    ]
    await answer(update)
    await show(update, text, keyboard(*rows))
    return END
