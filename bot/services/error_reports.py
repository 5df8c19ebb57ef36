"""Telling the administrators of an unexpected error: ids and the error's kind, never content.

A report is an outbox row per administrator, so it survives a restart and respects Telegram's
limits. At most one report per kind of error an hour: a storm of the same error is one message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.outbox.kinds import ERROR_REPORT
from bot.store import Database, outbox

log = logging.getLogger(__name__)

QUIET_PER_KIND = timedelta(hours=1)


class ErrorReports:
    """Remembers when each kind of error was last reported (in memory: a restart may report
    the same kind once more, which is fine)."""

    def __init__(self, per_kind: timedelta = QUIET_PER_KIND) -> None:
        self.per_kind = per_kind
        self._last: dict[str, datetime] = {}

    async def report(
        self,
        db: Database,
        *,
        kind: str,
        user_id: int | None,
        update_id: int | None,
        administrators: Iterable[int],
        now: datetime,
    ) -> bool:
        """Plan a report to each administrator; False when this kind was reported lately."""
        last = self._last.get(kind)
        if last is not None and now - last < self.per_kind:
            return False
        self._last[kind] = now
        payload = {"kind": kind[:60], "user_id": user_id, "update_id": update_id}
        async with db.transaction() as conn:
            for admin in sorted(set(administrators)):
                await outbox.enqueue(
                    conn,
                    key=f"{ERROR_REPORT}:{kind[:60]}:{now.isoformat()}:{admin}",
                    kind=ERROR_REPORT,
                    recipient_id=admin,
                    due_at=now,
                    now=now,
                    payload=payload,
                )
        log.info("error %s reported to the administrators", kind)
        return True
