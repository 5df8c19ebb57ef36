"""Quarters of the calendar, in the organisation's time zone: what the participation figures and
the quarterly report count in (``2027Q1``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

QUARTERS_OFFERED = 4  # the current quarter and the three before it
_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1-4

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2027Q1`` (also ``2027-q1``); ValueError for anything else."""
        found = _QUARTER.match(text or "")
        if found is None or not 1900 < int(found.group(1)) < 3000:
            raise ValueError(f"{text!r} is not a quarter; write it like 2027Q1")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, moment: datetime, zone: ZoneInfo) -> Quarter:
        local = moment.astimezone(zone)
        return cls(local.year, (local.month - 1) // 3 + 1)

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"

    def previous(self) -> Quarter:
        return Quarter(self.year, self.number - 1) if self.number > 1 else Quarter(self.year - 1, 4)

    def months(self, zone: ZoneInfo) -> list[datetime]:
        """When each of its three months starts (local midnight of the 1st), in UTC."""
        first = 3 * (self.number - 1) + 1
        return [
            datetime.combine(date(self.year, first + i, 1), time(0), tzinfo=zone).astimezone(UTC)
            for i in range(3)
        ]

    def end(self, zone: ZoneInfo) -> datetime:
        after = (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )
        return after.months(zone)[0]


def offered(now: datetime, zone: ZoneInfo) -> list[Quarter]:
    """The quarters a person can pick in the chat: this one (so far) and the three before."""
    quarters = [Quarter.of(now, zone)]
    while len(quarters) < QUARTERS_OFFERED:
        quarters.append(quarters[-1].previous())
    return quarters
