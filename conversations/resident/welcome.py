"""The screens of the first minute: the welcome with its consent question, the main menu, and
the consent question asked at the first step that stores something (the same words).

Screens only (text and buttons); the handlers that show them are in
:mod:`conversations.resident.onboarding` and :mod:`conversations.resident.access`. Every other
flow leads back here.
"""

from __future__ import annotations

from bot.i18n import LANGUAGE_LABELS, Translator
from conversations import actions


def main_menu(t: Translator) -> list[list[tuple[str, str]]]:
    """The things a resident can do; every screen can lead back here."""
    return [
        [(t._("🔎 Find something to do"), actions.CATEGORIES.data())],
        [(t._("📋 My sign-ups"), actions.MINE.data())],
        [ask_button(t), idea_button(t)],
        [(t._("⚙️ Settings"), actions.SETTINGS.data()), (t._("❓ Help"), actions.HELP.data())],
    ]


def ask_button(t: Translator, opportunity_id: int = 0) -> tuple[str, str]:
    """💬 Ask a question: to a person, about this opportunity (0: a general question)."""
    data = actions.ASK.data(opportunity_id) if opportunity_id else actions.ASK.data()
    return (t._("💬 Ask a question"), data)


def idea_button(t: Translator) -> tuple[str, str]:
    """💡 I have an idea: a resident proposes something (:mod:`.idea_sharing`)."""
    return (t._("💡 I have an idea"), actions.IDEA_NEW.data())


def back_to_menu(t: Translator) -> tuple[str, str]:
    return (t._("🏠 Menu"), actions.MENU.data())


def consent_lines(t: Translator) -> list[str]:
    """What we store and why, and the question: the same words wherever consent is asked."""
    return [
        t._(
            "<b>What we store:</b> your first name, your language and what you sign up for. "
            "We use it only to sign you up and to send you reminders. Organisers see your "
            "first name when you sign up."
        ),
        t._("You can see and erase your data at any time with /delete."),
        t._("Do you agree?"),
    ]


def welcome_screen(
    t: Translator, opportunity_id: int, check_in: str | None = None
) -> tuple[str, list[list[tuple[str, str]]]]:
    """The welcome with its consent question and "have a look first"; after consent, the
    deep-linked opportunity, or (``check_in``: a check-in code's token) the check-in continues
    (the door asks before it checks in: no looking first there)."""
    intro = [
        t._("👋 Welcome to <b>Meedoen</b>!"),
        t._(
            "Here you find volunteer work near you: a single afternoon, or something you do "
            "every week. You choose with buttons."
        ),
    ]
    if check_in is None:
        intro.append(t._("You can also have a look first. We ask again when you sign up."))
    text = "\n\n".join([*intro, *consent_lines(t)])
    agree = actions.CONSENT.data(t.locale, opportunity_id)
    if check_in is not None:
        agree = actions.CHECK_IN_CONSENT.data(t.locale, check_in)
    rows = [[(t._("✅ Yes, I agree"), agree)]]
    if check_in is None:
        rows.append([(t._("🔎 First have a look"), actions.LOOK_FIRST.data(t.locale))])
    rows.append([(t._("No, thank you"), actions.DECLINE.data(t.locale))])
    rows.extend(language_rows(t.locale, opportunity_id, check_in))
    return text, rows


def consent_screen(
    t: Translator, action: str, args: tuple[str, ...] = ()
) -> tuple[str, list[list[tuple[str, str]]]]:
    """Consent asked at the first tap that stores something (a sign-up, "I am interested",
    My sign-ups, ...): the welcome's explanation; "Yes" carries the tap (``action`` and its
    ``args``) so it goes on at once; "No" leaves the menu."""
    text = "\n\n".join(
        [t._("✋ <b>One question first.</b> To do this, we store a few things."), *consent_lines(t)]
    )
    rows = [
        [(t._("✅ Yes, I agree"), actions.CONSENT_THEN.data(t.locale, action, *args))],
        [(t._("No, thank you"), actions.DECLINE.data(t.locale))],
    ]
    return text, rows


def language_rows(
    current: str, opportunity_id: int, check_in: str | None = None
) -> list[list[tuple[str, str]]]:
    """The other languages, three to a row, each by its own name: a reader who does not know
    the one on the screen finds theirs. Nothing is stored: the choice travels in the button."""

    def data(code: str) -> str:
        if check_in is not None:
            return actions.CHECK_IN_LANGUAGE.data(code, check_in)
        return actions.WELCOME_LANGUAGE.data(code, opportunity_id)

    buttons = [(label, data(code)) for code, label in LANGUAGE_LABELS.items() if code != current]
    return [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
