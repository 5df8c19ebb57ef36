"""Messages about ideas: a new idea to the coordinators of the network; to the resident who had
it, a coordinator's answer, a new status, and the opportunity it became.

Each renders at send time from ids in the row, in the recipient's language, and drops a row
whose reason has gone: the idea was erased with its author, a status changed again before the
message went (the newer message tells it), the opportunity closed. What a person wrote is
escaped, never read as markup.
"""

from __future__ import annotations

from bot.i18n import N_, Translator, cut_to, esc, telegram_length
from bot.outbox.letters import Button, Desk, Drop, Outgoing, tap
from bot.outbox.messages.buttons import menu_button, mine_button
from bot.store import browsing
from bot.store import ideas as store
from bot.store.outbox import Pending

NO_THEME = N_("no theme chosen")
CAPTION = 1024  # what Telegram counts of a photo's caption (bot.i18n.telegram_length)
PHOTO_TEXT = 600  # characters of an idea under a photo; fewer when emoji fill the caption
QUOTED = 160  # characters of an idea quoted in a message about it


def theme_name(t: Translator, theme: str | None) -> str:
    """The theme's name in the reader's language ("no theme chosen" for none)."""
    name = store.THEME_NAMES.get(theme or "")
    return t._(name) if name else t._(NO_THEME)


def shorter(text: str, limit: int) -> str:
    """``text`` as written (line breaks kept), at most ``limit`` characters, "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quoted(text: str, limit: int = QUOTED) -> str:
    """An idea quoted in a message: in italics, escaped, shortened."""
    return f"<i>“{esc(shorter(text, limit))}”</i>"


def idea_buttons(t: Translator) -> list[list[Button]]:
    """Under a message to the resident about their idea: another idea, or the menu."""
    return [[tap(t._("💡 Share another idea"), "IDEA_NEW")], [menu_button(t)]]


async def render_new_idea(desk: Desk, row: Pending) -> Outgoing | Drop:
    """To a coordinator: who had an idea, its theme, the idea (with its photo), a way to it."""
    idea = await store.get(int(row.payload.get("idea", 0)), conn=desk.conn)
    if idea is None:
        return Drop("idea erased")
    t = await desk.reader_of(row.recipient_id) or desk.reader(None)
    lines = [
        t._("💡 <b>A new idea</b> from {name}").format(name=esc(idea.first_name)),
        t._("Theme: {theme}").format(theme=theme_name(t, idea.theme)),
        "",
    ]
    text = idea.text
    if idea.photo:  # a caption: the idea gets what the lines above leave of it
        room = CAPTION - telegram_length("\n".join(lines) + "\n“”…")
        text = cut_to(shorter(text, PHOTO_TEXT), room)
    lines.append(f"“{esc(text)}”")
    button = tap(t._("💡 Open the idea"), "OPEN_IDEA", idea.id)
    return Outgoing("\n".join(lines), [[button]], photo=idea.photo)


async def render_answer(desk: Desk, row: Pending) -> Outgoing | Drop:
    """To the resident: what a coordinator answered to their idea."""
    found = await store.answer(int(row.payload.get("answer", 0)), conn=desk.conn)
    if found is None or found.resident_id != row.recipient_id:
        return Drop("idea erased")
    t = await desk.reader_of(row.recipient_id)
    if t is None:
        return Drop("no resident")
    text = "\n".join(
        [
            t._("💬 <b>A coordinator answered your idea</b>"),
            quoted(found.idea_text),
            "",
            esc(found.text),
        ]
    )
    return Outgoing(text, idea_buttons(t))


STATUS_TEXTS = {
    store.CONSIDERING: N_(
        "🤔 <b>Coordinators are looking at your idea.</b> We tell you more later."
    ),
    store.PLANNED: N_("🎉 <b>Good news: your idea is planned!</b> We tell you more later."),
    store.NOT_NOW: N_(
        "Thank you for your idea. <b>We can't do it now.</b> Do you have another idea? "
        "Please share it."
    ),
}


async def render_status(desk: Desk, row: Pending) -> Outgoing | Drop:
    """To the resident: their idea is considered, planned, or not for now, in plain words."""
    idea = await store.get(int(row.payload.get("idea", 0)), conn=desk.conn)
    if idea is None or idea.resident_id != row.recipient_id:
        return Drop("idea erased")
    status = str(row.payload.get("status", ""))
    if idea.status != status or status not in STATUS_TEXTS:
        return Drop("changed again")
    t = await desk.reader_of(row.recipient_id)
    if t is None:
        return Drop("no resident")
    text = "\n\n".join([t._(STATUS_TEXTS[status]), quoted(idea.text)])
    return Outgoing(text, idea_buttons(t))


async def render_published(desk: Desk, row: Pending) -> Outgoing | Drop:
    """To the resident: their idea became an opportunity; a button to sign up first (its first
    date) or, for an ongoing role, to say "I am interested"."""
    conn = desk.conn
    idea = await store.get(int(row.payload.get("idea", 0)), conn=conn)
    opportunity_id = int(row.payload.get("opportunity", 0))
    if idea is None or idea.resident_id != row.recipient_id:
        return Drop("idea erased")
    opportunity = await browsing.opportunity(opportunity_id, conn=conn)
    if idea.opportunity_id != opportunity_id or opportunity is None or not opportunity.is_open:
        return Drop("opportunity closed")
    t = await desk.reader_of(row.recipient_id)
    if t is None:
        return Drop("no resident")
    lines = [
        t._("🎉 <b>Your idea became volunteer work!</b>"),
        quoted(idea.text),
        "",
        t._("It is now: <b>{title}</b> ({organisation}).").format(
            title=esc(opportunity.title), organisation=esc(opportunity.organisation)
        ),
    ]
    if opportunity.ongoing:
        lines.append(t._("It is an ongoing role. Would you like to do it?"))
        first = tap(t._("🙋 I am interested"), "INTERESTED", opportunity.id)
    else:
        shifts = await browsing.upcoming_shifts(
            opportunity.id, desk.now, resident_id=row.recipient_id, limit=1, conn=conn
        )
        if not shifts:
            return Drop("no date to sign up for")
        lines.append("🗓 " + t.when(shifts[0].starts_at, shifts[0].ends_at))
        if shifts[0].mine is not None:
            lines.append(t._("You are signed up for it already. 🙂"))
            first = mine_button(t)
        else:
            lines.append(t._("Be the first to sign up!"))
            first = tap(t._("✅ Sign me up first"), "SIGN_UP", shifts[0].id)
    more = tap(t._("ℹ️ More about it"), "OPPORTUNITY", opportunity.id)
    return Outgoing("\n".join(lines), [[first], [more]])
