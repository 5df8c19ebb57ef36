"""A path to stay, as the volunteer meets it: the answer to an ongoing role the bot suggested after
their third shift (bot/outbox/messages/path.py), and what /mydata lists about it.

Callback action: ``pr:<role>:y|n`` (:data:`conversations.actions.SUGGESTED_ROLE`). "🙋 I'm
interested" makes a lead exactly as "I am interested" under a role does, and says what happens
next with the same screen; "No thanks" is noted and changes nothing else. A tap from someone
nothing was suggested to (forged, or from before /delete) gets the stale-button answer.
"""

from __future__ import annotations

from telegram import Update

from bot.i18n import Translator
from bot.services import path
from bot.services.path import Record, Reply
from bot.services.residents import Resident
from conversations import actions
from conversations.actions import Callback
from conversations.resident.access import for_residents
from conversations.resident.signup import show_interest
from conversations.ui.context import Context
from conversations.ui.navigation import menu_button
from conversations.ui.replying import answer, keyboard, present

ANSWERS = {"y": True, "n": False}


@for_residents(answer_first=False, asks=False)
async def on_suggested_role(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    """``pr:<role>:y|n``: interested in the suggested role (a lead), or no thanks."""
    opportunity_id, choice = tap.number(0), tap.text(1)
    d = context.deps
    replied = None
    if opportunity_id is not None and choice in ANSWERS:
        replied = await path.answer(
            d.db,
            resident_id=resident.id,
            opportunity_id=opportunity_id,
            interested=ANSWERS[choice],
            coordinator_ids=d.settings.coordinator_ids,
            now=d.clock.now(),
        )
    if replied is None or replied.reply is Reply.NOT_SUGGESTED:
        stale = t._("This button no longer works. Type /start to begin again.")
        await answer(update, stale, alert=True)
        return
    await answer(update)
    if replied.interest is not None:  # interested, or the role closed meanwhile
        await show_interest(update, context, t, opportunity_id or 0, replied.interest)
        return
    text = (
        t._("👍 That is fine. Thank you for all you do!")
        + "\n\n"
        + t._("Would you like to do something else some time? Have a look under /find.")
    )
    find = (t._("🔎 Find something to do"), actions.CATEGORIES.data())
    await present(update, text, keyboard([find], [menu_button(t)]))


def my_data_lines(t: Translator, record: Record) -> list[str]:
    """/mydata: the suggested role and what they answered, and the milestones they reached."""
    lines = [t._("Your way as a volunteer")]
    said = {
        path.INTERESTED: t._("you said you are interested"),
        path.NO_THANKS: t._("you said no thanks"),
    }
    if record.suggestion is not None:
        answered = said.get(record.suggestion.answer or "", t._("no answer"))
        lines.append(
            "- "
            + t._("An ongoing role was suggested to you ({date}): {answer}").format(
                date=t.date(record.suggestion.planned_at), answer=answered
            )
        )
    for milestone in record.milestones:
        lines.append(
            "- "
            + t.ngettext(
                "{hours} hour given, reached on {date}",
                "{hours} hours given, reached on {date}",
                t.plural_count(milestone.hours),
            ).format(hours=t.number(milestone.hours), date=t.date(milestone.reached_at))
        )
    if len(lines) == 1:
        lines.append(t._("None."))
    return lines
