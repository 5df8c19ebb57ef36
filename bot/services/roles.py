"""Who may do what. Checked on the server at every coordinator action, never trusted from a button.

Administrators (the ``COORDINATOR_IDS`` setting) manage every organisation; a coordinator manages
the organisations they were invited to; everyone else is a resident.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from bot.store import Database
from bot.store import coordinators as store


@dataclass(frozen=True)
class Role:
    user_id: int
    is_admin: bool
    organisation_ids: frozenset[int]

    @property
    def is_coordinator(self) -> bool:
        return self.is_admin or bool(self.organisation_ids)

    def manages(self, organisation_id: int) -> bool:
        return self.is_admin or organisation_id in self.organisation_ids


async def role_of(db: Database, user_id: int, admin_ids: frozenset[int]) -> Role:
    async with db.read() as conn:
        organisations = await store.organisations_of(user_id, conn=conn)
    return Role(user_id, user_id in admin_ids, frozenset(organisations))


async def told_about(
    conn: aiosqlite.Connection, organisation_id: int | None, administrators: Iterable[int]
) -> list[int]:
    """Who hears of what happens in an organisation (a lead, a late cancellation): its own
    coordinators, or, when it has none, the administrators (so that nothing goes unheard).
    ``None``, a matter of no one organisation (a general question): the administrators."""
    own = [] if organisation_id is None else await store.of_organisation(organisation_id, conn=conn)
    return own or sorted(set(administrators))
