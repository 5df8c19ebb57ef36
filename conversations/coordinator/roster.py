"""/roster: the coordinator's shifts with filled / capacity; one shift's people; who came.

Each name links to a chat with the person (``tg://user?id=``). Once a shift has started, each
confirmed person has two buttons, "came" and "did not come"; tapping again changes the answer.
The coordinator's mark wins over the volunteer's own answer and the check-in at the door; the
list says whose word a mark is. Until the shift ends, "📷 Check-in code" sends the QR code to
print or show at the door, and "🖨 Poster" the opportunity's poster (see
:mod:`conversations.coordinator.posters`). After the shift: the average score and the
comments, without names. A resident who brings people along shows with their party ("Sanne
(+2 people)"), and the count is of places. People without a phone, added by a coordinator (see
:mod:`conversations.coordinator.guests`), show as "📞 Ans (added by coordinator)", each with a
button to their screen; before the start, "➕ Someone without Telegram" adds one.
Callback actions: ``kr`` a page of shifts, ``krs`` one shift, ``kra`` attendance, ``krq`` the
check-in code.
"""

from __future__ import annotations

from babel.numbers import format_decimal
from telegram import Update

from bot.files import qr
from bot.i18n import N_, Translator
from bot.services import door, roster, series
from bot.services.publishing import Invalid
from bot.services.roles import Role
from bot.services.roster import BY_COORDINATOR, BY_DOOR, Feedback, Person
from conversations import actions
from conversations.coordinator.callhelp import callhelp_button
from conversations.coordinator.guard import (
    Rows,
    arg,
    coordinator_only,
    needed,
    number,
    show_screen,
    user_link,
)
from conversations.coordinator.posters import poster_button
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, coordinator_menu_button
from conversations.ui.paging import pager
from conversations.ui.replying import answer, esc, keyboard, show, translator

MAX_LISTED = 60  # people written out on one screen (Telegram's 4096 characters)
MAX_MARKED = 40  # people with attendance buttons (Telegram's 100 buttons)
MAX_COMMENTS = 8  # comments written out on one screen, each clipped
COMMENT_LENGTH = 150
CODE_CAPTION = N_("📷 Check-in for <b>{title}</b>, {when}: scan this with the phone camera.")
MAX_GUESTS = 10  # people without a phone with a button of their own (two to a row)


@coordinator_only("roster")
async def roster_command(update: Update, context: Context, role: Role) -> None:
    """/roster (and ``kr:<page>``): upcoming and recent shifts, a page at a time."""
    t = await translator(update, context)
    d = context.deps
    page = await roster.shifts(d.db, role, d.clock.now(), number(update) or 0)
    rows: Rows = []
    for s in page.items:
        label = "{when} · {title} ({filled}/{capacity})".format(
            when=f"{t.short_date(s.starts_at)} {t.time(s.starts_at)}",
            title=clip(s.title, 24),
            filled=s.confirmed,
            capacity=s.capacity,
        )
        rows.append([(label, actions.ROSTER_SHIFT.data(s.id))])
    if nav := pager(t, actions.ROSTER, page.page, page.pages):
        rows.append(nav)
    rows.append([coordinator_menu_button(t)])
    if page.items:
        text = t._("<b>Your shifts</b> (signed up / places)\n\nTap a shift to see who is coming.")
    else:
        text = t._("You have no coming shifts. Publish something with /new.")
    await answer(update)
    await show(update, text, keyboard(*rows), new_message=update.callback_query is None)


def _person_line(t: Translator, number: int, person: Person) -> str:
    if person.guest_id is not None:
        name = "📞 " + t._("{name} (added by coordinator)").format(
            name=esc(person.first_name or "")
        )
    else:
        name = user_link(person.resident_id, person.first_name, t._("(erased)"))
    if person.brought:
        name += " " + t.ngettext("(+{n} person)", "(+{n} people)", person.brought).format(
            n=person.brought
        )
    marks = {"came": t._("✅ came"), "no_show": t._("❌ did not come")}
    mark = marks.get(person.attendance or "")
    if mark and person.attendance_by == BY_DOOR:
        mark = t._("📷 checked in at the door")
    elif mark and person.attendance_by not in (None, BY_COORDINATOR):
        mark += " " + t._("(their own answer)")
    return f"{number}. {name}" + (f" – {mark}" if mark else "")


def _feedback_lines(t: Translator, feedback: Feedback) -> list[str]:
    """The scores and comments after a shift, never with a name (an average from 3 scores)."""
    lines = ["", t._("<b>Feedback</b> (without names)")]
    if feedback.average is not None:
        average = format_decimal(round(feedback.average, 1), format="0.0", locale=t.locale)
        lines.append(
            t.ngettext(
                "⭐ Average score: {average} out of 5 ({n} score)",
                "⭐ Average score: {average} out of 5 ({n} scores)",
                feedback.ratings,
            ).format(average=average, n=feedback.ratings)
        )
    elif feedback.ratings:
        lines.append(
            t.ngettext(
                "⭐ {n} score given (an average shows from 3 scores)",
                "⭐ {n} scores given (an average shows from 3 scores)",
                feedback.ratings,
            ).format(n=feedback.ratings)
        )
    for comment in feedback.comments[:MAX_COMMENTS]:
        lines.append(f"💬 {esc(clip(comment, COMMENT_LENGTH))}")
    if len(feedback.comments) > MAX_COMMENTS:
        more = len(feedback.comments) - MAX_COMMENTS
        lines.append(t._("…and {n} more (see /export).").format(n=more))
    return lines


def _guest_rows(people: list[Person]) -> Rows:
    """A button to each guest's screen (their phone number, take off, erase), two to a row."""
    guests = [p for p in people if p.guest_id is not None][:MAX_GUESTS]
    buttons = [
        (f"📞 {clip(p.first_name or '', 20)}", actions.GUEST.data(p.signup_id)) for p in guests
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


async def show_shift(
    update: Update, context: Context, role: Role, shift_id: int, note: str | None = None
) -> None:
    t = await translator(update, context)
    d = context.deps
    found = await roster.roster(d.db, role, shift_id, d.clock.now())
    s = found.shift
    lines = [
        f"<b>{esc(s.title)}</b>",
        f"🗓 {t.when(s.starts_at, s.ends_at)}",
        f"📍 {esc(s.location)}",
        "",
        t._("<b>Coming</b> ({filled}/{capacity})").format(filled=found.filled, capacity=s.capacity),
    ]
    lines += [_person_line(t, i, p) for i, p in enumerate(found.confirmed[:MAX_LISTED], 1)]
    if not found.confirmed:
        lines.append(t._("Nobody yet."))
    if found.waitlist:
        lines += ["", t._("<b>Waitlist</b> ({n})").format(n=len(found.waitlist))]
        lines += [_person_line(t, i, p) for i, p in enumerate(found.waitlist[:MAX_LISTED], 1)]
    hidden = max(0, len(found.confirmed) - MAX_LISTED) + max(0, len(found.waitlist) - MAX_LISTED)
    if hidden:
        lines.append(t._("…and {n} more (see /export).").format(n=hidden))
    if found.cancelled_late:
        lines += ["", t._("⚠️ Cancelled late: {n}").format(n=found.cancelled_late)]
    if s.status != "open":
        lines += ["", t._("This shift is cancelled.")]
    if found.feedback is not None:
        lines += _feedback_lines(t, found.feedback)
    rows: Rows = []
    if found.started and found.confirmed:
        lines += ["", t._("Tap who came and who did not.")]
        known = [p for p in found.confirmed if p.resident_id is not None or p.guest_id is not None]
        for person in known[:MAX_MARKED]:
            name = clip(person.first_name or "", 16)
            rows.append(
                [
                    (
                        t._("✅ {name} came").format(name=name),
                        actions.MARK_ATTENDANCE.data(person.signup_id, "c"),
                    ),
                    (
                        t._("❌ {name} did not come").format(name=name),
                        actions.MARK_ATTENDANCE.data(person.signup_id, "n"),
                    ),
                ]
            )
    elif not found.started:
        lines += ["", t._("Once the shift has started, you can mark here who came.")]
        if s.status == "open" and found.filled < s.capacity:
            rows.append([callhelp_button(t, s.id)])
    if s.status == "open" and not found.ended:
        code = (t._("📷 Check-in code"), actions.CHECK_IN_CODE.data(s.id))
        rows.append([code, poster_button(t, s.opportunity_id)])
    rows += _guest_rows(found.confirmed + found.waitlist)
    if not found.started and s.status == "open":
        rows.append([(t._("➕ Someone without Telegram"), actions.ADD_GUEST.data(s.id))])
        if await series.of_shift(context.deps.db, s.id) is not None:
            label = t._("➕ Someone without Telegram, every time")
            rows.append([(label, actions.ADD_GUEST_EVERY.data(s.id))])
    rows.append([back_button(t, actions.ROSTER.data(0)), coordinator_menu_button(t)])
    await show_screen(update, "\n".join(lines), rows, note=note)


@coordinator_only("roster")
async def on_shift(update: Update, context: Context, role: Role) -> None:
    await show_shift(update, context, role, needed(update))
    await answer(update)


@coordinator_only("mark_attendance")
async def on_mark(update: Update, context: Context, role: Role) -> None:
    """``kra:<sign-up>:c|n``: came or did not come; the same tap again changes nothing."""
    signup_id, came = needed(update), arg(update, 1)
    if came not in ("c", "n"):
        raise Invalid("missing")
    d = context.deps
    shift_id, changed = await roster.mark(
        d.db, role, signup_id, came == "c", d.clock.now(), rules=d.rules
    )
    t = await translator(update, context)
    if changed:
        await show_shift(update, context, role, shift_id)
    await answer(update, t._("Saved."))


@coordinator_only("check_in_code")
async def on_check_in_code(update: Update, context: Context, role: Role) -> None:
    """``krq:<shift>``: the shift's check-in code, a QR code as a photo to print or show."""
    d = context.deps
    made = await door.code(d.db, role, needed(update), d.clock.now())
    t = await translator(update, context)
    png = qr.png(door.link(context.bot.username, made.token))
    caption = t._(CODE_CAPTION).format(
        title=esc(clip(made.title, 80)), when=t.when(made.starts_at, made.ends_at)
    )
    await answer(update)
    chat = update.effective_chat
    if chat is not None:
        await chat.send_photo(png, caption=caption)
