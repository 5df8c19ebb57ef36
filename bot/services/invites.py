"""Becoming a coordinator: one-time invite links made by an administrator, and the team list.

The link carries a random token (``secrets``); only its SHA-256 is stored, so the database alone
cannot be turned into working links. A token works once and for seven days.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.services.publishing import Invalid, NotAllowed, clean_text
from bot.services.roles import Role
from bot.store import Database, catalogue, managing
from bot.store import coordinators as coordinator_store
from bot.store import invites as store
from bot.store.invites import CoordinatorRow

log = logging.getLogger(__name__)

VALID_FOR = timedelta(days=7)
PREFIX = "inv_"


class Outcome(StrEnum):
    JOINED = "joined"
    ALREADY = "already"
    EXPIRED = "expired"
    USED = "used"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Made:
    token: str
    organisation: str
    expires_at: datetime


@dataclass(frozen=True)
class Redeemed:
    outcome: Outcome
    organisation_id: int | None = None
    organisation: str | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _admin(role: Role, action: str) -> None:
    if not role.is_admin:
        raise NotAllowed(action)


def link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={PREFIX}{token}"


async def organisations(db: Database, role: Role) -> list[managing.Named]:
    _admin(role, "invite")
    async with db.read() as conn:
        return await managing.organisations(None, conn=conn)


async def add_organisation(db: Database, role: Role, name: str) -> int:
    _admin(role, "invite")
    cleaned = clean_text(name, "organisation")
    async with db.transaction() as conn:
        organisation_id, added = await catalogue.organisation(cleaned, conn=conn)
    if added:
        log.info("user %s added organisation %s", role.user_id, organisation_id)
    return organisation_id


async def make(db: Database, role: Role, organisation_id: int, now: datetime) -> Made:
    """A fresh one-time token for this organisation (the token is returned, only its hash kept)."""
    _admin(role, "invite")
    token = secrets.token_urlsafe(18)
    async with db.transaction() as conn:
        organisation = await managing.organisation(organisation_id, conn=conn)
        if organisation is None:
            raise Invalid("missing")
        await store.add(
            _hash(token), organisation_id, role.user_id, now, now + VALID_FOR, conn=conn
        )
    log.info("user %s made an invite for organisation %s", role.user_id, organisation_id)
    return Made(token, organisation.name, now + VALID_FOR)


async def redeem(
    db: Database, token: str, user_id: int, first_name: str, now: datetime
) -> Redeemed:
    """Whoever opens a valid link becomes a coordinator of its organisation."""
    async with db.transaction() as conn:
        invite = await store.by_hash(_hash(token), conn=conn)
        if invite is None:
            outcome = Redeemed(Outcome.UNKNOWN)
        else:
            organisation = await managing.organisation(invite.organisation_id, conn=conn)
            name = organisation.name if organisation else None
            if invite.used_by is not None:
                outcome = Redeemed(Outcome.USED, invite.organisation_id, name)
            elif invite.expires_at <= now:
                outcome = Redeemed(Outcome.EXPIRED, invite.organisation_id, name)
            elif invite.organisation_id in await coordinator_store.organisations_of(
                user_id, conn=conn
            ):
                # Already in: the link stays unused, for the person it was meant for.
                outcome = Redeemed(Outcome.ALREADY, invite.organisation_id, name)
            else:
                await store.use(invite.id, user_id, now, conn=conn)
                await coordinator_store.add(
                    user_id, invite.organisation_id, now, invite.created_by, conn=conn
                )
                await store.set_coordinator_name(user_id, first_name[:64], conn=conn)
                outcome = Redeemed(Outcome.JOINED, invite.organisation_id, name)
    log.info(
        "invite opened by user %s: %s (organisation %s)",
        user_id,
        outcome.outcome.value,
        outcome.organisation_id,
    )
    return outcome


async def team(db: Database, role: Role) -> list[CoordinatorRow]:
    _admin(role, "coordinators")
    async with db.read() as conn:
        return await store.coordinators(None, conn=conn)


async def remove(db: Database, role: Role, user_id: int, organisation_id: int) -> bool:
    """Remove a coordinator from one organisation; returns whether they manage any other."""
    _admin(role, "remove_coordinator")
    async with db.transaction() as conn:
        removed = await coordinator_store.remove(user_id, organisation_id, conn=conn)
        remaining = await coordinator_store.organisations_of(user_id, conn=conn)
    if removed:
        log.info(
            "user %s removed coordinator %s from organisation %s",
            role.user_id,
            user_id,
            organisation_id,
        )
    return bool(remaining)


async def everyone(db: Database) -> list[int]:
    """Every coordinator's id (for their chat's command menu)."""
    async with db.read() as conn:
        return await store.all_coordinator_ids(conn=conn)
