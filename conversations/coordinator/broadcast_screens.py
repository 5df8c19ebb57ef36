"""The screens of /broadcast: the message and the preview (who gets it: audience_screens)."""

from __future__ import annotations

from bot.i18n import N_, Translator
from bot.services import broadcasts
from bot.services.audiences import Audience
from conversations import actions
from conversations.coordinator.audience_screens import (
    AUDIENCE,
    ORGANISATION,
    Buttons,
    audience_line,
)

__all__ = ["AUDIENCE", "BUTTONS", "HEADING", "ORGANISATION"]

HEADING = N_("📣 <b>A message to residents</b>")
BUTTONS = Buttons(
    organisation=actions.BROADCAST_ORGANISATION,
    audience=actions.BROADCAST_AUDIENCE,
    category=actions.BROADCAST_CATEGORY,
    opportunity=actions.BROADCAST_OPPORTUNITY,
    months=actions.BROADCAST_MONTHS,
    back=actions.BROADCAST_BACK,
    stop=actions.BROADCAST_STOP,
)

Rows = list[list[tuple[str, str]]]


def cancel_row_button(t: Translator) -> tuple[str, str]:
    return BUTTONS.cancel(t)


def back_to(t: Translator, to: str) -> tuple[str, str]:
    return BUTTONS.back_to(t, to)


def write_screen(t: Translator) -> tuple[str, Rows]:
    text = t._(
        "✏️ Now write your message and send it to me.\n\n"
        "You can also send a photo with the text under it."
    )
    return text, [[back_to(t, AUDIENCE), cancel_row_button(t)]]


def preview_screen(
    t: Translator, audience: Audience, preview: broadcasts.Preview
) -> tuple[str, Rows]:
    who = audience_line(t, audience, preview.audience_name)
    if preview.recipients == 0:
        text = t._("Nobody would get this message now ({who}).").format(who=who)
        return text, [[back_to(t, AUDIENCE), cancel_row_button(t)]]
    text = (
        t.ngettext(
            "👆 This is how it looks. It goes to <b>{n} person</b>: {who}.",
            "👆 This is how it looks. It goes to <b>{n} people</b>: {who}.",
            preview.recipients,
        ).format(n=preview.recipients, who=who)
        + "\n\n"
        + t._("Send it now?")
    )
    rows: Rows = [
        [
            (
                t.ngettext(
                    "📣 Send to {n} person", "📣 Send to {n} people", preview.recipients
                ).format(n=preview.recipients),
                actions.BROADCAST_SEND.data(),
            )
        ],
        [(t._("✏️ Change the message"), actions.BROADCAST_REWRITE.data())],
        [back_to(t, AUDIENCE), cancel_row_button(t)],
    ]
    return text, rows
