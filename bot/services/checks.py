"""What every coordinator action starts with: the role's check on the organisation that owns
the rows (:func:`managed_opportunity`, :func:`managed_shift`, :func:`require`), and the two
refusals, :class:`NotAllowed` and :class:`Invalid`. Read through :mod:`bot.services.publishing`
by most; here so that :mod:`bot.services.typed_values` can refuse too.
"""

from __future__ import annotations

import aiosqlite

from bot.services.roles import Role
from bot.store import managing
from bot.store.managing import OpportunityRow, ShiftRow


class NotAllowed(Exception):
    """The person may not do this (not a coordinator, or another organisation's rows)."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.action = action


class Invalid(Exception):
    """The request cannot be done as asked; ``reason`` says why (a word the face translates)."""

    def __init__(self, reason: str, count: int | None = None, typed: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.count = count  # a number the explanation names (how many are signed up, a limit)
        self.typed = typed  # what was typed, given back when it was too long


def require(role: Role, organisation_id: int, action: str) -> None:
    if not role.manages(organisation_id):
        raise NotAllowed(action)


async def managed_opportunity(
    conn: aiosqlite.Connection, role: Role, opportunity_id: int, action: str
) -> OpportunityRow:
    """The opportunity, if it exists and ``role`` may do ``action`` with it; else raises."""
    found = await managing.opportunity(opportunity_id, conn=conn)
    if found is None:
        raise Invalid("missing")
    require(role, found.organisation_id, action)
    return found


async def managed_shift(
    conn: aiosqlite.Connection, role: Role, shift_id: int, action: str
) -> ShiftRow:
    """The shift, if it exists and ``role`` may do ``action`` with it; else raises."""
    found = await managing.shift(shift_id, conn=conn)
    if found is None:
        raise Invalid("missing")
    require(role, found.organisation_id, action)
    return found


def scope(role: Role) -> list[int] | None:
    """The organisations a role sees: None for an administrator (all)."""
    return None if role.is_admin else sorted(role.organisation_ids)
