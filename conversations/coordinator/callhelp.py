"""Call for help: a coordinator asks the residents who like a shift's kind of work to come.

``/callhelp`` lists the coordinator's shifts in the coming week with a free place; ``h:<shift>``
(also a button other screens can show, see :func:`callhelp_button`) previews how many people a
call would reach; ``hc:<shift>`` sends it; ``hl`` back to the list. Residents answer with
``hs:<shift>`` under the call, which signs them up (only for a shift they were called for).
The role is read again at every tap; a forged shift id of another organisation is refused.
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.i18n import Translator
from bot.services import calls_for_help as calls
from bot.services.calls_for_help import CallPreview, Need, NotAllowed, Unavailable
from conversations import actions
from conversations.actions import unpack
from conversations.coordinator import guard
from conversations.coordinator.broadcast_progress import quiet_note
from conversations.resident import signup
from conversations.ui.context import Context
from conversations.ui.labels import fit
from conversations.ui.navigation import back_button, menu_button
from conversations.ui.replying import (
    answer,
    esc,
    keyboard,
    private_only,
    resident_of,
    show,
    translator,
    translator_for,
    user_id,
)

log = logging.getLogger(__name__)

Rows = list[list[tuple[str, str]]]
MAX_LABEL = 56


def callhelp_button(t: Translator, shift_id: int) -> tuple[str, str]:
    """The button a roster screen shows under a shift with free places."""
    return (t._("🙋 Call for help"), actions.CALL_PREVIEW.data(shift_id))


def callhelp_list_button(t: Translator) -> tuple[str, str]:
    """The way in for a coordinator menu: the shifts that could use a call."""
    return (t._("🙋 Call for help"), actions.CALL_LIST.data())


def _shift_label(t: Translator, need: Need) -> str:
    text = t._("{when} · {title} · {n} free").format(
        when=f"{t.short_date(need.starts_at)} {t.time(need.starts_at)}",
        title="{title}",
        n=need.free,
    )
    return fit(text, MAX_LABEL, title=need.title)


def list_screen(t: Translator, needs: list[Need]) -> tuple[str, Rows]:
    title = t._("🙋 <b>Call for help</b>")
    if not needs:
        text = title + "\n\n" + t._("All your shifts in the coming 7 days are full. 🎉")
        return text, [[menu_button(t)]]
    text = title + "\n\n" + t._("Shifts in the coming 7 days with free places. Choose one:")
    rows: Rows = [
        [(_shift_label(t, need), actions.CALL_PREVIEW.data(need.shift_id))] for need in needs
    ]
    rows.append([menu_button(t)])
    return text, rows


def _details(t: Translator, need: Need) -> str:
    return "\n".join(
        [
            f"<b>{esc(need.title)}</b> – {esc(need.organisation)}",
            f"🗓 {t.when(need.starts_at, need.ends_at)}",
            "👥 "
            + t.ngettext(
                "{free} of {capacity} place free", "{free} of {capacity} places free", need.capacity
            ).format(free=need.free, capacity=need.capacity),
        ]
    )


def preview_screen(t: Translator, preview: CallPreview) -> tuple[str, Rows]:
    need = preview.need
    back = back_button(t, actions.CALL_LIST.data())
    if preview.people == 0:
        text = (
            _details(t, need)
            + "\n\n"
            + t._(
                "There is nobody to ask right now: everyone who likes “{category}” is signed up "
                "or was asked for this shift already."
            ).format(category=esc(need.category))
        )
        return text, [[back, menu_button(t)]]
    text = (
        _details(t, need)
        + "\n\n"
        + t.ngettext(
            "A call for help goes to <b>{n} person</b> who likes “{category}”, is not signed up "
            "and was not asked for this shift before.",
            "A call for help goes to <b>{n} people</b> who like “{category}”, are not signed up "
            "and were not asked for this shift before.",
            preview.people,
        ).format(n=preview.people, category=esc(need.category))
    )
    send = t.ngettext("🙋 Ask {n} person", "🙋 Ask {n} people", preview.people).format(
        n=preview.people
    )
    return text, [[(send, actions.CALL_SEND.data(need.shift_id))], [back, menu_button(t)]]


# -- the coordinator -------------------------------------------------------------------------
@private_only
async def callhelp_command(update: Update, context: Context) -> None:
    """/callhelp: the shifts that could use a call."""
    await _show_list(update, context, new_message=True)


async def on_list(update: Update, context: Context) -> None:
    await _show_list(update, context)


async def _show_list(update: Update, context: Context, *, new_message: bool = False) -> None:
    role = await guard.coordinator(update, context, "callhelp")
    if role is None:
        return
    await answer(update)
    t = await translator(update, context)
    d = context.deps
    needs = await calls.shifts_needing_help(d.db, role, d.clock.now())
    text, rows = list_screen(t, needs)
    await show(update, text, keyboard(*rows), new_message=new_message)


def _shift_id(update: Update) -> int | None:
    cb = unpack(update.callback_query.data if update.callback_query else None)
    return cb.number(0) if cb else None


async def on_preview(update: Update, context: Context) -> None:
    """``h:<shift>``: who a call would reach."""
    await _act(update, context, send=False)


async def on_call(update: Update, context: Context) -> None:
    """``hc:<shift>``: ask them now."""
    await _act(update, context, send=True)


async def _act(update: Update, context: Context, *, send: bool) -> None:
    action = "callhelp send" if send else "callhelp preview"
    role = await guard.coordinator(update, context, action)
    if role is None:
        return
    t = await translator(update, context)
    shift_id = _shift_id(update)
    d = context.deps
    try:
        if shift_id is None:
            raise Unavailable
        if send:
            result = await calls.call(d.db, role, shift_id, d.clock.now())
        else:
            result = await calls.preview(d.db, role, shift_id, d.clock.now())
    except NotAllowed:
        await guard.refuse(update, context, action, t)
        return
    except Unavailable:
        # The screen stays; its Back button leads to the list as it is now.
        await answer(
            update, t._("This shift has started, is full or no longer exists."), alert=True
        )
        return
    if not send:
        await answer(update)
        text, rows = preview_screen(t, result)
        await show(update, text, keyboard(*rows))
        return
    await answer(update, t._("Sent."))
    context.deps.kick()
    text = (
        _details(t, result.need)
        + "\n\n"
        + t.ngettext(
            "✅ {n} person was asked for help.", "✅ {n} people were asked for help.", result.people
        ).format(n=result.people)
        + quiet_note(t, d.clock.now(), d.rules.quiet)
    )
    await show(update, text, keyboard([back_button(t, actions.CALL_LIST.data()), menu_button(t)]))


# -- the resident ----------------------------------------------------------------------------
async def on_sign_up(update: Update, context: Context) -> None:
    """``hs:<shift>`` under a call: the sign-up flow's own confirmation, waitlist offer and all."""
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    shift_id = _shift_id(update)
    if (
        resident is None
        or shift_id is None
        or not await calls.was_called(context.deps.db, shift_id, resident.id)
    ):
        log.warning("user %s used a call-for-help button not meant for them", user_id(update))
        await answer(
            update, t._("This button no longer works. Type /start to begin again."), alert=True
        )
        return
    await signup.on_sign_up(update, context)
