"""The screens of the first minute: the welcome with its consent question, the main menu.

Screens only (text and buttons); the handlers that show them are in
:mod:`conversations.resident.onboarding`. Every other flow leads back here.
"""

from __future__ import annotations

from bot.i18n import LANGUAGE_LABELS, Translator
from conversations import actions


def main_menu(t: Translator) -> list[list[tuple[str, str]]]:
    """What a resident can do; every screen can lead back here."""
    return [
        [(t._("🔎 Find something to do"), actions.CATEGORIES.data())],
        [(t._("📋 My sign-ups"), actions.MINE.data())],
        [idea_button(t)],
        [(t._("⚙️ Settings"), actions.SETTINGS.data()), (t._("❓ Help"), actions.HELP.data())],
    ]


def idea_button(t: Translator) -> tuple[str, str]:
    """💡 I have an idea: a resident proposes something (:mod:`conversations.resident.ideas`)."""
    return (t._("💡 I have an idea"), actions.IDEA_NEW.data())


def back_to_menu(t: Translator) -> tuple[str, str]:
    return (t._("🏠 Menu"), actions.MENU.data())


def welcome_screen(
    t: Translator, opportunity_id: int, check_in: str | None = None
) -> tuple[str, list[list[tuple[str, str]]]]:
    """The welcome with its consent question; after consent, the deep-linked opportunity, or
    (``check_in``: a check-in code's token) the check-in continues."""
    text = "\n\n".join(
        [
            t._("👋 Welcome to <b>Meedoen</b>!"),
            t._(
                "Here you find volunteer work near you: a single afternoon, or something you do "
                "every week. You choose with buttons."
            ),
            t._(
                "<b>What we store:</b> your first name, your language and what you sign up for. "
                "We use it only to sign you up and to send you reminders. Organisers see your "
                "first name when you sign up."
            ),
            t._("You can see and erase your data at any time with /delete."),
            t._("Do you agree?"),
        ]
    )
    agree = actions.CONSENT.data(t.locale, opportunity_id)
    if check_in is not None:
        agree = actions.CHECK_IN_CONSENT.data(t.locale, check_in)
    rows = [
        [(t._("✅ Yes, I agree"), agree)],
        [(t._("No, thank you"), actions.DECLINE.data(t.locale))],
        *language_rows(t.locale, opportunity_id, check_in),
    ]
    return text, rows


def language_rows(
    current: str, opportunity_id: int, check_in: str | None = None
) -> list[list[tuple[str, str]]]:
    """The other languages, three to a row, each by its own name: a reader who does not know
    the one on the screen finds theirs. Nothing is stored: the choice travels in the button."""
    buttons = [
        (
            label,
            actions.CHECK_IN_LANGUAGE.data(code, check_in)
            if check_in is not None
            else actions.WELCOME_LANGUAGE.data(code, opportunity_id),
        )
        for code, label in LANGUAGE_LABELS.items()
        if code != current
    ]
    return [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
