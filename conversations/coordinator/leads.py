"""/leads: people who said "I am interested" in one of the coordinator's ongoing roles.

The list shows the open leads (new and contacted), oldest first, a page at a time; each name
links to a chat with the person. One lead's screen marks it *contacted*, *started* (the resident
now volunteers in the role) or *not now*, which asks for an optional one-line reason (typed: the
``publish`` conversation waits for it, see :mod:`conversations.coordinator.drafting`) or Skip.
Administrators see every organisation's leads. Every tap checks again on the server that the
person manages the lead's organisation (:mod:`bot.services.leads`).

Callback actions: ``kl:<page>`` the list (``klo`` the list as a new message, under a notice),
``kld:<lead>`` one lead, ``klm:<lead>:c|s`` contacted
or started, ``kln:<lead>`` not now (asks why), ``kls:<lead>`` not now without a reason.
"""

from __future__ import annotations

from telegram import Update

from bot.i18n import Translator
from bot.services import leads
from bot.services.leads import Lead
from bot.services.publishing import Invalid
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator import steps
from conversations.coordinator.guard import (
    Rows,
    arg,
    coordinator_only,
    needed,
    number,
    problem,
    show_listing,
    show_with_back,
    step,
    tell,
    text_of,
    user_link,
)
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, coordinator_menu_button
from conversations.ui.replying import answer, esc, keyboard, show, translator

LEAD_REASON = "lead_reason"  # the conversation's state (and the draft's step) for the reason
MARKS = {"c": leads.CONTACTED, "s": leads.STARTED}


def leads_button(t: Translator) -> tuple[str, str]:
    """The way in for the coordinator menu."""
    return (t._("🙋 Interested people"), actions.LEADS.data(0))


def _name(lead: Lead) -> str:
    return user_link(lead.resident_id, lead.first_name, "?")


def _status(t: Translator, lead: Lead) -> str:
    changed = t.short_date(lead.changed_at) if lead.changed_at else ""
    if lead.status == leads.CONTACTED:
        return t._("💬 contacted on {date}").format(date=changed)
    if lead.status == leads.STARTED:
        return t._("✅ started on {date}").format(date=changed)
    if lead.status == leads.NOT_NOW:
        return t._("⏸ not now (since {date})").format(date=changed)
    return t._("🆕 new")


def _came_in(t: Translator, lead: Lead) -> str:
    return t._("came in {date}, {time}").format(
        date=t.short_date(lead.created_at), time=t.time(lead.created_at)
    )


# -- the list ------------------------------------------------------------------------------------
async def show_list(
    update: Update,
    context: Context,
    role: Role,
    page: int = 0,
    *,
    note: str | None = None,
    new_message: bool = False,
) -> None:
    t = await translator(update, context)
    found = await leads.open_page(context.deps.db, role, page)
    body: list[str] = []
    rows: Rows = []
    for index, lead in found.numbered():
        body += [
            "",
            f"{index}. {_name(lead)} – <b>{esc(lead.title)}</b> ({esc(lead.organisation)})",
            f"   {_came_in(t, lead)} · {_status(t, lead)}",
        ]
        label = f"{index}. {clip(lead.first_name, 16)} · {clip(lead.title, 24)}"
        rows.append([(label, actions.LEAD.data(lead.id))])
    await show_listing(
        update,
        t,
        found,
        action=actions.LEADS,
        head=t._("🙋 <b>Interested people</b> (oldest first)"),
        hint=t._("Tap a name to send a message. Tap a button below to mark what happened."),
        empty=t._(
            'Nobody is waiting. When someone taps "I am interested" in one of your ongoing '
            "roles, they show here."
        ),
        body=body,
        rows=rows,
        note=note,
        new_message=new_message,
    )


@coordinator_only("leads")
async def leads_command(update: Update, context: Context, role: Role) -> None:
    """/leads (and ``kl:<page>``; ``klo`` under a notice): the open leads, oldest first."""
    await answer(update)
    query = update.callback_query
    below_notice = query is not None and query.data == actions.OPEN_LEADS.data()
    fresh = query is None or below_notice
    await show_list(update, context, role, number(update) or 0, new_message=fresh)


# -- one lead ------------------------------------------------------------------------------------
@coordinator_only("lead")
async def on_lead(update: Update, context: Context, role: Role) -> None:
    """``kld:<lead>``: who, which role, since when, and the buttons that mark it."""
    t = await translator(update, context)
    lead = await leads.one(context.deps.db, role, needed(update))
    lines = [
        t._("🙋 {name} is interested in <b>{title}</b> ({organisation}).").format(
            name=_name(lead), title=esc(lead.title), organisation=esc(lead.organisation)
        ),
        "",
        t._("Came in: {moment}").format(moment=t.datetime(lead.created_at)),
        t._("Status: {status}").format(status=_status(t, lead)),
    ]
    if lead.reason:
        lines.append(t._("Reason: {reason}").format(reason=esc(lead.reason)))
    rows: Rows = []
    if lead.status in leads.OPEN:
        lines += ["", t._("Tap the name to send a message. What happened?")]
        first_row = [(t._("✅ Started"), actions.LEAD_MARK.data(lead.id, "s"))]
        if lead.status == leads.NEW:
            first_row.insert(0, (t._("💬 Contacted"), actions.LEAD_MARK.data(lead.id, "c")))
        rows += [first_row, [(t._("⏸ Not now"), actions.LEAD_NOT_NOW.data(lead.id))]]
    rows.append([back_button(t, actions.LEADS.data(0)), coordinator_menu_button(t)])
    await answer(update)
    await show(update, "\n".join(lines), keyboard(*rows))


def _marked(t: Translator, lead: Lead) -> str:
    name = esc(lead.first_name)
    if lead.status == leads.STARTED:
        return t._("✔️ {name} now volunteers as {title}. It shows in their /mine.").format(
            name=name, title=esc(lead.title)
        )
    if lead.status == leads.NOT_NOW:
        return t._("✔️ {name}: not now. The lead is closed.").format(name=name)
    return t._("✔️ {name}: contacted.").format(name=name)


@coordinator_only("lead")
async def on_mark(update: Update, context: Context, role: Role) -> None:
    """``klm:<lead>:c|s``: contacted or started; back to the list with a note."""
    lead_id, mark = needed(update), MARKS.get(arg(update, 1) or "")
    if mark is None:
        raise Invalid("missing")
    d = context.deps
    lead = await leads.mark(d.db, role, lead_id, mark, d.clock.now())
    t = await translator(update, context)
    await answer(update)
    await show_list(update, context, role, note=_marked(t, lead))


# -- not now, and why ----------------------------------------------------------------------------
@step("lead")
async def ask_reason(update: Update, context: Context, role: Role) -> str:
    """``kln:<lead>``: not now; the reason is typed next (or Skip)."""
    t = await translator(update, context)
    lead = await leads.one(context.deps.db, role, needed(update))
    if lead.status not in leads.OPEN:
        raise Invalid("lead_done")
    steps.fresh(context, mode="lead", step=LEAD_REASON, lead=lead.id)
    text = t._(
        "⏸ <b>Not now</b> for {name} ({title}).\n\n"
        "Why not now? Type it in one line, for your own notes: {name} does not see it. "
        "Or tap Skip."
    ).format(name=esc(lead.first_name), title=esc(lead.title))
    skip = [(t._("⏭ Skip"), actions.LEAD_SKIP_REASON.data(lead.id))]
    await show_with_back(update, t, text, skip, back=actions.LEAD.data(lead.id))
    return LEAD_REASON


@step("lead")
async def on_reason(update: Update, context: Context, role: Role) -> int | None:
    """The reason, typed: checked like any typed text (one line, not too long), then saved."""
    t = await translator(update, context)
    d = context.deps
    lead_id = steps.draft(context).get("lead")
    try:
        if not isinstance(lead_id, int):
            raise Invalid("missing")
        lead = await leads.mark(
            d.db, role, lead_id, leads.NOT_NOW, d.clock.now(), reason=text_of(update)
        )
    except Invalid as exc:
        if exc.reason in ("empty", "too_long"):
            raise  # explained; the step waits for a shorter line
        steps.forget(context)
        await tell(update, t, problem(t, exc.reason))
        await show_list(update, context, role, new_message=True)
        return steps.END
    steps.forget(context)
    await show_list(update, context, role, note=_marked(t, lead), new_message=True)
    return steps.END


@coordinator_only("lead")
async def on_skip_reason(update: Update, context: Context, role: Role) -> None:
    """``kls:<lead>``: not now, without a reason (also from an old screen)."""
    d = context.deps
    lead = await leads.mark(d.db, role, needed(update), leads.NOT_NOW, d.clock.now())
    t = await translator(update, context)
    await answer(update)
    await show_list(update, context, role, note=_marked(t, lead))
