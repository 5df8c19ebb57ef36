"""Figures for coordinators: the last 12 weeks of an organisation (administrators: of all).

What is counted, so the numbers can be explained:
- residents who joined: consented in the period; in all: residents with consent now. These are
  for the whole of Meedoen (nothing is stored about anyone before they consent).
- sign-ups: made in the period (waitlist places and later cancelled ones included);
  cancellations: cancelled in the period.
- active volunteers: different people with a confirmed place on a shift that took place in the
  period (not marked "did not come"); new: their first sign-up ever (with these organisations)
  was in the period; returning: before it.
- show rate: came / (came + did not come), over shifts in the period where it was marked.
- hours given: the length of each shift in the period that someone came to.
Weeks start on Monday in the organisation's time zone; the period is the current week and the
eleven before it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.services.roles import Role
from bot.store import Database
from bot.store import broadcasts as organisations_store
from bot.store import figures as store
from bot.store.figures import SignUpRow

WEEKS = 12


class NotAllowed(Exception):
    """Not a coordinator, or not of the organisation asked for."""


@dataclass(frozen=True)
class Week:
    start: date
    signups: int
    hours: float


@dataclass(frozen=True)
class CategoryFigures:
    name: str
    signups: int
    hours: float


@dataclass
class Figures:
    start: datetime
    end: datetime
    organisations: list[str]  # empty: all organisations
    residents_joined: int = 0
    residents_total: int = 0
    active: int = 0
    new: int = 0
    returning: int = 0
    signups: int = 0
    cancellations: int = 0
    came: int = 0
    no_show: int = 0
    hours: float = 0.0
    weeks: list[Week] = field(default_factory=list)
    categories: list[CategoryFigures] = field(default_factory=list)

    @property
    def show_rate(self) -> float | None:
        marked = self.came + self.no_show
        return self.came / marked if marked else None


def period_start(now: datetime, zone: ZoneInfo, weeks: int = WEEKS) -> datetime:
    """Monday 00:00 (local) of the week ``weeks - 1`` weeks before this one."""
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    return datetime.combine(monday, time(0, 0), tzinfo=zone)


def scope_of(role: Role, organisation_id: int | None) -> frozenset[int] | None:
    """The organisations to count (None: all); refuses what the role does not cover."""
    if not role.is_coordinator:
        raise NotAllowed
    if organisation_id is not None:
        if not role.manages(organisation_id):
            raise NotAllowed
        return frozenset({organisation_id})
    return None if role.is_admin else role.organisation_ids


async def figures(
    db: Database,
    role: Role,
    now: datetime,
    zone: ZoneInfo,
    *,
    organisation_id: int | None = None,
) -> Figures:
    scope = scope_of(role, organisation_id)
    start = period_start(now, zone)
    async with db.read() as conn:
        rows = await store.signups(scope, conn=conn)
        joined, total = await store.residents(start, conn=conn)
        names = await organisations_store.organisations(scope, conn=conn)
    result = count(rows, start, now, zone)
    result.residents_joined, result.residents_total = joined, total
    result.organisations = [] if scope is None else [name for _, name in names]
    return result


def _hours(row: SignUpRow) -> float:
    return (row.ends_at - row.starts_at).total_seconds() / 3600


def count(rows: list[SignUpRow], start: datetime, end: datetime, zone: ZoneInfo) -> Figures:
    """The figures of one period from the sign-up rows (pure: the tests feed it rows)."""
    figures = Figures(start=start, end=end, organisations=[])
    first_start = start.astimezone(zone).date()
    week_signups = [0] * WEEKS
    week_hours = [0.0] * WEEKS
    per_category_signups: dict[str, int] = defaultdict(int)
    per_category_hours: dict[str, float] = defaultdict(float)
    first_signup: dict[int, datetime] = {}
    active: set[int] = set()

    def week_of(moment: datetime) -> int:
        return min(max((moment.astimezone(zone).date() - first_start).days // 7, 0), WEEKS - 1)

    def in_period(moment: datetime) -> bool:
        return start <= moment < end

    for row in rows:
        if row.resident_id is not None:
            earlier = first_signup.get(row.resident_id)
            if earlier is None or row.created_at < earlier:
                first_signup[row.resident_id] = row.created_at
        if in_period(row.created_at):
            figures.signups += 1
            week_signups[week_of(row.created_at)] += 1
            per_category_signups[row.category] += 1
        if row.cancelled_at is not None and in_period(row.cancelled_at):
            figures.cancellations += 1
        if not in_period(row.starts_at):
            continue
        if row.attendance == "came":
            figures.came += 1
            figures.hours += _hours(row)
            week_hours[week_of(row.starts_at)] += _hours(row)
            per_category_hours[row.category] += _hours(row)
        elif row.attendance == "no_show":
            figures.no_show += 1
        if (
            row.resident_id is not None
            and row.attendance != "no_show"
            and (row.status == "confirmed" or row.attendance == "came")
            and row.starts_at < end
        ):
            active.add(row.resident_id)
    figures.active = len(active)
    figures.new = sum(1 for r in active if first_signup[r] >= start)
    figures.returning = figures.active - figures.new
    figures.weeks = [
        Week(first_start + timedelta(weeks=i), week_signups[i], round(week_hours[i], 2))
        for i in range(WEEKS)
    ]
    names = sorted(set(per_category_signups) | set(per_category_hours), key=str.casefold)
    figures.categories = [
        CategoryFigures(name, per_category_signups[name], round(per_category_hours[name], 2))
        for name in names
    ]
    figures.hours = round(figures.hours, 2)
    return figures


async def organisations_for(db: Database, role: Role) -> list[tuple[int, str]]:
    """The organisations a person can narrow the figures to."""
    if not role.is_coordinator:
        raise NotAllowed
    async with db.read() as conn:
        return await organisations_store.organisations(
            None if role.is_admin else role.organisation_ids, conn=conn
        )
