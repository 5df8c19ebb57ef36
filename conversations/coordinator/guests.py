"""People without a phone: a coordinator signs one up from the roster of a shift.

"➕ Someone without Telegram" (``kwa:<shift>``) asks for a first name (typed), then a phone number
for the coordinator's own use (typed, or ⏭ Skip), and gives the person a place, or a waitlist
place when the shift is full (said plainly). They get no messages; the coordinator tells them.

From the roster, "📞 Ans" (``kwp:<sign-up>``) shows their phone number, with "take off this
shift" (``kwr``: the places free up, the waitlist moves up) and "erase the details" (``kwe``, then
``kwey``: name and phone gone; what happened stays as an anonymous count). Every step checks the
role on the server: another organisation's coordinator gets a kind refusal and nothing changes.

The typed steps are the persistent ``guests`` conversation, in a handler group of its own before
the other typed flows; what it takes stops there.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ConversationHandler, MessageHandler, filters

from bot.i18n import N_, Translator
from bot.services import guests
from bot.services.guests import GuestStatus
from bot.services.publishing import Invalid, NotAllowed
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator.guard import (
    OTHER_ORGANISATION,
    Rows,
    coordinator_only,
    needed,
    problem,
    refuse,
    show_screen,
    show_with_back,
    step,
    tell,
    text_of,
)
from conversations.coordinator.roster import show_shift
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button
from conversations.ui.replying import answer, esc, keyboard, persistent_flow, show, translator

NAME, PHONE = "guest_name", "guest_phone"
END = ConversationHandler.END
TIMEOUT_SECONDS = 2 * 60 * 60
GUEST = "k_guest"  # user_data: the shift, and the name once typed

_PRIVATE = filters.ChatType.PRIVATE
_TYPED = _PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
_NOT_TEXT = _PRIVATE & filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.COMMAND

TYPING_PROBLEMS = {
    "empty": N_("Please type a first name."),
    "name_too_long": N_("That name is too long. Please type only the first name."),
    "phone": N_("That is not a phone number. Type only digits, e.g. 06 12345678, or tap Skip."),
}


def _draft(context: Context) -> dict[str, Any]:
    assert context.user_data is not None
    found = context.user_data.setdefault(GUEST, {})
    assert isinstance(found, dict)
    return found


def _forget(context: Context) -> None:
    if context.user_data is not None:
        context.user_data.pop(GUEST, None)


def _typing_problem(t: Translator, reason: str) -> str:
    message = TYPING_PROBLEMS.get(reason)
    return t._(message) if message else problem(t, reason)


def _stop_row(t: Translator, shift_id: int) -> list[tuple[str, str]]:
    return [(t._("✖️ Cancel"), actions.STOP_GUEST.data(shift_id))]


async def _ask_name(update: Update, t: Translator, shift_id: int, note: str | None = None) -> str:
    text = t._(
        "<b>Someone without Telegram</b>\n\n"
        "What is their first name? Type it.\n"
        "They get a place like anyone, but no messages: you tell them yourself."
    )
    await show_screen(
        update, text, [_stop_row(t, shift_id)], note=note, new_message=note is not None
    )
    return NAME


async def _ask_phone(
    update: Update, t: Translator, shift_id: int, name: str, note: str | None = None
) -> str:
    text = t._(
        "Phone number of <b>{name}</b>? Only coordinators see it, to call them. "
        "Type it, or tap Skip."
    ).format(name=esc(name))
    rows = [[(t._("⏭ Skip"), actions.SKIP_GUEST_PHONE.data())], _stop_row(t, shift_id)]
    await show_screen(update, text, rows, note=note, new_message=True)
    return PHONE


# -- the typed steps -----------------------------------------------------------------------------
@step("add_guest")
async def start(update: Update, context: Context, role: Role) -> str:
    """``kwa:<shift>``: ask for the first name (only for a shift of their own, not started)."""
    return await _start(update, context, role, every=False)


@step("add_guest")
async def start_every(update: Update, context: Context, role: Role) -> str:
    """``kwae:<shift>``: the same, for every coming date of the shift's series."""
    return await _start(update, context, role, every=True)


async def _start(update: Update, context: Context, role: Role, *, every: bool) -> str:
    shift_id = needed(update)
    d = context.deps
    await guests.shift_for_guest(d.db, role, shift_id, d.clock.now())
    _forget(context)
    _draft(context).update(shift=shift_id, every=every)
    t = await translator(update, context)
    await answer(update)
    return await _ask_name(update, t, shift_id)


@step("add_guest")
async def on_name(update: Update, context: Context, role: Role) -> str:
    """The first name, typed: checked, then the phone number is asked."""
    draft = _draft(context)
    t = await translator(update, context)
    shift_id = int(draft.get("shift") or 0)
    try:
        name = guests.clean_name(text_of(update))
    except Invalid as exc:
        return await _ask_name(update, t, shift_id, _typing_problem(t, exc.reason))
    draft["name"] = name
    return await _ask_phone(update, t, shift_id, name)


@step("add_guest")
async def on_phone(update: Update, context: Context, role: Role) -> Any:
    """The phone number, typed: checked, then the person is signed up."""
    draft = _draft(context)
    t = await translator(update, context)
    if "name" not in draft:
        return await _ask_name(update, t, int(draft.get("shift") or 0))
    try:
        phone = guests.clean_phone(text_of(update))
    except Invalid as exc:
        note = _typing_problem(t, exc.reason)
        return await _ask_phone(update, t, int(draft.get("shift") or 0), draft["name"], note)
    return await _add(update, context, role, phone)


@step("add_guest")
async def on_skip(update: Update, context: Context, role: Role) -> Any:
    """⏭ Skip: no phone number."""
    draft = _draft(context)
    if "name" not in draft:
        t = await translator(update, context)
        await answer(update)
        return await _ask_name(update, t, int(draft.get("shift") or 0))
    return await _add(update, context, role, None)


async def _add(update: Update, context: Context, role: Role, phone: str | None) -> Any:
    draft = _draft(context)
    d = context.deps
    shift_id, name = int(draft.get("shift") or 0), str(draft.get("name") or "")
    every = bool(draft.get("every"))
    _forget(context)  # whatever happens now, the flow ends
    t = await translator(update, context)
    try:
        added = await guests.add(
            d.db,
            role,
            shift_id=shift_id,
            first_name=name,
            phone=phone,
            now=d.clock.now(),
            every_date=every,
        )
    except NotAllowed as exc:
        await refuse(update, context, exc.action, t, OTHER_ORGANISATION)
        return END
    except Invalid as exc:  # the shift started or was cancelled meanwhile
        await tell(update, t, problem(t, exc.reason))
        return END
    if every:
        note = t.ngettext(
            "✅ {name} is signed up for {n} date. Tell them yourself: they get no messages.",
            "✅ {name} is signed up for {n} dates. Tell them yourself: they get no messages.",
            added.dates,
        )
        if added.waitlisted_dates:
            note += " " + t.ngettext(
                "⏳ {w} date is full: there they are on the waitlist.",
                "⏳ {w} dates are full: there they are on the waitlist.",
                added.waitlisted_dates,
            )
        note = note.format(name=esc(name), n=added.dates, w=added.waitlisted_dates)
    elif added.status is GuestStatus.CONFIRMED:
        note = t._("✅ {name} is signed up. Tell them yourself: they get no messages.")
    else:
        note = t._(
            "⏳ This shift is full, so {name} is on the waitlist (number {n}). When a place "
            "comes free, they move up; you see it here. They get no messages."
        )
    if not every:
        note = note.format(name=esc(name), n=added.waitlist_position)
    await answer(update)
    await show_shift(update, context, role, shift_id, note)
    return END


@step("add_guest")
async def on_not_text(update: Update, context: Context, role: Role) -> None:
    """A sticker or a photo while a name or number is asked: the question again."""
    draft = _draft(context)
    t = await translator(update, context)
    shift_id = int(draft.get("shift") or 0)
    if "name" in draft:
        await _ask_phone(update, t, shift_id, draft["name"], _typing_problem(t, "phone"))
    else:
        await _ask_name(update, t, shift_id, _typing_problem(t, "empty"))


@step("add_guest")
async def on_stop(update: Update, context: Context, role: Role) -> Any:
    """✖️ Cancel (``kwx:<shift>``): nothing is stored; back to the roster of the shift."""
    _forget(context)
    await answer(update)
    await show_shift(update, context, role, needed(update))
    return END


async def on_cancel(update: Update, context: Context) -> Any:
    """/cancel: nothing is stored → END (and no other flow hears it)."""
    _forget(context)
    t = await translator(update, context)
    await show(update, t._("Stopped. Nothing was saved."), new_message=True)
    raise ApplicationHandlerStop(END)


async def timed_out(update: object, context: Context) -> None:
    """Two quiet hours: the name typed so far is dropped."""
    _forget(context)


def build_handler() -> ConversationHandler[Any]:
    return persistent_flow(
        "guests",
        entry_points=[
            actions.ADD_GUEST.handler(start),
            actions.ADD_GUEST_EVERY.handler(start_every),
            # ✖️ on an old question, after a timeout or a restart: the roster all the same.
            actions.STOP_GUEST.handler(on_stop),
        ],
        states={
            NAME: [MessageHandler(_TYPED, on_name), MessageHandler(_NOT_TEXT, on_not_text)],
            PHONE: [
                MessageHandler(_TYPED, on_phone),
                actions.SKIP_GUEST_PHONE.handler(on_skip),
                MessageHandler(_NOT_TEXT, on_not_text),
            ],
        },
        cancel=on_cancel,
        fallbacks=[actions.STOP_GUEST.handler(on_stop)],
        forget=_forget,
        timed_out=timed_out,
        timeout=TIMEOUT_SECONDS,
    )


# -- one guest: their screen, taking them off, erasing -------------------------------------------
def _guest_screen(t: Translator, place: guests.GuestPlace, started: bool) -> tuple[str, Rows]:
    guest = place.guest
    assert guest is not None
    name = esc(guest.first_name)
    lines = ["📞 " + t._("<b>{name}</b> (added by coordinator)").format(name=name)]
    if guest.phone:
        lines.append(t._("Phone: {phone}").format(phone=esc(guest.phone)))
    else:
        lines.append(t._("No phone number."))
    if place.status == "confirmed":
        lines.append(t._("Signed up for this shift."))
    elif place.status == "waitlisted":
        lines.append(t._("On the waitlist of this shift."))
    lines += [
        "",
        t._("{name} gets no messages from Meedoen: tell them yourself.").format(name=name),
    ]
    rows: Rows = []
    if place.status in ("confirmed", "waitlisted") and not started:
        label = t._("➖ Take {name} off this shift").format(name=clip(guest.first_name, 20))
        rows.append([(label, actions.REMOVE_GUEST.data(place.signup_id))])
    erase = t._("🗑 Erase the details of {name}").format(name=clip(guest.first_name, 20))
    rows.append([(erase, actions.ASK_ERASE_GUEST.data(place.signup_id))])
    rows.append([back_button(t, actions.ROSTER_SHIFT.data(place.shift_id))])
    return "\n".join(lines), rows


@coordinator_only("guest")
async def on_guest(update: Update, context: Context, role: Role) -> None:
    """``kwp:<sign-up>``: a guest's screen."""
    place = await guests.place(context.deps.db, role, needed(update))
    t = await translator(update, context)
    text, rows = _guest_screen(t, place, place.starts_at <= context.deps.clock.now())
    await answer(update)
    await show(update, text, keyboard(*rows))


@coordinator_only("remove_guest")
async def on_remove(update: Update, context: Context, role: Role) -> None:
    """``kwr:<sign-up>``: off the shift; the waitlist moves up (residents told at once)."""
    d = context.deps
    removed = await guests.remove(d.db, role, needed(update), d.clock.now(), d.rules)
    if removed.promoted:
        d.kick()
    t = await translator(update, context)
    note = t._("➖ {name} is off this shift.").format(name=esc(removed.name))
    await answer(update)
    await show_shift(update, context, role, removed.shift_id, _moved_up(t, note, removed.promoted))


@coordinator_only("erase_guest")
async def on_ask_erase(update: Update, context: Context, role: Role) -> None:
    """``kwe:<sign-up>``: asks once before erasing."""
    place = await guests.place(context.deps.db, role, needed(update))
    assert place.guest is not None
    t = await translator(update, context)
    text = t._(
        "Erase the name and phone number of <b>{name}</b>? Their places on coming shifts are "
        "freed. What they did stays in the figures, without a name."
    ).format(name=esc(place.guest.first_name))
    sure = [(t._("🗑 Yes, erase"), actions.ERASE_GUEST.data(place.signup_id))]
    await show_with_back(update, t, text, sure, back=actions.GUEST.data(place.signup_id))


@coordinator_only("erase_guest")
async def on_erase(update: Update, context: Context, role: Role) -> None:
    """``kwey:<sign-up>``: the name and phone go, coming places free up."""
    d = context.deps
    erased = await guests.erase(d.db, role, needed(update), d.clock.now(), d.rules)
    if erased.promoted:
        d.kick()
    t = await translator(update, context)
    note = t._("🗑 The details of {name} are erased.").format(name=esc(erased.name))
    await answer(update)
    await show_shift(update, context, role, erased.shift_id, _moved_up(t, note, erased.promoted))


def _moved_up(t: Translator, note: str, promoted: list[int]) -> str:
    if not promoted:
        return note
    moved = t.ngettext(
        "{n} moved up from the waitlist.", "{n} moved up from the waitlist.", len(promoted)
    ).format(n=len(promoted))
    return f"{note} {moved}"
