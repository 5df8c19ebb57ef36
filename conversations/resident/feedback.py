"""The buttons under a reminder and a thank-you, and the short feedback that follows.

Reminder: "✅ I'll be there" gets a kind word; "❌ I can't come" asks once, then cancels through
the sign-up service, which frees the place and moves the first on the waitlist up (they are told
at once: the postman is kicked).

Thank-you: "Were you there?" yes → attendance 'came', then an optional score from 1 to 5 and an
optional one-line comment; no → 'no_show', kindly. Once a coordinator has marked them (or they
checked in at the door), another answer changes nothing and gets a kind word. The feedback is a
persistent ``ConversationHandler`` named ``feedback`` in its own handler group (see the wiring): in
:data:`COMMENT` it takes the next line of text; Skip, /cancel, any other command or button, or
half an hour of quiet ends it. Only the sign-up's own resident can answer for it; a forged id
gets a polite answer and changes nothing.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

from telegram import Message, Update
from telegram.ext import (
    ApplicationHandlerStop,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.i18n import Translator
from bot.outbox.letters import Button, tap
from bot.outbox.messages.buttons import menu_button
from bot.outbox.messages.reminders import (
    HOW_WAS_IT,
    SKIP,
    WILL_YOU_COME,
    rating_buttons,
    reminder_buttons,
    reminder_text,
    thanks_text,
)
from bot.services import attendance, cancellations
from bot.services.attendance import Answer, FollowUp
from bot.services.cancellations import CancelStatus
from conversations import actions
from conversations.actions import Callback, unpack
from conversations.resident.hours import hours_sentence
from conversations.ui.context import Context
from conversations.ui.replying import (
    answer,
    esc,
    letter_keyboard,
    persistent_flow,
    show,
    translator,
    user_id,
)

log = logging.getLogger(__name__)

# A group of its own, before the others (coordinators -5..-3, broadcast -2, search -1, flows 0):
# a line typed as a comment is not a search word or a broadcast, and stops there.
BACK_IN_TOUCH_GROUP = -100  # looks at every update first, changes nothing for anyone else
RATING = "rating"
COMMENT = "comment"
TIMEOUT_SECONDS = 30 * 60
FEEDBACK_KEY = "feedback_signup"


def _callback(update: Update) -> tuple[Callback | None, int | None]:
    cb = unpack(update.callback_query.data if update.callback_query else None)
    return cb, (cb.number(0) if cb else None)


async def _show(update: Update, text: str, buttons: list[list[Button]]) -> None:
    """Replace the screen, unless it shows this very screen already (a double tap): Telegram
    refuses an edit that changes nothing."""
    wanted = letter_keyboard(buttons)
    query = update.callback_query
    message = query.message if query is not None else None
    same = isinstance(message, Message) and message.reply_markup == wanted
    if same and _plain(getattr(message, "text", None) or "") == _plain(text):
        return
    await show(update, text, wanted)


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


async def _refuse(update: Update, t: Translator, result: Answer) -> None:
    """A polite answer for a button that is not (or no longer) this person's to press."""
    if result is Answer.NOT_CONFIRMED:
        await answer(update, t._("You are no longer signed up for this shift."), alert=True)
    elif result is Answer.TOO_EARLY:
        await answer(update, t._("You can tell us after the shift."), alert=True)
    else:
        log.info("refused a reminder button of user %s", user_id(update))
        await answer(
            update, t._("This button no longer works. Type /start to begin again."), alert=True
        )


# -- reminder -------------------------------------------------------------------------------------
async def on_reminder(update: Update, context: Context) -> None:
    """rm:<signup>:y|n|nc|b — I'll be there / I can't come / yes, cancel / back."""
    cb, signup_id = _callback(update)
    t = await translator(update, context)
    step = cb.text(1) if cb else None
    if signup_id is None or step not in ("y", "n", "nc", "b"):
        await _refuse(update, t, Answer.NOT_YOURS)
        return
    d = context.deps
    own = await attendance.own(d.db, signup_id, user_id(update))
    if own.answer is Answer.NOT_YOURS or own.followup is None:
        await _refuse(update, t, own.answer)
        return
    info = own.followup
    if step == "nc":
        await _cancel(update, context, t, info)
        return
    if not own.ok:
        await _refuse(update, t, own.answer)
        return
    if step == "y":
        await answer(update, t._("Great, see you then!"))
        text = reminder_text(t, info) + "\n\n" + t._("✅ Great, see you then!")
        await _show(update, text, reminder_buttons(t, signup_id, coming=True))
    elif step == "n":
        await answer(update)
        text = t._(
            "Do you want to cancel your place for <b>{title}</b> on {when}? "
            "Then someone else can go."
        ).format(title=esc(info.title), when=t.when(info.starts_at, info.ends_at))
        rows = [
            [tap(t._("Yes, cancel my place"), "REMINDER_REPLY", signup_id, "nc")],
            [tap(t._("No, I'll come after all"), "REMINDER_REPLY", signup_id, "b")],
        ]
        await _show(update, text, rows)
    else:
        await answer(update)
        text = reminder_text(t, info) + "\n\n" + t._(WILL_YOU_COME)
        await _show(update, text, reminder_buttons(t, signup_id))


async def _cancel(update: Update, context: Context, t: Translator, info: FollowUp) -> None:
    d = context.deps
    result = await cancellations.give_up(
        d.db,
        signup_id=info.signup_id,
        resident_id=user_id(update),
        now=d.clock.now(),
        rules=d.rules,
        administrators=d.settings.coordinator_ids,
    )
    status = result.status
    if status is CancelStatus.NOT_FOUND:
        await _refuse(update, t, Answer.NOT_YOURS)
        return
    await answer(update)
    if status in (CancelStatus.CANCELLED, CancelStatus.LEFT_WAITLIST):
        text = t._(
            "You are no longer signed up for <b>{title}</b>. Thank you for letting us know!"
        ).format(title=esc(info.title))
    elif status is CancelStatus.TOO_LATE:
        text = t._(
            "The shift has already started, so you can't cancel here any more. "
            "Please contact {organisation}."
        ).format(organisation=esc(info.organisation))
    else:
        text = t._("You had already cancelled this place.")
    await _show(update, text, [[menu_button(t)]])
    if result.promoted or result.told:
        context.deps.kick()


# -- thank-you and feedback ----------------------------------------------------------------------
async def _closing(context: Context, t: Translator, resident_id: int) -> str:
    """The hours sentence, if there are hours to speak of."""
    d = context.deps
    hours = await attendance.hours(
        d.db, resident_id=resident_id, now=d.clock.now(), zone=d.settings.zone
    )
    sentence = hours_sentence(t, hours)
    return "\n\n" + sentence if sentence else ""


async def on_attendance(update: Update, context: Context) -> None:
    """ty:<signup>:y|n — Were you there? → RATING (yes) or END (no)."""
    cb, signup_id = _callback(update)
    t = await translator(update, context)
    step = cb.text(1) if cb else None
    if signup_id is None or step not in ("y", "n"):
        await _refuse(update, t, Answer.NOT_YOURS)
        raise ApplicationHandlerStop(ConversationHandler.END)
    d = context.deps
    me = user_id(update)
    result = await attendance.record(
        d.db,
        signup_id=signup_id,
        resident_id=me,
        came=step == "y",
        now=d.clock.now(),
        rules=d.rules,
    )
    if result.answer is Answer.NOTED and result.followup is not None:
        # A coordinator (or the check-in at the door) said so already: their word counts.
        await answer(update)
        noted = (
            t._("Thank you! You checked in at the door, so we noted that you came.")
            if result.followup.attendance_by == attendance.BY_DOOR
            else t._("Thank you! Your coordinator already noted whether you came.")
        )
        await _show(update, thanks_text(t, result.followup) + "\n\n" + noted, [[menu_button(t)]])
        raise ApplicationHandlerStop(ConversationHandler.END)
    if not result.ok or result.followup is None:
        await _refuse(update, t, result.answer)
        raise ApplicationHandlerStop(ConversationHandler.END)
    info = result.followup
    if step == "n":
        await answer(update)
        text = (
            thanks_text(t, info)
            + "\n\n"
            + t._("Thank you for letting us know. We hope to see you another time!")
        )
        await _show(update, text, [[menu_button(t)]])
        raise ApplicationHandlerStop(ConversationHandler.END)
    await answer(update, t._("Thank you!"))
    text = "\n\n".join([thanks_text(t, info), t._("Wonderful!") + " " + t._(HOW_WAS_IT)])
    await _show(update, text, rating_buttons(t, signup_id))
    _remember(context, signup_id)
    raise ApplicationHandlerStop(RATING)


async def on_rating(update: Update, context: Context) -> None:
    """fr:<signup>:1..5|s — a score or none → COMMENT (one line of text, or Skip)."""
    cb, signup_id = _callback(update)
    t = await translator(update, context)
    score = cb.number(1) if cb else None
    if signup_id is None or (score is None and (cb is None or cb.text(1) != "s")):
        await _refuse(update, t, Answer.NOT_YOURS)
        raise ApplicationHandlerStop(ConversationHandler.END)
    d = context.deps
    me = user_id(update)
    if score is not None:
        result = await attendance.rate(d.db, signup_id=signup_id, resident_id=me, rating=score)
    else:
        result = await attendance.own(d.db, signup_id, me)
    if not result.ok:
        await _refuse(update, t, result.answer)
        raise ApplicationHandlerStop(ConversationHandler.END)
    await answer(update, t._("Thank you!") if score else None)
    text = t._("Would you like to tell us something about it? Write one line, or tap Skip.")
    skip = [tap(t._(SKIP), "SKIP_COMMENT", signup_id, "s")]
    await _show(update, text, [skip])
    _remember(context, signup_id)
    raise ApplicationHandlerStop(COMMENT)


async def on_comment(update: Update, context: Context) -> int:
    """The line of text → stored (one line, at most 300 characters) → END."""
    signup_id = _recall(context)
    t = await translator(update, context)
    message = update.effective_message
    if signup_id is None or message is None or not message.text:
        return ConversationHandler.END  # nothing to attach it to: the other flows answer it
    d = context.deps
    me = user_id(update)
    result = await attendance.comment(d.db, signup_id=signup_id, resident_id=me, text=message.text)
    _forget(context)
    if not result.ok:
        await _refuse(update, t, result.answer)
        raise ApplicationHandlerStop(ConversationHandler.END)
    text = t._("Thank you for your feedback!") + await _closing(context, t, me)
    await show(update, text, letter_keyboard([[menu_button(t)]]), new_message=True)
    raise ApplicationHandlerStop(ConversationHandler.END)


async def on_skip_comment(update: Update, context: Context) -> None:
    """fc:<signup>:s — no comment → END."""
    _, signup_id = _callback(update)
    t = await translator(update, context)
    me = user_id(update)
    own = await attendance.own(context.deps.db, signup_id or 0, me)
    if not own.ok:
        await _refuse(update, t, own.answer)
        raise ApplicationHandlerStop(ConversationHandler.END)
    _forget(context)
    await answer(update)
    await _show(update, t._("Thank you!") + await _closing(context, t, me), [[menu_button(t)]])
    raise ApplicationHandlerStop(ConversationHandler.END)


async def not_a_line(update: Update, context: Context) -> None:
    """A sticker or a photo where a line of text was asked → still COMMENT."""
    t = await translator(update, context)
    await show(update, t._("Please write one line of text, or tap Skip."), new_message=True)
    raise ApplicationHandlerStop(COMMENT)


async def cancel(update: Update, context: Context) -> None:
    """/cancel → END."""
    _forget(context)
    t = await translator(update, context)
    await show(
        update, t._("All right, no comment. Thank you!"), letter_keyboard([[menu_button(t)]])
    )
    raise ApplicationHandlerStop(ConversationHandler.END)


async def timed_out(update: Update, context: Context) -> None:
    """Half an hour of quiet: the question lapses without a word (it was optional)."""
    _forget(context)


def _remember(context: Context, signup_id: int) -> None:
    if context.user_data is not None:
        context.user_data[FEEDBACK_KEY] = signup_id


def _recall(context: Context) -> int | None:
    found = context.user_data.get(FEEDBACK_KEY) if context.user_data is not None else None
    return found if isinstance(found, int) else None


def _forget(context: Context) -> None:
    if context.user_data is not None:
        context.user_data.pop(FEEDBACK_KEY, None)


def build_feedback() -> ConversationHandler[Any]:
    private_text = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    return persistent_flow(
        "feedback",
        entry_points=[
            actions.WERE_YOU_THERE.handler(on_attendance),
            actions.RATING.handler(on_rating),
            actions.SKIP_COMMENT.handler(on_skip_comment),
        ],
        states={
            RATING: [],
            COMMENT: [
                MessageHandler(private_text & filters.TEXT & ~filters.COMMAND, on_comment),
                MessageHandler(private_text & ~filters.TEXT, not_a_line),
            ],
        },
        cancel=cancel,
        timed_out=timed_out,
        timeout=TIMEOUT_SECONDS,
        forget=_forget,
    )
