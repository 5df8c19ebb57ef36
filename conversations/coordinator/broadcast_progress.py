"""A broadcast on its way: the coordinator's progress message, and the note on quiet hours.

After Send, the preview message becomes a progress message ("sent … / to go …"). The job
:func:`update_progress` (every :data:`INTERVAL_SECONDS`, scheduled by the wiring) brings it up
to date until nothing is left to go; then the broadcast is finished and the summary follows.
"""

from __future__ import annotations

import logging
from datetime import datetime

from telegram.error import BadRequest

from bot.i18n import Translator
from bot.outbox.letters import Priority
from bot.outbox.messages.outreach import summary_lines
from bot.outbox.timing import QuietHours
from bot.services import broadcasts
from conversations.ui.context import Context

log = logging.getLogger(__name__)

JOB_NAME = "broadcasts"
INTERVAL_SECONDS = 5.0


def quiet_note(t: Translator, now: datetime, quiet: QuietHours | None) -> str:
    """A line for a message sent in the quiet hours: when it will really go out."""
    until = broadcasts.quiet_until(now, quiet)
    if until is None:
        return ""
    note = t._("It is quiet hours now: the messages go out at {time}.")
    return "\n\n" + note.format(time=t.time(until))


def progress_text(t: Translator, counts: broadcasts.Counts, finished: bool) -> str:
    if finished:
        return "\n".join(
            [t._("📣 <b>Your message has been sent.</b>"), "", *summary_lines(t, counts)]
        )
    return "\n".join(
        [
            t._("📣 <b>Sending your message…</b>"),
            "",
            t._("sent {sent} / to go {to_go}").format(sent=counts.done, to_go=counts.to_go),
        ]
    )


async def update_progress(context: Context) -> None:
    """The job: each broadcast still sending gets its progress message brought up to date. When
    nothing is left to go, the progress message becomes the summary; a separate summary comes
    only when that message could not be changed (deleted, say): the summary appears once."""
    d = context.deps
    finished_any = False
    async with d.progress_lock:
        for item in await broadcasts.progress(d.db):
            b = item.broadcast
            done = item.counts.to_go == 0 and not b.queuing
            shown = f"{item.counts}:{done}"
            in_place = b.progress_shown == shown  # shown so already
            if not in_place and b.progress_chat_id is not None and b.progress_message_id:
                in_place = await _show(
                    context, b, progress_text(d.translator(b.language), item.counts, done)
                )
                await broadcasts.mark_shown(d.db, b.id, shown)
            if done and await broadcasts.finish(d.db, b, d.clock.now(), summary=not in_place):
                finished_any = True
    if finished_any:
        d.kick()


async def _show(context: Context, b: broadcasts.Broadcast, text: str) -> bool:
    """The progress message brought up to date; False when it could not be (deleted, say)."""
    try:
        await context.bot.edit_message_text(
            text,
            chat_id=b.progress_chat_id,
            message_id=b.progress_message_id,
            rate_limit_args=Priority.BULK,  # nobody waits for it: people first
        )
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return True
        log.info("progress of broadcast %s not shown: %s", b.id, exc)
        return False
    return True
