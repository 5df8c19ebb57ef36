"""The screens of /broadcast: the message and the preview (who gets it: audience_screens)."""

from __future__ import annotations

from bot.i18n import LANGUAGE_LABELS, N_, Translator
from bot.services import broadcasts
from bot.services.audiences import Audience
from conversations import actions
from conversations.coordinator.audience_screens import (
    AUDIENCE,
    Buttons,
    audience_line,
)

__all__ = ["AUDIENCE", "BUTTONS", "HEADING"]

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
    t: Translator, audience: Audience, preview: broadcasts.Preview, languages: list[str]
) -> tuple[str, Rows]:
    """How many it reaches, the languages it has a text for besides the main one, and Send."""
    who = audience_line(t, audience, preview.audience_name)
    if preview.recipients == 0:
        text = t._("Nobody would get this message now ({who}).").format(who=who)
        return text, [[back_to(t, AUDIENCE), cancel_row_button(t)]]
    text = t.ngettext(
        "👆 This is how it looks. It goes to <b>{n} person</b>: {who}.",
        "👆 This is how it looks. It goes to <b>{n} people</b>: {who}.",
        preview.recipients,
    ).format(n=preview.recipients, who=who)
    if languages:
        names = ", ".join(LANGUAGE_LABELS.get(code, code) for code in languages)
        text += "\n" + t._("🌐 Also in: {languages}. Everyone else gets the main text.").format(
            languages=names
        )
    text += "\n\n" + t._("Send it now?")
    rows: Rows = [
        [
            (
                t.ngettext(
                    "📣 Send to {n} person", "📣 Send to {n} people", preview.recipients
                ).format(n=preview.recipients),
                actions.BROADCAST_SEND.data(),
            )
        ],
        [(t._("🌐 Add a text in another language"), actions.BROADCAST_LANGUAGES.data())],
        [(t._("✏️ Change the message"), actions.BROADCAST_REWRITE.data())],
        [back_to(t, AUDIENCE), cancel_row_button(t)],
    ]
    return text, rows


def to_preview(t: Translator) -> tuple[str, str]:
    return (t._("⬅️ Back to the preview"), actions.BROADCAST_PREVIEW.data())


def language_pick_screen(t: Translator, done: set[str]) -> tuple[str, Rows]:
    """Which language the next text is for (✅: written already; tapping it writes it again)."""
    text = t._(
        "🌐 Which language? Residents who read it get your text in it. Everyone else gets "
        "the main text."
    )
    buttons = [
        (("✅ " if code in done else "") + label, actions.BROADCAST_LANGUAGE.data(code))
        for code, label in LANGUAGE_LABELS.items()
    ]
    rows: Rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return text, [*rows, [to_preview(t), cancel_row_button(t)]]


def write_language_screen(t: Translator, language: str, photo: bool) -> tuple[str, Rows]:
    """Write the text for that language (with a photo: its caption)."""
    text = t._("✏️ Now write the message in this language: {language}. Send it to me.").format(
        language=LANGUAGE_LABELS.get(language, language)
    )
    if photo:
        text += "\n" + t._("It goes under the same photo.")
    return text, [[to_preview(t), cancel_row_button(t)]]
