"""Broadcasts: a coordinator's message to an audience, delivered through the durable outbox.

Sending writes the broadcast and one outbox row per recipient (key ``broadcast:<id>:<resident>``)
in one short transaction, the rows with one ``INSERT ... SELECT`` from the audience's query, so a
restart continues where delivery stood and nobody gets it twice. The postman renders each row at
send time and skips people who turned broadcasts off since. The broadcast's row keeps the tally
of its rows (triggers in the schema), so a repeating job reads :func:`progress` cheaply to
update the coordinator's progress message and calls :func:`finish` once nothing is left to go,
which plans the summary message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from bot.config import SUPPORTED_LOCALES
from bot.outbox.kinds import BROADCAST as KIND
from bot.outbox.kinds import BROADCAST_SUMMARY as SUMMARY_KIND
from bot.outbox.timing import QuietHours
from bot.services import audiences, bulk_planning
from bot.services.audiences import Audience
from bot.services.roles import Role
from bot.store import Database, outbox
from bot.store import audiences as audience_store
from bot.store import broadcasts as store
from bot.store.broadcasts import Broadcast, Counts

log = logging.getLogger(__name__)

# Telegram's limits are 4096 characters for a text and 1024 for a caption; the header that says
# who it is from takes a little of that.
MAX_TEXT = 3900
MAX_CAPTION = 900

__all__ = ["Audience", "Broadcast", "Counts", "NotAllowed"]


class NotAllowed(Exception):
    """The person may not send this (not a coordinator, or not of this organisation)."""


@dataclass(frozen=True)
class Draft:
    organisation_id: int | None  # who it is from; None: an administrator, for all
    audience: Audience
    text: str  # HTML as Telegram gave it (entities made into tags, the rest escaped)
    photo: str | None = None
    # The text for the readers of other languages (language: HTML); the rest get ``text``.
    texts: dict[str, str] = field(default_factory=dict)


def too_long(plain_length: int, with_photo: bool) -> int | None:
    """The limit a message of this length breaks, or None."""
    limit = MAX_CAPTION if with_photo else MAX_TEXT
    return limit if plain_length > limit else None


ALL_ORGANISATIONS = 0  # "Meedoen (all organisations)": only administrators


def may_send_for(role: Role, organisation_id: int | None) -> bool:
    """Whether this person may broadcast on behalf of that organisation (or of all of them)."""
    if organisation_id is None:
        return False
    if organisation_id == ALL_ORGANISATIONS:
        return role.is_admin
    return role.manages(organisation_id)


async def organisations_for(db: Database, role: Role) -> list[tuple[int, str]]:
    """The organisations this person can broadcast for: administrators all, others their own."""
    async with db.read() as conn:
        return await store.organisations(
            None if role.is_admin else role.organisation_ids, conn=conn
        )


async def categories(db: Database) -> list[tuple[int, str, int]]:
    async with db.read() as conn:
        return await audience_store.categories(conn=conn)


async def opportunities(
    db: Database, role: Role, organisation_id: int | None
) -> list[tuple[int, str]]:
    if not role.is_coordinator or (organisation_id is None and not role.is_admin):
        raise NotAllowed
    if organisation_id is not None and not role.manages(organisation_id):
        raise NotAllowed
    async with db.read() as conn:
        return await audience_store.opportunities(organisation_id, conn=conn)


@dataclass(frozen=True)
class Preview:
    recipients: int
    organisation: str | None
    audience_name: str | None


async def preview(
    db: Database,
    role: Role,
    organisation_id: int | None,
    audience: Audience,
    now: datetime,
    *,
    kinds: tuple[str, ...] = audiences.KINDS,
    administrators: Iterable[int] = (),
) -> Preview:
    """How many people it would reach now, and the names the preview shows (``kinds``: the
    audiences offered; a question's include the staff, who are ``administrators`` too)."""
    async with db.read() as conn:
        if not await audiences.allowed(conn, role, organisation_id, audience, kinds):
            raise NotAllowed
        reached = audiences.reached(organisation_id, audience, now, administrators)
        people = await audience_store.count(reached, conn=conn)
        names = dict(await store.organisations(None, conn=conn))
        described = await audiences.describe(conn, audience)
    return Preview(people, names.get(organisation_id or 0), described)


async def send(
    db: Database,
    role: Role,
    draft: Draft,
    *,
    language: str,
    now: datetime,
    progress_chat_id: int | None = None,
    progress_message_id: int | None = None,
) -> tuple[int, int]:
    """Store the broadcast and count everyone it reaches; returns (id, recipients).

    The rows are planned right after, a chunk at a time (:func:`queue_waiting`), so the
    coordinator hears at once and nobody waits behind one long transaction. The broadcast is
    stored before anyone is told, with its texts for other languages (each reader gets theirs,
    else the main text): a restart continues planning where it stopped.
    """
    async with db.transaction() as conn:
        if not await audiences.allowed(conn, role, draft.organisation_id, draft.audience):
            raise NotAllowed
        broadcast_id = await store.add(
            created_by=role.user_id,
            organisation_id=draft.organisation_id,
            audience_kind=draft.audience.kind,
            audience_args=draft.audience.args(),
            text=draft.text,
            photo=draft.photo,
            language=language,
            now=now,
            progress_chat_id=progress_chat_id,
            progress_message_id=progress_message_id,
            conn=conn,
        )
        texts = {code: text for code, text in draft.texts.items() if code in SUPPORTED_LOCALES}
        await store.add_texts(broadcast_id, texts, conn=conn)
        people = await audience_store.count(
            audiences.reached(draft.organisation_id, draft.audience, now), conn=conn
        )
        await store.set_total(broadcast_id, people, conn=conn)
    log.info(
        "broadcast %s by %s to %s (%s recipients)",
        broadcast_id,
        role.user_id,
        draft.audience.kind,
        people,
    )
    return broadcast_id, people


QUEUE_CHUNK = bulk_planning.CHUNK


async def queue_waiting(db: Database, *, chunk: int = QUEUE_CHUNK) -> int:
    """Plan the rows of every broadcast still queuing, a chunk per transaction, people in
    between; returns how many rows were planned. Safe to run twice at once: keys are unique and
    each chunk starts where the last one committed."""
    planned = 0
    async with db.read() as conn:
        waiting = await store.queuing(conn=conn)
    for broadcast in waiting:
        # None cannot happen for what send stored; it would reach nobody (and end, not loop).
        audience = Audience.parse(broadcast.audience_kind, _value(broadcast.audience_args))
        planned += await bulk_planning.plan(
            db,
            bulk_planning.BulkMessage(
                recipients=audiences.reached(
                    broadcast.organisation_id, audience, broadcast.created_at
                ),
                key_prefix=store.recipient_prefix(broadcast.id),
                kind=KIND,
                created_at=broadcast.created_at,
                payload={"broadcast": broadcast.id},
                position=partial(store.planned_up_to, broadcast.id),
                advance=partial(store.queued_up_to, broadcast.id),
            ),
            chunk=chunk,
        )
        log.info("broadcast %s: every row planned", broadcast.id)
    return planned


def _value(args: dict[str, Any]) -> int | None:
    """The audience's one argument as stored (category, opportunity or months)."""
    return next((int(v) for v in args.values() if v is not None), None)


@dataclass(frozen=True)
class Progress:
    broadcast: Broadcast
    counts: Counts


async def progress(db: Database) -> list[Progress]:
    """Every broadcast still sending, with where its delivery stands (its tally: one row each)."""
    async with db.read() as conn:
        return [Progress(b, b.counts) for b in await store.sending(conn=conn)]


async def mark_shown(db: Database, broadcast_id: int, shown: str) -> None:
    async with db.transaction() as conn:
        await store.mark_shown(broadcast_id, shown, conn=conn)


async def finish(
    db: Database, broadcast: Broadcast, now: datetime, *, summary: bool = True
) -> bool:
    """Nothing left to go: the broadcast is done, and its summary planned (once) unless the
    coordinator's progress message shows it already (``summary`` False)."""
    async with db.transaction() as conn:
        current = await store.get(broadcast.id, conn=conn)
        if current is None or current.queuing or current.counts.to_go:
            return False
        if not await store.finish(broadcast.id, now, conn=conn):
            return False
        if summary:
            await outbox.enqueue(
                conn,
                key=store.summary_key(broadcast.id),
                kind=SUMMARY_KIND,
                recipient_id=broadcast.created_by,
                due_at=now,
                now=now,
                payload={"broadcast": broadcast.id},
            )
    log.info("broadcast %s done", broadcast.id)
    return True


def quiet_until(now: datetime, quiet: QuietHours | None) -> datetime | None:
    """The end of the quiet hours if ``now`` is in them (messages wait in the outbox till then)."""
    if quiet is None or not quiet.contains(now):
        return None
    return quiet.after(now)


async def set_receiving(db: Database, resident_id: int, on: bool) -> bool:
    """Turn broadcasts on or off for a resident; False if they are not a resident."""
    async with db.transaction() as conn:
        return await store.set_receiving(resident_id, on, conn=conn)


async def receiving(db: Database, resident_id: int) -> bool | None:
    async with db.read() as conn:
        found = await store.receives_broadcasts(resident_id, conn=conn)
    return found[1] if found else None
