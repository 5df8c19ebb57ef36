"""The screens of /broadcast: who it is from, who gets it, the message, the preview."""

from __future__ import annotations

from bot.i18n import LANGUAGE_LABELS, Translator
from bot.services import audiences, broadcasts
from bot.services.audiences import Audience
from conversations import actions
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, cancel_button
from conversations.ui.replying import esc

ORGANISATION, AUDIENCE = "org", "audience"
ALL_ORGANISATIONS = broadcasts.ALL_ORGANISATIONS
MAX_BUTTON = 48

Rows = list[list[tuple[str, str]]]


def cancel_row_button(t: Translator) -> tuple[str, str]:
    return cancel_button(t, actions.BROADCAST_STOP.data())


def back_to(t: Translator, to: str) -> tuple[str, str]:
    return back_button(t, actions.BROADCAST_BACK.data(to))


def organisation_screen(
    t: Translator, organisations: list[tuple[int, str]], admin: bool
) -> tuple[str, Rows]:
    text = t._("📣 <b>A message to residents</b>") + "\n\n" + t._("On behalf of whom?")
    rows: Rows = [
        [(clip(name, MAX_BUTTON), actions.BROADCAST_ORGANISATION.data(org_id))]
        for org_id, name in organisations
    ]
    if admin:
        rows.append(
            [
                (
                    t._("🌐 Meedoen (all organisations)"),
                    actions.BROADCAST_ORGANISATION.data(ALL_ORGANISATIONS),
                )
            ]
        )
    rows.append([cancel_row_button(t)])
    return text, rows


def audience_screen(t: Translator, choose_organisation: bool) -> tuple[str, Rows]:
    text = t._("📣 <b>A message to residents</b>") + "\n\n" + t._("Who should get it?")
    rows: Rows = [
        [(t._("👥 Everyone who gets news"), actions.BROADCAST_AUDIENCE.data(audiences.EVERYONE))],
        [
            (
                t._("❤️ People who like a kind of work"),
                actions.BROADCAST_AUDIENCE.data(audiences.CATEGORY),
            )
        ],
        [
            (
                t._("📋 People signed up for an opportunity"),
                actions.BROADCAST_AUDIENCE.data(audiences.OPPORTUNITY),
            )
        ],
        [
            (
                t._("🙌 People who volunteered recently"),
                actions.BROADCAST_AUDIENCE.data(audiences.VOLUNTEERS),
            )
        ],
    ]
    last = [back_to(t, ORGANISATION)] if choose_organisation else []
    rows.append([*last, cancel_row_button(t)])
    return text, rows


def write_screen(t: Translator) -> tuple[str, Rows]:
    text = t._(
        "✏️ Now write your message and send it to me.\n\n"
        "You can also send a photo with the text under it."
    )
    return text, [[back_to(t, AUDIENCE), cancel_row_button(t)]]


def audience_line(t: Translator, audience: Audience, name: str | None) -> str:
    if audience.kind == audiences.CATEGORY:
        return t._("people who like “{name}”").format(name=esc(name or "?"))
    if audience.kind == audiences.OPPORTUNITY:
        return t._("people signed up for “{name}”").format(name=esc(name or "?"))
    if audience.kind == audiences.VOLUNTEERS:
        return t.ngettext(
            "people who volunteered in the last {n} month",
            "people who volunteered in the last {n} months",
            audience.value or 0,
        ).format(n=audience.value)
    return t._("everyone who gets news")


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


def category_pick_screen(t: Translator, found: list[tuple[int, str, int]]) -> tuple[str, Rows]:
    """Which kind of work, each with how many people like it."""
    text = t._("Which kind of work? (the number: how many people like it)")
    rows: Rows = [
        [(clip(f"{name} ({n})", MAX_BUTTON), actions.BROADCAST_CATEGORY.data(cat_id))]
        for cat_id, name, n in found
    ]
    if not found:
        text = t._("There are no kinds of work yet.")
    return text, [*rows, [back_to(t, AUDIENCE), cancel_row_button(t)]]


def opportunity_pick_screen(t: Translator, found: list[tuple[int, str]]) -> tuple[str, Rows]:
    """Which opportunity: everyone signed up for it (or waiting) gets the message."""
    text = t._("Which opportunity? Everyone signed up for it (or on its waitlist) gets it.")
    rows: Rows = [
        [(clip(title, MAX_BUTTON), actions.BROADCAST_OPPORTUNITY.data(opp_id))]
        for opp_id, title in found
    ]
    if not found:
        text = t._("There are no open opportunities.")
    return text, [*rows, [back_to(t, AUDIENCE), cancel_row_button(t)]]


def months_pick_screen(t: Translator) -> tuple[str, Rows]:
    """People who volunteered in the last 3, 6 or 12 months."""
    months = [
        (t.ngettext("{n} month", "{n} months", n).format(n=n), actions.BROADCAST_MONTHS.data(n))
        for n in audiences.MONTHS
    ]
    return t._("Who volunteered in the last …"), [
        months,
        [back_to(t, AUDIENCE), cancel_row_button(t)],
    ]
