"""How broadcasts, calls for help, alerts and broadcast summaries read when they go out.

Each is rendered at send time, in the recipient's language, from ids in the outbox row: a person
who turned broadcasts off since, left, or already signed up is skipped then, not when planned.
Titles, known categories and a broadcast's text come in their language too, where there is one.
"""

from __future__ import annotations

from bot.categories import category_name
from bot.i18n import Translator, esc
from bot.outbox.letters import Desk, Drop, Outgoing, tap
from bot.outbox.messages.buttons import menu_button
from bot.store import alerts as alert_store
from bot.store import broadcasts as broadcast_store
from bot.store import calls as call_store
from bot.store.broadcasts import Counts
from bot.store.outbox import Pending

MAX_ALERT_BUTTONS = 6


async def render_alert(desk: Desk, row: Pending) -> Outgoing | Drop:
    """New opportunities in categories the resident likes, several in one message."""
    conn, now = desk.conn, desk.now
    t = await desk.reader_of(row.recipient_id)
    if t is None:
        return Drop("no resident")
    ids = [int(i) for i in row.payload.get("opportunities", [])]
    offers = await alert_store.open_offers(ids, now, language=t.locale, conn=conn)
    if not offers:
        return Drop("nothing open")
    lines = [
        t._("🔔 <b>New volunteer work you may like</b>"),
        "",
    ]
    for offer in offers:
        line = f"• <b>{esc(offer.title)}</b> – {esc(offer.organisation)}"
        if offer.next_start is not None:
            line += "\n   " + t._("first time: {when}").format(
                when=f"{t.short_date(offer.next_start)} {t.time(offer.next_start)}"
            )
        else:
            line += "\n   " + t._("an ongoing role")
        lines.append(line)
    categories = ", ".join(sorted({esc(category_name(t, o.category)) for o in offers}))
    lines += ["", t._("You get this because you like {category}.").format(category=categories)]
    buttons = [
        [tap(_short(offer.title), "OPPORTUNITY", offer.id)] for offer in offers[:MAX_ALERT_BUTTONS]
    ]
    buttons.append([tap(t._("⚙️ My interests"), "INTERESTS")])
    return Outgoing("\n".join(lines), buttons)


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def broadcast_text(organisation: str | None, text: str) -> str:
    """A broadcast as residents read it: who it is from, then the coordinator's own words."""
    return f"📣 <b>{esc(organisation or 'Meedoen')}</b>\n\n{text}"


async def _news_reader(desk: Desk, resident_id: int) -> Translator | Drop:
    """The reader of news from organisers, or why they get none (broadcasts off, gone)."""
    found = await broadcast_store.receives_broadcasts(resident_id, conn=desk.conn)
    if found is None:
        return Drop("no resident")
    language, receiving = found
    return desk.reader(language) if receiving else Drop("opted out")


async def render_broadcast(desk: Desk, row: Pending) -> Outgoing | Drop:
    """A coordinator's message, with the way to stop getting them."""
    conn = desk.conn
    t = await _news_reader(desk, row.recipient_id)
    if isinstance(t, Drop):
        return t
    broadcast = await broadcast_store.get(int(row.payload.get("broadcast", 0)), conn=conn)
    if broadcast is None:
        return Drop("no broadcast")
    # The coordinator's text for the reader's language, if they wrote one; else the main text.
    text = await broadcast_store.text_in(broadcast.id, t.locale, conn=conn) or broadcast.text
    stop = tap(t._("🔕 No more messages from organisers"), "NEWS", 0)
    rows = [[menu_button(t)], [stop]]
    about = broadcast.audience_args.get("opportunity")
    if broadcast.audience_kind == "opportunity" and isinstance(about, int):
        # A message to the people of one opportunity leads to it (its dates, their place).
        rows.insert(0, [tap(t._("👉 See the opportunity"), "OPPORTUNITY", about)])
    return Outgoing(broadcast_text(broadcast.organisation, text), rows, photo=broadcast.photo)


def summary_lines(t: Translator, counts: Counts) -> list[str]:
    """What happened to a broadcast, one figure a line (skipped only when someone was)."""
    lines = [
        t._("✅ Delivered: {n}").format(n=counts.delivered),
        t._("🚫 Blocked the bot: {n}").format(n=counts.blocked),
        t._("⚠️ Could not be delivered: {n}").format(n=counts.failed),
    ]
    if counts.skipped:
        lines.append(t._("🔕 Skipped (turned messages off or left): {n}").format(n=counts.skipped))
    return lines


async def render_summary(desk: Desk, row: Pending) -> Outgoing | Drop:
    """To the coordinator: what became of their broadcast."""
    conn = desk.conn
    broadcast = await broadcast_store.get(int(row.payload.get("broadcast", 0)), conn=conn)
    if broadcast is None:
        return Drop("no broadcast")
    counts = await broadcast_store.counts(broadcast.id, conn=conn)
    t = desk.reader(broadcast.language)
    text = "\n".join([t._("📣 <b>Your message has been sent.</b>"), "", *summary_lines(t, counts)])
    return Outgoing(text)


async def render_call(desk: Desk, row: Pending) -> Outgoing | Drop:
    """A call for help, if the shift still needs people and the resident still wants news."""
    conn, now = desk.conn, desk.now
    t = await _news_reader(desk, row.recipient_id)
    if isinstance(t, Drop):
        return t
    shift_id = int(row.payload.get("shift", 0))
    need = await call_store.need(shift_id, language=t.locale, conn=conn)
    if need is None or not need.can_be_called(now):
        return Drop("no longer needed")
    if await call_store.has_place(shift_id, row.recipient_id, conn=conn):
        return Drop("signed up already")
    lines = [
        t._("🙋 <b>Can you help?</b>"),
        "",
        f"<b>{esc(need.title)}</b> – {esc(need.organisation)}",
        f"🗓 {t.when(need.starts_at, need.ends_at)}",
    ]
    if need.location:
        lines.append(f"📍 {esc(need.location)}")
    lines += [
        "",
        t.ngettext("{n} place is still free.", "{n} places are still free.", need.free).format(
            n=need.free
        ),
        t._("You get this because you like {category}.").format(
            category=esc(category_name(t, need.category))
        ),
    ]
    buttons = [
        [tap(t._("✅ Yes, sign me up"), "CALL_SIGN_UP", shift_id)],
        [tap(t._("ℹ️ More about it"), "OPPORTUNITY", need.opportunity_id)],
    ]
    return Outgoing("\n".join(lines), buttons)
