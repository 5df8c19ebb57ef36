"""Who may do what. Checked on the server at every coordinator action, never trusted from a button.

Administrators (the ``COORDINATOR_IDS`` setting) manage every organisation; a coordinator manages
the organisations they were invited to; everyone else is a resident.
"""

from __future__ import annotations

from dataclasses import dataclass

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
