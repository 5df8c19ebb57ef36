"""The /edit screens of the ``publish`` conversation: one opportunity with what can change,
and the steps that change one thing (a text, the category, a shift's places or end, a move).
Listed in :data:`conversations.coordinator.screens.SCREENS` with the others."""

from __future__ import annotations

from typing import Any

from bot.i18n import Translator
from bot.limits import MAX_PLACES
from bot.services import publishing, series
from bot.services.publishing import ShiftRow
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator.guard import Rows
from conversations.coordinator.posters import poster_button
from conversations.coordinator.steps import (
    FIELD_NAMES,
    chosen_times,
    now,
    places,
    step_row,
    will_be_told,
)
from conversations.ui.cards import opportunity_card
from conversations.ui.context import Context
from conversations.ui.labels import clip, fit
from conversations.ui.navigation import back_button
from conversations.ui.pickers import later_times, number_rows, time_rows
from conversations.ui.replying import esc


async def edit(context: Context, role: Role, t: Translator, d: dict[str, Any]) -> tuple[str, Rows]:
    found = await publishing.opportunity(context.deps.db, role, int(d["opp"]), now(context))
    row = found.row
    lines = opportunity_card(
        t,
        title=row.title,
        description=row.description,
        organisation=row.organisation,
        location=row.location,
        category=row.category,
        ongoing=row.kind == "ongoing",
    )
    rows: Rows = []
    if row.status == "open":
        rows.append(
            [
                (t._("✏️ Title"), actions.EDIT_TEXT.data(row.id, "t")),
                (t._("✏️ Description"), actions.EDIT_TEXT.data(row.id, "d")),
                (t._("✏️ Place"), actions.EDIT_TEXT.data(row.id, "l")),
            ]
        )
        rows.append(
            [
                (t._("🏷 Category"), actions.EDIT_CATEGORY.data(row.id)),
                (t._("🌐 Translation"), actions.TRANSLATIONS.data(row.id)),
            ]
        )
        rows.append([poster_button(t, row.id)])
        for offered in await series.offered(context.deps.db, row.id, now(context)):
            every = t.rhythm(
                offered.series.every_weeks,
                offered.first,
                offered.series.starts,
                offered.series.ends,
            )
            label = t.ngettext("🔁 {every} · {n} date", "🔁 {every} · {n} dates", offered.dates)
            rows.append(
                [
                    (
                        fit(label.format(every="{every}", n=offered.dates), 60, every=every),
                        actions.EDIT_SERIES.data(offered.series.id),
                    )
                ]
            )
        upcoming = [s for s in found.shifts if s.starts_at > now(context)]
        if upcoming:
            lines += ["", t._("<b>Shifts</b> (signed up / places)")]
        for s in upcoming[: publishing.MAX_SHIFTS]:
            lines.append(f"🗓 {t.when(s.starts_at, s.ends_at)} – {s.confirmed}/{s.capacity}")
            label = f"🕒 {t.short_date(s.starts_at)} {t.time(s.starts_at)}"
            rows.append(
                [
                    (label, actions.MOVE_SHIFT.data(s.id)),
                    (t._("❌ Call off"), actions.ASK_CANCEL_SHIFT.data(s.id)),
                ]
            )
            rows.append(
                [
                    (f"👥 {places(t, s.capacity)}", actions.EDIT_PLACES.data(s.id)),
                    (
                        t._("🏁 Ends {time}").format(time=t.time(s.ends_at)),
                        actions.EDIT_END.data(s.id),
                    ),
                ]
            )
        if row.kind == "episodic":
            rows.append([(t._("➕ Add a shift"), actions.ADD_SHIFT.data(row.id))])
        rows.append(
            [(t._("🗑 Cancel this opportunity"), actions.ASK_CANCEL_OPPORTUNITY.data(row.id))]
        )
    else:
        lines += ["", t._("This opportunity is cancelled.")]
    rows.append(
        [back_button(t, actions.EDIT_LIST.data(0)), (t._("✖️ Close"), actions.DRAFT_STOP.data())]
    )
    return "\n".join([*lines, "", t._("What do you want to change?")]), rows


async def edit_text(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    found = await publishing.opportunity(context.deps.db, role, int(d["opp"]), now(context))
    field = d["field"]
    current = getattr(found.row, field)
    text = t._("Type the new {field}.\n\nNow: {current}").format(
        field=t._(FIELD_NAMES[field]), current=esc(current)
    )
    return text, [step_row(t)]


async def edit_category(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    found = await publishing.opportunity(context.deps.db, role, int(d["opp"]), now(context))
    categories = await publishing.categories(context.deps.db)
    rows: Rows = []
    for i in range(0, len(categories), 2):
        rows.append(
            [
                (
                    ("✅ " if c.name == found.row.category else "") + clip(c.name, 30),
                    actions.DRAFT_CATEGORY.data(c.id),
                )
                for c in categories[i : i + 2]
            ]
        )
    rows.append(step_row(t))
    text = t._("<b>{title}</b>\nCategory now: {category}\n\nWhich category fits? Tap one.")
    return text.format(title=esc(found.row.title), category=esc(found.row.category)), rows


async def _shift_of(context: Context, role: Role, d: dict[str, Any], action: str) -> ShiftRow:
    return await publishing.shift(context.deps.db, role, int(d["shift"]), action=action)


async def edit_places(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    shift = await _shift_of(context, role, d, "change_places")
    first = max(1, shift.confirmed)
    rows: Rows = [*number_rows(first, min(first + 9, MAX_PLACES)), step_row(t)]
    lines = [
        f"<b>{esc(shift.title)}</b>",
        f"🗓 {t.when(shift.starts_at, shift.ends_at)}",
        t._("Now: {places}, {confirmed} signed up, {waitlisted} on the waitlist.").format(
            places=places(t, shift.capacity),
            confirmed=shift.confirmed,
            waitlisted=shift.waitlisted,
        ),
        "",
        t._("How many places should it have? Tap or type a number from {least} to {most}.").format(
            least=first, most=MAX_PLACES
        ),
    ]
    return "\n".join(lines), rows


async def edit_end(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    shift = await _shift_of(context, role, d, "move_shift")
    start = t.time(shift.starts_at)
    rows: Rows = [*time_rows(later_times(start)), step_row(t)]
    text = t._(
        "<b>{title}</b>\n🗓 {when}\n\nWhat time should it end? Tap a time, or type it, e.g. 16:30."
    ).format(title=esc(shift.title), when=t.when(shift.starts_at, shift.ends_at))
    return text, rows


async def confirm_move(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    shift = await publishing.shift(context.deps.db, role, int(d["shift"]), action="move_shift")
    starts_at, ends_at = chosen_times(context, d)
    people = shift.people
    text = t._("<b>Move this shift?</b>\nFrom: {old}\nTo: {new}").format(
        old=t.when(shift.starts_at, shift.ends_at), new=t.when(starts_at, ends_at)
    )
    if people:
        text += "\n\n" + will_be_told(t, people)
    rows: Rows = [[(t._("✅ Yes, move it"), actions.CONFIRM_MOVE.data())], step_row(t)]
    return text, rows
