"""Moments the tests share. The harness clock starts on Wednesday 25 November 2026, 10:00 in
Amsterdam (09:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from bot.outbox.timing import QuietHours

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
QUIET = QuietHours(time(22, 0), time(8, 0), AMSTERDAM)  # the default quiet hours

SATURDAY_1700 = datetime(2026, 11, 28, 16, 0, tzinfo=UTC)  # 1h after the SATURDAY shift ends


def local(*args: int) -> datetime:
    """A moment given in Amsterdam time, as UTC."""
    return datetime(*args, tzinfo=AMSTERDAM).astimezone(UTC)  # type: ignore[arg-type, misc]
