"""Sign-ups and attendance as a CSV file that opens correctly in Excel.

UTF-8 with a byte order mark, semicolons (Dutch Excel), dates as local ``YYYY-MM-DD HH:MM``.
A cell that starts with ``= + - @`` (or a tab or carriage return) gets a leading ``'`` so a
spreadsheet never runs it as a formula. Residents who erased their data appear without a name.
The last two columns are the score (1 to 5) and the comment a volunteer gave after the shift.
``places`` is how many places a sign-up takes (the person and who they bring along); people
without a phone, signed up by a coordinator, are marked in ``added by coordinator``.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.i18n import N_, Translator
from bot.services.publishing import NotAllowed, managed_opportunity, scope
from bot.services.roles import Role
from bot.store import Database, managing
from bot.store import roster as store
from bot.store.managing import OpportunityRow
from bot.store.roster import ExportRow

log = logging.getLogger(__name__)

HEADER = (
    N_("organisation"),
    N_("opportunity"),
    N_("category"),
    N_("shift start"),
    N_("shift end"),
    N_("first name"),
    N_("status"),
    N_("attendance"),
    N_("signed up at"),
    N_("score"),  # 1 to 5, given after the shift
    N_("comment"),
    N_("places"),
    N_("added by coordinator"),
)
STATUS = {
    "confirmed": N_("signed up"),
    "waitlisted": N_("waitlist"),
    "cancelled": N_("cancelled"),
    "shift_cancelled": N_("shift cancelled"),
}
ATTENDANCE = {"came": N_("came"), "no_show": N_("did not come")}
_RISKY = ("=", "+", "-", "@", "\t", "\r")


class Period(StrEnum):
    THIS_MONTH = "m"
    LAST_MONTH = "l"
    TWELVE_WEEKS = "w"


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    rows: int
    starts_from: datetime | None = None
    starts_before: datetime | None = None


def neutralise(value: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (CSV injection)."""
    return "'" + value if value.startswith(_RISKY) else value


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=zone)


def bounds(period: Period, now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Shifts starting in [from, before), local calendar months or the last 12 weeks up to today."""
    today = now.astimezone(zone).date()
    first = today.replace(day=1)
    if period is Period.THIS_MONTH:
        following = (first + timedelta(days=32)).replace(day=1)
        return _midnight(first, zone), _midnight(following, zone)
    if period is Period.LAST_MONTH:
        previous = (first - timedelta(days=1)).replace(day=1)
        return _midnight(previous, zone), _midnight(first, zone)
    return _midnight(today - timedelta(weeks=12), zone), _midnight(today + timedelta(days=1), zone)


class Sheet:
    """The CSV file being written, a few rows at a time, as UTF-8 with a byte order mark."""

    def __init__(self, t: Translator, header: Sequence[str] = HEADER) -> None:
        self._t = t
        self._bytes = io.BytesIO()
        self._text = io.TextIOWrapper(self._bytes, encoding="utf-8-sig", newline="")
        self._writer = csv.writer(
            self._text, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
        )
        self._writer.writerow([t._(h) for h in header])
        self.rows = 0

    def add(self, cells: Sequence[str]) -> None:
        """One row of cells, none of which a spreadsheet runs as a formula."""
        self._writer.writerow([neutralise(c) for c in cells])
        self.rows += 1

    def _local(self, moment: datetime) -> str:
        return self._t.local(moment).strftime("%Y-%m-%d %H:%M")

    def write(self, rows: Iterable[ExportRow]) -> None:
        t = self._t
        for row in rows:
            status = "shift_cancelled" if row.shift_status == "cancelled" else row.status
            cells = [
                row.organisation,
                row.opportunity,
                row.category,
                self._local(row.starts_at),
                self._local(row.ends_at),
                row.first_name or "",
                t._(STATUS.get(status, status)),
                t._(ATTENDANCE[row.attendance]) if row.attendance in ATTENDANCE else "",
                self._local(row.signed_up_at),
                str(row.rating) if row.rating is not None else "",
                row.comment or "",
                str(row.places),
                t._("yes") if row.guest else "",
            ]
            self.add(cells)

    def content(self) -> bytes:
        self._text.flush()
        return self._bytes.getvalue()


def to_csv(rows: Iterable[ExportRow], t: Translator) -> bytes:
    sheet = Sheet(t)
    sheet.write(rows)
    return sheet.content()


async def for_period(
    db: Database, role: Role, period: Period, now: datetime, t: Translator
) -> Export:
    """The period's sign-ups, written as they are read from a snapshot (no lock, few rows held)."""
    if not role.is_coordinator:
        raise NotAllowed("export")
    starts_from, starts_before = bounds(period, now, t.zone)
    sheet = Sheet(t)
    async with db.snapshot() as conn:
        async for rows in store.export_period(scope(role), starts_from, starts_before, conn=conn):
            sheet.write(rows)
    last_day = (starts_before - timedelta(days=1)).astimezone(t.zone)
    name = f"meedoen-{starts_from.strftime('%Y-%m-%d')}-{last_day.strftime('%Y-%m-%d')}.csv"
    log.info("user %s exported %s rows (period %s)", role.user_id, sheet.rows, period.value)
    return Export(name, sheet.content(), sheet.rows, starts_from, starts_before)


async def choices(db: Database, role: Role) -> list[OpportunityRow]:
    """Every opportunity this person may export (open, closed or cancelled), newest first."""
    if not role.is_coordinator:
        raise NotAllowed("export")
    async with db.read() as conn:
        return await managing.opportunities(
            scope(role), statuses=("open", "closed", "cancelled"), conn=conn
        )


async def for_opportunity(db: Database, role: Role, opportunity_id: int, t: Translator) -> Export:
    async with db.snapshot() as conn:
        await managed_opportunity(conn, role, opportunity_id, "export")
        rows = await store.export_opportunity(opportunity_id, conn=conn)
    log.info("user %s exported %s rows (opportunity %s)", role.user_id, len(rows), opportunity_id)
    return Export(f"meedoen-opportunity-{opportunity_id}.csv", to_csv(rows, t), len(rows))
