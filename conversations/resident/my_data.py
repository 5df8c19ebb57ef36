"""/mydata: a plain text file with everything we store about the person, in their language.

Also under /delete ("📄 Send me my data"), so a person can look before they erase. Someone we
store nothing about is told so. Callback action: ``md``.
"""

from __future__ import annotations

from telegram import Update

from bot.categories import category_name
from bot.i18n import N_, Translator
from bot.services import my_data
from bot.services.my_data import MyData, Question, StoredAnswer, StoredSignUp
from conversations.resident.hours import hours_sentence
from conversations.resident.idea_sharing import my_data_lines as idea_lines
from conversations.resident.path import my_data_lines as path_lines
from conversations.ui.context import Context
from conversations.ui.navigation import menu_button
from conversations.ui.replying import (
    answer,
    keyboard,
    present,
    private_only,
    resident_of,
    translator_for,
)

FILENAME = "meedoen-my-data.txt"
STATUS = {
    "confirmed": N_("signed up"),
    "waitlisted": N_("on the waitlist"),
    "cancelled": N_("cancelled"),
}
ATTENDANCE = {"came": N_("came"), "no_show": N_("did not come")}
LEAD_STATUS = {
    "new": N_("interest sent"),
    "contacted": N_("the coordinator contacted you"),
    "started": N_("you help here"),
    "not_now": N_("not now"),
}


def _on_off(t: Translator, on: bool) -> str:
    return t._("on") if on else t._("off")


def _signup_line(t: Translator, item: StoredSignUp) -> str:
    parts = [t._(STATUS.get(item.status, item.status))]
    if item.attendance in ATTENDANCE:
        parts.append(t._(ATTENDANCE[item.attendance]))
    if item.places > 1:
        parts.append(
            t.ngettext("you bring {n} person", "you bring {n} people", item.places - 1).format(
                n=item.places - 1
            )
        )
    if item.rating is not None:
        parts.append(t._("your score: {n} of 5").format(n=item.rating))
    if item.comment:
        parts.append(t._("your comment: “{text}”").format(text=item.comment))
    when = t.when(item.starts_at, item.ends_at)
    return f"- {when}: {item.title} ({item.organisation}): {', '.join(parts)}"


def _answer_line(t: Translator, item: StoredAnswer) -> str:
    question = t._(item.question) if item.translated else item.question
    if item.skipped:
        given = t._("(skipped)")
    elif item.score is not None:
        given = t._("your score: {n} of 5").format(n=item.score)
    else:
        given = item.answer or ""
    asker = item.organisation or "Meedoen"
    return f"- {t.short_date(item.answered_at)}, {asker}: {question} → {given}"


def _indented(text: str) -> str:
    """A person's own text in the file, its later lines indented under the first."""
    return "\n    ".join(text.splitlines())


def _question_lines(t: Translator, item: Question) -> list[str]:
    """A question (when, about what, the text) and its answer (from whom, when) or none yet."""
    about = (
        t._("about {title} ({organisation})").format(
            title=item.title, organisation=item.organisation or "Meedoen"
        )
        if item.title is not None
        else t._("a general question")
    )
    lines = [f"- {t.datetime(item.asked_at)}, {about}: “{_indented(item.text)}”"]
    if item.answer is not None and item.answered_at is not None:
        lines.append(
            "  "
            + t._("Answer from {organisation}, {date}: “{text}”").format(
                organisation=item.organisation or "Meedoen",
                date=t.datetime(item.answered_at),
                text=_indented(item.answer),
            )
        )
    else:
        lines.append("  " + t._("No answer yet."))
    return lines


def my_data_text(t: Translator, data: MyData, made_at_text: str) -> str:
    """The file's text: short headings, one line per thing, no markup (it is a .txt)."""
    p = data.profile
    where = (
        [t._("Neighbourhood: {name}").format(name=data.neighbourhood)] if data.neighbourhood else []
    )
    lines = [
        t._("Meedoen: what we store about you"),
        t._("Made on {date}").format(date=made_at_text),
        "",
        t._("About you"),
        t._("First name: {name}").format(name=p.first_name),
        t._("Language: {language}").format(language=t.language_name),
        t._("You agreed to the privacy terms on {date}").format(date=t.datetime(p.consented_at)),
        t._("Reminders: {on}").format(on=_on_off(t, p.reminders_on)),
        t._("Thank-you messages: {on}").format(on=_on_off(t, p.thanks_on)),
        t._("News: {on}").format(on=_on_off(t, p.broadcasts_on)),
        *where,
        "",
        t._("Your sign-ups ({n})").format(n=len(data.signups)),
    ]
    lines += [_signup_line(t, item) for item in data.signups] or [t._("None.")]
    hours = hours_sentence(t, data.hours)
    if hours:
        lines += ["", hours]
    lines += ["", *path_lines(t, data.path)]
    lines += ["", t._("Kinds of work you like")]
    lines += [f"- {category_name(t, name)}" for name in data.interests] or [t._("None.")]
    lines += ["", t._("Ongoing roles and your interest in them")]
    lines += [
        f"- {lead.title} ({lead.organisation}): {t._(LEAD_STATUS.get(lead.status, lead.status))}"
        for lead in data.leads
    ] or [t._("None.")]
    if data.every_time:
        lines += ["", t._("You come every time to")]
        for item in data.every_time:
            every = t.rhythm(item.every_weeks, item.first_starts_at, item.starts, item.ends)
            lines.append(f"- {item.title}: {every}")
    lines += ["", t._("Your questions ({n})").format(n=len(data.questions))]
    for question in data.questions:
        lines += _question_lines(t, question)
    if not data.questions:
        lines.append(t._("None."))
    lines += ["", *idea_lines(t, data.ideas, data.idea_answers)]
    if data.poll_answers:
        lines += ["", t._("Your answers to questions from coordinators")]
        lines += [_answer_line(t, item) for item in data.poll_answers]
    lines += ["", t._("To erase all of this, type /delete.")]
    return "\n".join(lines) + "\n"


async def send_my_data(update: Update, context: Context) -> None:
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    await answer(update)
    chat = update.effective_chat
    d = context.deps
    now = d.clock.now()
    data = await my_data.gather(d.db, resident.id, now, t.zone) if resident else None
    if data is None or chat is None:
        await present(
            update,
            t._("We store nothing about you. 🙂"),
            keyboard([menu_button(t)]),
            new_message=True,
        )
        return
    text = my_data_text(t, data, t.datetime(now))
    await context.bot.send_document(
        chat.id,
        text.encode("utf-8"),
        filename=FILENAME,
        caption=t._("📄 Everything we store about you. To erase it, type /delete."),
    )


@private_only
async def mydata_command(update: Update, context: Context) -> None:
    await send_my_data(update, context)


async def on_my_data(update: Update, context: Context) -> None:
    await send_my_data(update, context)
