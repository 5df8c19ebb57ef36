"""Ideas from residents: proposed in the chat, read and answered by the coordinators of the
network, marked considering, planned or not now, and turned into an opportunity.

The idea row is the truth: the notices (:mod:`bot.services.idea_news`) may fail or wait, /ideas
always lists every idea still waiting. Every coordinator and administrator of the network may
read, answer and mark any idea; everyone else is refused on the server.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from bot.services import idea_news
from bot.services.pages import Page, read_page
from bot.services.publishing import Invalid, NotAllowed
from bot.services.roles import Role
from bot.store import Database
from bot.store import ideas as store
from bot.store.ideas import (
    CONSIDERING,
    NEW,
    NOT_NOW,
    PLANNED,
    THEME_NAMES,
    THEMES,
    WAITING,
    Answer,
    Idea,
)

log = logging.getLogger(__name__)

__all__ = [
    "CONSIDERING",
    "NEW",
    "NOT_NOW",
    "PLANNED",
    "THEMES",
    "THEME_NAMES",
    "WAITING",
    "Answer",
    "Idea",
]

MAX_IDEA = 1000  # characters of an idea; a photo's caption holds 1024
MAX_ANSWER = 1000  # characters of a coordinator's answer
PAGE_SIZE = 8
MARKS = (CONSIDERING, PLANNED, NOT_NOW)


class TooLong(Invalid):
    """Longer than ``limit`` characters; ``count`` says how long it was."""

    def __init__(self, count: int, limit: int) -> None:
        super().__init__("too_long", count)
        self.limit = limit


def clean(text: str | None, limit: int) -> str:
    """A resident's or coordinator's text as written (line breaks kept, ends trimmed), within
    ``limit``; raises Invalid('empty') or :class:`TooLong`."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise Invalid("empty")
    if len(cleaned) > limit:
        raise TooLong(len(cleaned), limit)
    return cleaned


# -- the resident's side -------------------------------------------------------------------------
async def propose(
    db: Database,
    *,
    resident_id: int,
    text: str,
    photo: str | None,
    theme: str | None,
    administrators: Iterable[int],
    now: datetime,
) -> int:
    """Store the idea and plan the notices to the coordinators, in one transaction; its id."""
    cleaned = clean(text, MAX_IDEA)
    if theme is not None and theme not in THEME_NAMES:
        raise Invalid("theme")
    async with db.transaction() as conn:
        idea_id = await store.add(resident_id, cleaned, photo, theme, now, conn=conn)
        told = await idea_news.new_idea(conn, idea_id, resident_id, administrators, now)
    log.info("resident %s proposed idea %s; %s coordinators to tell", resident_id, idea_id, told)
    return idea_id


async def count_for_resident(db: Database, resident_id: int) -> int:
    async with db.read() as conn:
        return await store.count_for_resident(resident_id, conn=conn)


# -- the coordinators' side ----------------------------------------------------------------------
def _allowed(role: Role, action: str) -> None:
    if not role.is_coordinator:
        log.info("user %s may not %s", role.user_id, action)
        raise NotAllowed(action)


async def waiting_page(db: Database, role: Role, page: int = 0) -> Page[Idea]:
    """The ideas still waiting (new, considering, planned; not taken up), oldest first."""
    _allowed(role, "ideas")
    return await read_page(
        db,
        page,
        PAGE_SIZE,
        count=lambda conn: store.count_waiting(conn=conn),
        fetch=lambda conn, offset, limit: store.waiting(offset=offset, limit=limit, conn=conn),
    )


async def one(db: Database, role: Role, idea_id: int) -> tuple[Idea, list[Answer]]:
    """One idea (whatever its status) and its answers; Invalid('missing') when it is gone."""
    _allowed(role, "idea")
    async with db.read() as conn:
        found = await store.get(idea_id, conn=conn)
        if found is None:
            raise Invalid("missing")
        return found, await store.answers_of(idea_id, conn=conn)


async def mark(
    db: Database, role: Role, idea_id: int, status: str, now: datetime
) -> tuple[Idea, bool]:
    """Considering, planned or not now; the resident is told when it is a change (a second tap
    on the same status changes nothing and tells nobody). Returns the idea as it is now, and
    whether it changed."""
    _allowed(role, f"idea_{status}")
    if status not in MARKS:
        raise Invalid("missing")
    async with db.transaction() as conn:
        found = await store.get(idea_id, conn=conn)
        if found is None:
            raise Invalid("missing")
        changed = await store.set_status(idea_id, status, now=now, by=role.user_id, conn=conn)
        if changed:
            await idea_news.status_changed(conn, idea_id, found.resident_id, status, now)
            log.info("user %s marked idea %s as %s", role.user_id, idea_id, status)
        after = await store.get(idea_id, conn=conn)
    assert after is not None
    return after, changed


async def answer(db: Database, role: Role, idea_id: int, text: str, now: datetime) -> Idea:
    """A coordinator's answer: stored, and planned for the resident in the same transaction."""
    _allowed(role, "idea_answer")
    cleaned = clean(text, MAX_ANSWER)
    async with db.transaction() as conn:
        found = await store.get(idea_id, conn=conn)
        if found is None:
            raise Invalid("missing")
        answer_id = await store.add_answer(idea_id, cleaned, by=role.user_id, now=now, conn=conn)
        await idea_news.answered(conn, idea_id, answer_id, found.resident_id, now)
        after = await store.get(idea_id, conn=conn)
    log.info("user %s answered idea %s", role.user_id, idea_id)
    assert after is not None
    return after


async def for_new_opportunity(db: Database, role: Role, idea_id: int) -> Idea:
    """The idea a /new draft starts from; Invalid('idea_taken_up') when it became one before."""
    found, _ = await one(db, role, idea_id)
    if found.opportunity_id is not None:
        raise Invalid("idea_taken_up")
    return found


async def proposer_told(db: Database, idea_id: int, opportunity_id: int) -> str | None:
    """After publishing: the first name of who had the idea, if it is now linked to this
    opportunity (so they will be told); None when the idea is gone or linked elsewhere."""
    async with db.read() as conn:
        found = await store.get(idea_id, conn=conn)
    if found is None or found.opportunity_id != opportunity_id:
        return None
    return found.first_name
