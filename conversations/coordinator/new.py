"""/new: a coordinator publishes an opportunity with its shifts; and the steps /edit borrows.

title → description → category (buttons, or type a new one) → location → organisation (only
those the person manages; skipped when there is one) → shifts or an ongoing role → for shifts:
a day on a calendar of buttons, start and end time (buttons, or typed ``HH:MM``), capacity →
another shift? → a preview as residents will see it → Publish. The shift steps also serve
/edit's "add a shift" and "move a shift" (see :mod:`conversations.coordinator.edit`).

Every step has Back and Cancel. The draft and the step names are in
:mod:`conversations.coordinator.steps`, the screens in :mod:`conversations.coordinator.screens`.
The conversation runs in its own handler group (see :mod:`conversations.coordinator.drafting`):
what it takes stops there, another flow's command or button ends it quietly and goes on to that
flow.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update

from bot.clock import from_utc_text, utc_text
from bot.services import ideas, posters, publishing
from bot.services.publishing import Draft, Invalid, ShiftPlan
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator import repeats
from conversations.coordinator.guard import Rows, arg, given, needed, step, text_of
from conversations.coordinator.screens import SCREENS, go, typed_step
from conversations.coordinator.steps import (
    CAPACITY,
    CATEGORY,
    CONFIRM_MOVE,
    DAY,
    DESCRIPTION,
    EDIT,
    EDIT_STEPS,
    END,
    FINISH,
    KIND,
    LOCATION,
    MORE,
    ORGANISATION,
    PREVIEW,
    REPEAT_UNTIL,
    SERIES,
    SERIES_PLACES,
    START,
    TITLE,
    chosen_times,
    clear_shift,
    draft,
    forget,
    fresh,
    has_content,
    now,
    shift_plans,
    today,
    zone,
)
from conversations.ui.context import Context
from conversations.ui.day_picker import latest_day, tapped_day, tapped_month, typed_day
from conversations.ui.navigation import coordinator_menu_button
from conversations.ui.replying import answer, esc, keyboard, show, translator


# -- /new ----------------------------------------------------------------------------------------
@step("new")
async def new(update: Update, context: Context, role: Role) -> str | int:
    """/new: a fresh draft, then the title."""
    t = await translator(update, context)
    if not await publishing.managed_organisations(context.deps.db, role):
        await answer(update)
        await show(
            update,
            t._("There is no organisation yet. An administrator can add one with /invite."),
            new_message=update.callback_query is None,
        )
        return END
    fresh(context, mode="new")
    if update.callback_query is None:
        await show(update, t._("OK, let's make something new."), new_message=True)
    return await go(update, context, role, TITLE)


@typed_step("new")
async def on_title(update: Update, context: Context, role: Role) -> str:
    draft(context)["title"] = publishing.clean_text(text_of(update), "title")
    return await go(update, context, role, DESCRIPTION)


@typed_step("new")
async def on_description(update: Update, context: Context, role: Role) -> str:
    draft(context)["description"] = publishing.clean_text(text_of(update), "description")
    return await go(update, context, role, CATEGORY)


@step("new")
async def on_keep_description(update: Update, context: Context, role: Role) -> str:
    """✅ Keep: the description the draft has (an idea's text, or one typed before) stays."""
    if not draft(context).get("description"):
        raise Invalid("empty")
    return await go(update, context, role, CATEGORY)


@typed_step("new")
async def on_category(update: Update, context: Context, role: Role) -> str:
    """A category button, or the name of a new one."""
    d = draft(context)
    if update.callback_query is not None:
        d.update(category_id=needed(update), category_name=None)
    else:
        d.update(category_id=None, category_name=publishing.clean_text(text_of(update), "category"))
    return await go(update, context, role, LOCATION)


@typed_step("new")
async def on_location(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    d["location"] = publishing.clean_text(text_of(update), "location")
    found = await publishing.managed_organisations(context.deps.db, role)
    if len(found) == 1:
        d["organisation_id"] = found[0].id
        return await go(update, context, role, KIND)
    return await go(update, context, role, ORGANISATION)


@step("new")
async def on_organisation(update: Update, context: Context, role: Role) -> str:
    organisation_id = needed(update)
    publishing.require(role, organisation_id, "publish")
    draft(context)["organisation_id"] = organisation_id
    return await go(update, context, role, KIND)


@step("new")
async def on_kind(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    if arg(update) == "o":
        d.update(kind="ongoing", shifts=[])
        return await go(update, context, role, PREVIEW)
    d["kind"] = "episodic"
    return await go(update, context, role, MORE if d["shifts"] else DAY)


# -- a shift: day, start, end, capacity (for /new, and /edit's add and move) ---------------------
@step("new")
async def on_month(update: Update, context: Context, role: Role) -> str:
    month = tapped_month(arg(update))
    if month is None:
        raise Invalid("missing")
    draft(context)["month"] = month
    return await go(update, context, role, DAY)


@typed_step("new")
async def on_day(update: Update, context: Context, role: Role) -> str:
    """A day tapped in the calendar (or typed as 27-11 or 27-11-2026)."""
    first = today(context)
    if update.callback_query is not None:
        chosen = tapped_day(arg(update))
        if chosen is None:
            raise Invalid("missing")
    else:
        chosen = typed_day(text_of(update), first)
        if chosen is None:
            raise Invalid("day")
    if chosen < first or chosen > latest_day(first):
        raise Invalid("past")
    d = draft(context)
    d.update(day=chosen.isoformat(), month=chosen.strftime("%Y-%m"))
    return await go(update, context, role, START)


def time_of(update: Update) -> str:
    found = publishing.parse_time(given(update))
    if found is None:
        raise Invalid("time")
    return found


@typed_step("new")
async def on_start(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    start = time_of(update)
    if publishing.local_moment(date.fromisoformat(d["day"]), start, zone(context)) <= now(context):
        raise Invalid("past")
    d["start"] = start
    return await go(update, context, role, FINISH)


@typed_step("new")
async def on_end(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    d["end"] = time_of(update)
    try:
        chosen_times(context, d)
    except Invalid:
        d.pop("end", None)
        raise
    if d.get("mode") == "series":
        return await repeats.finish_times(update, context, role)
    return await go(update, context, role, CONFIRM_MOVE if d.get("mode") == "move" else CAPACITY)


@typed_step("new")
async def on_capacity(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    capacity = publishing.parse_capacity(given(update))
    if capacity is None:
        raise Invalid("capacity")
    starts_at, ends_at = chosen_times(context, d)
    t = await translator(update, context)
    if d.get("mode") == "add":
        plan = ShiftPlan(starts_at, ends_at, capacity)
        await publishing.add_shift(context.deps.db, role, int(d["opp"]), plan, now(context))
        clear_shift(d)
        note = t._("✅ Shift added: {when}.").format(when=t.when(starts_at, ends_at))
        return await go(update, context, role, EDIT, note)
    if starts_at <= now(context):
        raise Invalid("past")
    if any(s["start"] == utc_text(starts_at) for s in d["shifts"]):
        raise Invalid("start_taken")
    d["shifts"].append(
        {"start": utc_text(starts_at), "end": utc_text(ends_at), "capacity": capacity}
    )
    clear_shift(d, keep_month=True)
    return await go(update, context, role, MORE)


@step("new")
async def on_more(update: Update, context: Context, role: Role) -> str:
    if arg(update) == "y":
        if len(draft(context)["shifts"]) >= publishing.MAX_SHIFTS:
            raise Invalid("too_long")
        return await go(update, context, role, DAY)
    return await go(update, context, role, PREVIEW)


@step("new")
async def on_publish(update: Update, context: Context, role: Role) -> int:
    d = draft(context)
    t = await translator(update, context)
    idea_id = d.get("idea")
    made = Draft(
        title=d.get("title", ""),
        description=d.get("description", ""),
        location=d.get("location", ""),
        organisation_id=int(d.get("organisation_id") or 0),
        kind=d.get("kind", ""),
        category_id=d.get("category_id"),
        category_name=d.get("category_name"),
        shifts=shift_plans(d),
        idea_id=idea_id if isinstance(idea_id, int) else None,
    )
    db = context.deps.db
    opportunity_id = await publishing.publish(db, role, made, now(context), zone(context))
    forget(context)
    link = posters.link(context.bot.username, posters.OPPORTUNITY, opportunity_id)
    paragraphs = [
        t._("✅ <b>Published:</b> {title}. Residents can find it now.").format(
            title=esc(made.title)
        ),
        t._("Share this link on a poster or in a message:\n{link}").format(link=link),
    ]
    if made.idea_id is not None:
        proposer = await ideas.proposer_told(db, made.idea_id, opportunity_id)
        if proposer is not None:
            context.deps.kick()
            paragraphs.append(
                t._("💡 {name}, whose idea it was, gets a message to sign up first.").format(
                    name=esc(proposer)
                )
            )
    text = "\n\n".join(paragraphs)
    rows: Rows = [
        [(t._("✏️ Change it"), actions.EDIT.data(opportunity_id))],
        [coordinator_menu_button(t)],
    ]
    await answer(update, t._("Published!"))
    await show(update, text, keyboard(*rows))
    return END


# -- Back and Cancel -----------------------------------------------------------------------------
@step("new")
async def on_back(update: Update, context: Context, role: Role) -> str | int:
    """One step back; on /new the answers stay, so going forward again is quick."""
    d = draft(context)
    current = d.get("step")
    edit_mode = d.get("mode") in ("add", "move", "text")
    series_mode = d.get("mode") == "series" and current in (SERIES, SERIES_PLACES, START, FINISH)
    if current in EDIT_STEPS or (current == DAY and edit_mode) or series_mode:
        d["mode"] = "edit"
        clear_shift(d)
        return await go(update, context, role, EDIT)
    if current == MORE and d.get("shifts"):
        # Back from "another shift?" reopens the last shift's capacity.
        last = d["shifts"].pop()
        starts_at, ends_at = from_utc_text(last["start"]), from_utc_text(last["end"])
        local_start, local_end = (
            starts_at.astimezone(zone(context)),
            ends_at.astimezone(zone(context)),
        )
        d.update(
            day=local_start.date().isoformat(),
            start=local_start.strftime("%H:%M"),
            end=local_end.strftime("%H:%M"),
            month=local_start.strftime("%Y-%m"),
        )
        return await go(update, context, role, CAPACITY)
    previous = await _previous(context, role, d, current)
    if previous is None:
        return await on_cancel_inner(update, context)
    return await go(update, context, role, previous)


async def _previous(context: Context, role: Role, d: dict[str, Any], current: Any) -> str | None:
    if current == KIND:
        many = len(await publishing.managed_organisations(context.deps.db, role)) > 1
        return ORGANISATION if many else LOCATION
    if current == DAY:
        return MORE if d.get("shifts") else KIND
    if current == PREVIEW:
        return MORE if d.get("kind") == "episodic" else KIND
    if current == REPEAT_UNTIL:
        return MORE
    order = {
        DESCRIPTION: TITLE,
        CATEGORY: DESCRIPTION,
        LOCATION: CATEGORY,
        ORGANISATION: LOCATION,
        START: DAY,
        FINISH: START,
        CAPACITY: FINISH,
        CONFIRM_MOVE: FINISH,
        EDIT: None,
    }
    return order.get(current)


async def on_cancel_inner(update: Update, context: Context) -> int:
    d = draft(context)
    t = await translator(update, context)
    new_draft = d.get("mode") == "new"
    forget(context)
    text = t._("Stopped. Nothing was published.") if new_draft else t._("Closed.")
    await answer(update)
    await show(update, text, keyboard([coordinator_menu_button(t)]))
    return END


@step("new")
async def on_cancel(update: Update, context: Context, role: Role) -> int:
    """/cancel (and "Yes, throw it away"): the draft is thrown away."""
    return await on_cancel_inner(update, context)


@step("new")
async def on_stop(update: Update, context: Context, role: Role) -> str | int | None:
    """✖️ Stop: a /new draft with something in it asks once; anything else stops at once."""
    d = draft(context)
    if not has_content(d) or d.get("step") not in SCREENS:
        return await on_cancel_inner(update, context)
    t = await translator(update, context)
    rows: Rows = [
        [(t._("🗑 Yes, throw it away"), actions.DRAFT_STOP_SURE.data())],
        [(t._("↩️ No, go on"), actions.DRAFT_GO_ON.data())],
    ]
    await answer(update)
    text = t._("Throw away this draft? What you entered is then lost.")
    await show(update, text, keyboard(*rows))
    return str(d["step"])


@step("new")
async def on_go_on(update: Update, context: Context, role: Role) -> str | int:
    """No, go on: the step the draft was at, as it was."""
    current = draft(context).get("step")
    if current not in SCREENS:
        return await on_cancel_inner(update, context)
    return await go(update, context, role, str(current))
