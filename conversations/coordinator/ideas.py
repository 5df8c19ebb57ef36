"""/ideas: residents' ideas, for every coordinator and administrator of the network.

The list shows the ideas still waiting (new, considering, planned; not yet an opportunity),
oldest first, a page at a time, each with its theme, the day it came in and the first name of
who had it. One idea's screen shows the idea and what was answered, and its buttons:

- ↩️ Answer: the answer is typed next (the ``publish`` conversation waits for it, see
  :mod:`conversations.coordinator.drafting`) and reaches the resident through the outbox;
- considering, planned, not now: the resident is told of each change, once, in plain words;
- ➕ Make it an opportunity: /new, with the idea's text as the description; when it is
  published, the resident is told, with a button to sign up first;
- 📷 Photo, when the idea came with one: sent as a new message.

Every tap checks again on the server that the person is a coordinator
(:mod:`bot.services.ideas`); a forged or stale idea id is "this no longer exists".

Callback actions: ``kix:<page>`` the list, ``kixd:<idea>`` one idea (``kixo:<idea>`` as a new
message, under a notice), ``kixm:<idea>:c|p|n`` a status, ``kixp:<idea>`` the photo,
``kixa:<idea>`` answer, ``kixn:<idea>`` make it an opportunity.
"""

from __future__ import annotations

from telegram import Update

from bot.i18n import N_, Translator
from bot.outbox.messages.ideas import shorter, theme_name
from bot.services import ideas, publishing
from bot.services.ideas import MAX_ANSWER, Answer, Idea, Invalid, TooLong
from bot.services.roles import Role
from conversations import actions
from conversations.actions import unpack
from conversations.coordinator import steps
from conversations.coordinator.guard import (
    Rows,
    arg,
    coordinator_only,
    needed,
    number,
    problem,
    show_listing,
    show_screen,
    show_with_back,
    step,
    tell,
    text_of,
)
from conversations.coordinator.screens import go
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, coordinator_menu_button
from conversations.ui.replying import answer, esc, keyboard, show, translator
from conversations.ui.too_long import too_long

IDEA_ANSWER = "idea_answer"  # the conversation's state (and the draft's step) for the answer
MARKS = {"c": ideas.CONSIDERING, "p": ideas.PLANNED, "n": ideas.NOT_NOW}
STATUS = {
    ideas.NEW: N_("🆕 new"),
    ideas.CONSIDERING: N_("🤔 considering"),
    ideas.PLANNED: N_("📅 planned"),
    ideas.NOT_NOW: N_("⏸ not now"),
}
MARK_LABELS = {
    "c": N_("🤔 Considering"),
    "p": N_("📅 Planned"),
    "n": N_("⏸ Not now"),
}
LAST_ANSWER = 500  # characters of the last answer shown under the idea


def ideas_button(t: Translator) -> tuple[str, str]:
    """The way in for the coordinator menu."""
    return (t._("💡 Ideas from residents"), actions.IDEAS.data(0))


def _status(t: Translator, idea: Idea) -> str:
    return t._(STATUS.get(idea.status, idea.status))


# -- the list ------------------------------------------------------------------------------------
async def show_list(
    update: Update, context: Context, role: Role, page: int = 0, *, new_message: bool = False
) -> None:
    t = await translator(update, context)
    found = await ideas.waiting_page(context.deps.db, role, page)
    body: list[str] = []
    rows: Rows = []
    for index, idea in found.numbered():
        extras = ("📷 " if idea.photo else "") + (f"💬 {idea.answers} " if idea.answers else "")
        body += [
            "",
            f"{index}. <b>{esc(idea.first_name)}</b> · {t.short_date(idea.created_at)} · "
            f"{theme_name(t, idea.theme)} · {_status(t, idea)}",
            f"   {extras}<i>“{esc(clip(idea.text, 90))}”</i>",
        ]
        label = f"{index}. {clip(idea.first_name, 16)} · {clip(idea.text, 28)}"
        rows.append([(label, actions.IDEA.data(idea.id))])
    await show_listing(
        update,
        t,
        found,
        action=actions.IDEAS,
        head=t._("💡 <b>Ideas from residents</b> (oldest first)"),
        hint=t._("Tap an idea to answer it, mark it or make it an opportunity."),
        empty=t._("No ideas are waiting. When a resident shares one, it shows here."),
        body=body,
        rows=rows,
        new_message=new_message,
    )


@coordinator_only("ideas")
async def ideas_command(update: Update, context: Context, role: Role) -> None:
    """/ideas (and ``kix:<page>``): the ideas still waiting, oldest first."""
    await answer(update)
    fresh = update.callback_query is None
    await show_list(update, context, role, number(update) or 0, new_message=fresh)


# -- one idea ------------------------------------------------------------------------------------
def _answered(t: Translator, answers: list[Answer]) -> list[str]:
    if not answers:
        return []
    last = answers[-1]
    return [
        "",
        t.ngettext(
            "💬 Answered {n} time. The answer, {date}:",
            "💬 Answered {n} times. The last answer, {date}:",
            len(answers),
        ).format(n=len(answers), date=t.short_date(last.created_at)),
        f"<i>{esc(shorter(last.text, LAST_ANSWER))}</i>",
    ]


def idea_screen(t: Translator, idea: Idea, answers: list[Answer]) -> tuple[str, Rows]:
    """Who had the idea, when, its theme and status, the idea, what was answered; the buttons."""
    lines = [
        t._("💡 <b>Idea from {name}</b>").format(name=esc(idea.first_name)),
        t._("Came in: {moment}").format(moment=t.datetime(idea.created_at)),
        t._("Theme: {theme}").format(theme=theme_name(t, idea.theme)),
        t._("Status: {status}").format(status=_status(t, idea)),
    ]
    if idea.opportunity_title:
        lines.append(t._("➡️ Became: <b>{title}</b>").format(title=esc(idea.opportunity_title)))
    lines += ["", f"“{esc(idea.text)}”", *_answered(t, answers)]
    rows: Rows = [[(t._("↩️ Answer"), actions.IDEA_ANSWER.data(idea.id))]]
    rows.append(
        [
            (t._(label), actions.IDEA_MARK.data(idea.id, mark))
            for mark, label in MARK_LABELS.items()
            if MARKS[mark] != idea.status
        ]
    )
    if idea.opportunity_id is None:
        rows.append([(t._("➕ Make it an opportunity"), actions.IDEA_TO_NEW.data(idea.id))])
    if idea.photo:
        rows.append([(t._("📷 Photo"), actions.IDEA_PHOTO.data(idea.id))])
    rows.append([back_button(t, actions.IDEAS.data(0)), coordinator_menu_button(t)])
    return "\n".join(lines), rows


async def show_idea(
    update: Update,
    context: Context,
    role: Role,
    idea_id: int,
    *,
    note: str | None = None,
    new_message: bool = False,
) -> None:
    t = await translator(update, context)
    idea, answers = await ideas.one(context.deps.db, role, idea_id)
    text, rows = idea_screen(t, idea, answers)
    await answer(update)
    await show_screen(update, text, rows, note=note, new_message=new_message)


@coordinator_only("idea")
async def on_idea(update: Update, context: Context, role: Role) -> None:
    """``kixd:<idea>`` (``kixo:<idea>``: as a new message, so the notice stays)."""
    query = update.callback_query
    tapped = unpack(query.data if query is not None else None)
    below_notice = tapped is not None and tapped.action == actions.OPEN_IDEA.code
    await show_idea(update, context, role, needed(update), new_message=below_notice)


@coordinator_only("idea")
async def on_mark(update: Update, context: Context, role: Role) -> None:
    """``kixm:<idea>:c|p|n``: a new status; the resident is told once per change."""
    idea_id, mark = needed(update), arg(update, 1) or ""
    if mark not in MARKS:
        raise Invalid("missing")
    d = context.deps
    idea, changed = await ideas.mark(d.db, role, idea_id, MARKS[mark], d.clock.now())
    t = await translator(update, context)
    note = t._("✔️ Marked: {status}.").format(status=_status(t, idea))
    if changed:
        d.kick()
        note += " " + t._("{name} gets a message about it.").format(name=esc(idea.first_name))
    await show_idea(update, context, role, idea_id, note=note)


@coordinator_only("idea")
async def on_photo(update: Update, context: Context, role: Role) -> None:
    """``kixp:<idea>``: the idea's photo, as a new message, with the way back to the idea."""
    idea, _ = await ideas.one(context.deps.db, role, needed(update))
    if idea.photo is None:  # a forged button: this idea came without one
        raise Invalid("missing")
    t = await translator(update, context)
    await answer(update)
    chat = update.effective_chat
    if chat is None:
        return
    caption = t._("📷 The photo with the idea of {name}.").format(name=esc(idea.first_name))
    back = keyboard([back_button(t, actions.OPEN_IDEA.data(idea.id))])
    await chat.send_photo(idea.photo, caption=caption, reply_markup=back)


# -- the answer (typed) --------------------------------------------------------------------------
@step("idea")
async def ask_answer(update: Update, context: Context, role: Role) -> str:
    """``kixa:<idea>``: the answer is typed next."""
    t = await translator(update, context)
    idea, _ = await ideas.one(context.deps.db, role, needed(update))
    steps.fresh(context, mode="idea", step=IDEA_ANSWER, idea=idea.id)
    text = t._(
        "↩️ <b>Answer {name}</b>\n\n"
        "Type your answer, at most {limit} characters. {name} gets it here in the chat."
    ).format(name=esc(idea.first_name), limit=MAX_ANSWER)
    await show_with_back(update, t, text, back=actions.IDEA.data(idea.id))
    return IDEA_ANSWER


@step("idea")
async def on_answer(update: Update, context: Context, role: Role) -> int | None:
    """The answer, typed: stored and sent through the outbox; too long: the limit, and the
    step waits for a shorter one."""
    t = await translator(update, context)
    d = context.deps
    idea_id = steps.draft(context).get("idea")
    try:
        if not isinstance(idea_id, int):
            raise Invalid("missing")
        idea = await ideas.answer(d.db, role, idea_id, text_of(update), d.clock.now())
    except TooLong as exc:
        await tell(update, t, too_long(t, text_of(update), exc.limit))  # given back to shorten
        return None
    except Invalid as exc:
        if exc.reason == "empty":
            raise  # explained; the step waits
        steps.forget(context)
        await tell(update, t, problem(t, exc.reason))
        return steps.END
    steps.forget(context)
    d.kick()
    note = t._("✔️ Your answer is on its way to {name}.").format(name=esc(idea.first_name))
    await show_idea(update, context, role, idea.id, note=note, new_message=True)
    return steps.END


# -- make it an opportunity ----------------------------------------------------------------------
@step("idea")
async def make_opportunity(update: Update, context: Context, role: Role) -> str | int | None:
    """``kixn:<idea>``: /new, with the idea's text as the description and its theme ticked, and
    the idea remembered, so its resident is told when it is published."""
    t = await translator(update, context)
    d = context.deps
    if not await publishing.managed_organisations(d.db, role):
        await answer(update)
        text = t._("There is no organisation yet. An administrator can add one with /invite.")
        await show(update, text, new_message=True)
        return steps.END
    try:
        idea = await ideas.for_new_opportunity(d.db, role, needed(update))
    except Invalid as exc:
        if exc.reason != "idea_taken_up":
            raise
        await tell(update, t, t._("This idea became an opportunity already."))
        return None
    # Its theme comes ticked at the themes step (the coordinator may change it).
    chosen = [idea.theme] if idea.theme else []
    steps.fresh(context, mode="new", description=idea.text, idea=idea.id, themes=chosen)
    note = t._(
        "💡 From the idea of {name}. Its text is the description: you can keep it or change it."
    ).format(name=esc(idea.first_name))
    return await go(update, context, role, steps.TITLE, note)
