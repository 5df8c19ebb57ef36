"""The screens of /poll: the kind of question, the question and its answers, names, the last
day, the preview; and the buttons its audience steps carry."""

from __future__ import annotations

from datetime import date, datetime

from bot.i18n import N_, Translator
from bot.outbox.messages.polls import last_day
from bot.services import broadcasts, polls
from bot.services.audiences import Audience
from conversations import actions
from conversations.coordinator.audience_screens import AUDIENCE, Buttons, audience_line
from conversations.ui.day_picker import calendar_rows
from conversations.ui.navigation import coordinator_menu_button
from conversations.ui.too_long import too_long

HEADING = N_("❓ <b>A question</b>")
RESTART = N_("This button no longer works. Type /poll to begin again.")
KIND, QUESTION, OPTIONS, NAMES, CLOSING = "kind", "question", "options", "names", "closing"
BUTTONS = Buttons(
    organisation=actions.POLL_ORGANISATION,
    audience=actions.POLL_AUDIENCE,
    category=actions.POLL_CATEGORY,
    opportunity=actions.POLL_OPPORTUNITY,
    months=actions.POLL_MONTHS,
    back=actions.POLL_BACK,
    stop=actions.POLL_CANCEL,
)
# What a POLL_KIND button carries, and the kind of poll it means.
KINDS = {
    "c": polls.CHOICE,
    "t": polls.TEXT,
    "s": polls.SCALE,
    "q": polls.QUESTIONNAIRE,
}

Button = tuple[str, str]
Rows = list[list[Button]]
Screen = tuple[str, Rows]


def poll_button(t: Translator) -> Button:
    """The way in for a coordinator menu."""
    return (t._("📊 Ask volunteers a question"), actions.POLL_NEW.data())


def _last_row(t: Translator, back: str) -> list[Button]:
    return [BUTTONS.back_to(t, back), BUTTONS.cancel(t)]


def kind_screen(t: Translator) -> tuple[str, Rows]:
    text = (
        t._("📊 <b>Ask volunteers a question</b>")
        + "\n\n"
        + t._("Ask volunteers, residents or staff something. How should they answer?")
    )
    rows: Rows = [
        [(t._("🔘 With buttons (2 to 6 answers)"), actions.POLL_KIND.data("c"))],
        [(t._("✍️ In their own words"), actions.POLL_KIND.data("t"))],
        [(t._("⭐ With a score from 1 to 5"), actions.POLL_KIND.data("s"))],
        [(t._("📋 The five questions about the library"), actions.POLL_KIND.data("q"))],
        [(t._("📊 My questions and their answers"), actions.POLL_LIST.data(0))],
        [BUTTONS.cancel(t)],
    ]
    return text, rows


def question_screen(t: Translator) -> tuple[str, Rows]:
    text = t._(
        "✏️ Type your question and send it to me. Keep it short and clear "
        "(at most {most} characters)."
    ).format(most=polls.MAX_QUESTION)
    return text, [_last_row(t, KIND)]


def options_screen(t: Translator) -> tuple[str, Rows]:
    text = t._(
        "Now type the answers people can tap, each on its own line: 2 to 6 answers, each at "
        "most {most} characters. For example:"
    ).format(most=polls.MAX_OPTION)
    example = "\n".join([t._("Yes"), t._("No"), t._("I don't know yet")])
    return f"{text}\n\n<i>{example}</i>", [_last_row(t, QUESTION)]


OPTION_PROBLEMS = {
    "options_count": N_("Please type 2 to 6 answers, each on its own line."),
    "option_too_long": N_("An answer is a button: at most {most} characters each, please."),
    "option_twice": N_("Two answers are the same. Please make each answer different."),
    "empty": N_("Please type some text."),
    "too_long": N_("That is too long: at most {most} characters, please."),
    "not_text": N_("Please type it as text."),
}


def problem(t: Translator, exc: polls.Invalid) -> str:
    """Why it cannot be used; a question too long is given back to copy and shorten."""
    if exc.reason == "too_long" and exc.most is not None and exc.typed is not None:
        return too_long(t, exc.typed, exc.most)
    return t._(OPTION_PROBLEMS.get(exc.reason, N_("Sorry, that did not work."))).format(
        most=exc.most
    )


def names_screen(t: Translator) -> tuple[str, Rows]:
    text = "\n\n".join(
        [
            t._("Should people's names be shown with their answers?"),
            t._("🙈 <b>Anonymous</b>: you see the answers, never who gave them."),
            t._(
                "👤 <b>With names</b>: the question tells people that their first name is seen "
                "with their answer."
            ),
        ]
    )
    rows: Rows = [
        [(t._("🙈 Anonymous"), actions.POLL_NAMES.data(0))],
        [(t._("👤 With names"), actions.POLL_NAMES.data(1))],
        _last_row(t, AUDIENCE),
    ]
    return text, rows


def closing_screen(t: Translator, month: str, today: date, note: str = "") -> tuple[str, Rows]:
    text = t._(
        "Until when can people answer? Tap the last day. You can also close the question "
        "yourself at any time."
    )
    rows: Rows = [
        *calendar_rows(t, month, today),
        [(t._("No last day: I close it myself"), actions.POLL_NO_CLOSING.data())],
        _last_row(t, NAMES),
    ]
    return (f"{note}\n\n{text}" if note else text), rows


def preview_screen(
    t: Translator,
    audience: Audience,
    preview: broadcasts.Preview,
    named: bool,
    closes_at: datetime | None,
) -> tuple[str, Rows]:
    who = audience_line(t, audience, preview.audience_name)
    if preview.recipients == 0:
        text = t._("Nobody would get this question now ({who}).").format(who=who)
        return text, [_last_row(t, AUDIENCE)]
    until = (
        t._("⏳ Open until {date}.").format(date=last_day(t, closes_at))
        if closes_at is not None
        else t._("⏳ Open until you close it.")
    )
    text = "\n".join(
        [
            t.ngettext(
                "👆 This is how it looks. It goes to <b>{n} person</b>: {who}.",
                "👆 This is how it looks. It goes to <b>{n} people</b>: {who}.",
                preview.recipients,
            ).format(n=preview.recipients, who=who),
            t._("👤 With names.") if named else t._("🙈 Anonymous."),
            until,
            "",
            t._("Send it now?"),
        ]
    )
    send = t.ngettext("❓ Send to {n} person", "❓ Send to {n} people", preview.recipients).format(
        n=preview.recipients
    )
    return text, [[(send, actions.POLL_SEND.data())], _last_row(t, CLOSING)]


def sent_screen(t: Translator, poll_id: int, total: int) -> tuple[str, Rows]:
    text = t.ngettext(
        "❓ Your question is on its way to {n} person. The answers come in as people answer.",
        "❓ Your question is on its way to {n} people. The answers come in as people answer.",
        total,
    ).format(n=total)
    rows: Rows = [
        [(t._("📊 See the answers"), actions.POLL_RESULTS.data(poll_id))],
        [coordinator_menu_button(t)],
    ]
    return text, rows
