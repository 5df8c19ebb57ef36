"""How broadcasts, calls for help, alerts and broadcast summaries read when they go out.

Each is rendered at send time, in the recipient's language, from ids in the outbox row: a person
who turned broadcasts off since, left, or already signed up is skipped then, not when planned.
"""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

import aiosqlite

from bot.i18n import Translator
from bot.outbox import Button, Drop, Outgoing, Pending, renderer
from bot.store import alerts as alert_store
from bot.store import residents

_ZONE: list[ZoneInfo] = [ZoneInfo("Europe/Amsterdam")]
MAX_ALERT_BUTTONS = 6


def use_zone(zone: ZoneInfo) -> None:
    """The organisation's time zone (the TIMEZONE setting), set once when the bot is built."""
    _ZONE[0] = zone


def local_zone() -> ZoneInfo:
    return _ZONE[0]


def esc(text: object) -> str:
    return html.escape(str(text), quote=False)


def callback(action: str, *args: object) -> str:
    """Callback data in the shape ``conversations.callbacks.pack`` makes (version 1)."""
    return ":".join(["1", action, *(str(a) for a in args)])


async def _reader(conn: aiosqlite.Connection, resident_id: int) -> Translator | None:
    found = await residents.get(resident_id, conn=conn)
    return Translator(found.language, local_zone()) if found else None


@renderer("alert")
async def render_alert(conn: aiosqlite.Connection, row: Pending, now: datetime) -> Outgoing | Drop:
    t = await _reader(conn, row.recipient_id)
    if t is None:
        return Drop("no resident")
    ids = [int(i) for i in row.payload.get("opportunities", [])]
    offers = await alert_store.open_offers(ids, now, conn=conn)
    if not offers:
        return Drop("nothing open")
    lines = [
        t.ngettext(
            "🔔 <b>New volunteer work you may like</b>",
            "🔔 <b>New volunteer work you may like</b>",
            len(offers),
        ),
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
    lines += ["", t._("You get this because you like {categories}.").format(
        categories=", ".join(sorted({esc(o.category) for o in offers}))
    )]
    buttons = [
        [Button(_short(offer.title), callback("opp", offer.id))]
        for offer in offers[:MAX_ALERT_BUTTONS]
    ]
    buttons.append([Button(t._("⚙️ My interests"), callback("i"))])
    return Outgoing("\n".join(lines), buttons)


def _short(title: str, limit: int = 40) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
