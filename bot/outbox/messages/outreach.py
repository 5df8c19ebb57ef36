"""How broadcasts, calls for help, alerts and broadcast summaries read when they go out.

Each is rendered at send time, in the recipient's language, from ids in the outbox row: a person
who turned broadcasts off since, left, or already signed up is skipped then, not when planned.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.i18n import Translator, esc, reader
from bot.outbox.postman import Button, Drop, Outgoing, Pending, renderer
from bot.store import alerts as alert_store
from bot.store import broadcasts as broadcast_store
from bot.store import calls as call_store
from bot.store import residents
from bot.store.broadcasts import Counts
from conversations.actions import pack

MAX_ALERT_BUTTONS = 6


async def _reader(conn: aiosqlite.Connection, resident_id: int) -> Translator | None:
    found = await residents.get(resident_id, conn=conn)
    return reader(found.language) if found else None


@renderer("alert", bulk=True)
async def render_alert(conn: aiosqlite.Connection, row: Pending, now: datetime) -> Outgoing | Drop:
    t = await _reader(conn, row.recipient_id)
    if t is None:
        return Drop("no resident")
    ids = [int(i) for i in row.payload.get("opportunities", [])]
    offers = await alert_store.open_offers(ids, now, conn=conn)
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
    categories = ", ".join(sorted({esc(o.category) for o in offers}))
    lines += ["", t._("You get this because you like {category}.").format(category=categories)]
    buttons = [
        [Button(_short(offer.title), pack("opp", offer.id))] for offer in offers[:MAX_ALERT_BUTTONS]
    ]
    buttons.append([Button(t._("⚙️ My interests"), pack("i"))])
    return Outgoing("\n".join(lines), buttons)


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def broadcast_text(organisation: str | None, text: str) -> str:
    """A broadcast as residents read it: who it is from, then the coordinator's own words."""
    return f"📣 <b>{esc(organisation or 'Meedoen')}</b>\n\n{text}"


async def _news_reader(conn: aiosqlite.Connection, resident_id: int) -> Translator | Drop:
    """The reader of news from organisers, or why they get none (broadcasts off, gone)."""
    found = await broadcast_store.receives_broadcasts(resident_id, conn=conn)
    if found is None:
        return Drop("no resident")
    language, receiving = found
    return reader(language) if receiving else Drop("opted out")


@renderer("broadcast", bulk=True)
async def render_broadcast(
    conn: aiosqlite.Connection, row: Pending, now: datetime
) -> Outgoing | Drop:
    t = await _news_reader(conn, row.recipient_id)
    if isinstance(t, Drop):
        return t
    broadcast = await broadcast_store.get(int(row.payload.get("broadcast", 0)), conn=conn)
    if broadcast is None:
        return Drop("no broadcast")
    stop = Button(t._("🔕 No more messages from organisers"), pack("bo", 0))
    return Outgoing(
        broadcast_text(broadcast.organisation, broadcast.text), [[stop]], photo=broadcast.photo
    )


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


@renderer("broadcast_summary")
async def render_summary(
    conn: aiosqlite.Connection, row: Pending, now: datetime
) -> Outgoing | Drop:
    broadcast = await broadcast_store.get(int(row.payload.get("broadcast", 0)), conn=conn)
    if broadcast is None:
        return Drop("no broadcast")
    counts = await broadcast_store.counts(broadcast.id, conn=conn)
    t = reader(broadcast.language)
    text = "\n".join([t._("📣 <b>Your message has been sent.</b>"), "", *summary_lines(t, counts)])
    return Outgoing(text)


@renderer("call", bulk=True)
async def render_call(conn: aiosqlite.Connection, row: Pending, now: datetime) -> Outgoing | Drop:
    """A call for help, if the shift still needs people and the resident still wants news."""
    t = await _news_reader(conn, row.recipient_id)
    if isinstance(t, Drop):
        return t
    shift_id = int(row.payload.get("shift", 0))
    need = await call_store.need(shift_id, conn=conn)
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
        t._("You get this because you like {category}.").format(category=esc(need.category)),
    ]
    buttons = [
        [Button(t._("✅ Yes, sign me up"), pack("hs", shift_id))],
        [Button(t._("ℹ️ More about it"), pack("opp", need.opportunity_id))],
    ]
    return Outgoing("\n".join(lines), buttons)
