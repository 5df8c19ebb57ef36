"""Figures for coordinators: the last 12 weeks of an organisation (administrators: of all).

What is counted, so the numbers can be explained:
- residents who joined: consented in the period; in all: residents with consent now. These are
  for the whole of Meedoen (nothing is stored about anyone before they consent).
- sign-ups: made in the period (waitlist places and later cancelled ones included);
  cancellations: cancelled in the period; late: of those, places the volunteer gave up within
  48 hours of the start (``services.cancellations.LATE_NOTICE``).
- active volunteers: different people with a confirmed place on a shift that took place in the
  period (not marked "did not come"); new: their first sign-up ever (with these organisations)
  was in the period; returning: before it.
- show rate: came / (came + did not come), over shifts in the period where it was marked.
- hours given: the length of each shift in the period that someone came to.
- average score per opportunity: the scores (1-5) volunteers gave after its shifts in the
  period; shown only from MIN_RATINGS scores, so that it never stands for one person.
- volunteers in ongoing roles: different people a coordinator marked *started* in an open
  ongoing role, now (not per period: an ongoing role has no dates). One number for all the
  roles together, never per role or per person.
- people who bring someone along: came, did not come and hours count each place of the party
  (a resident with two people who came is three people, three times the hours); sign-ups count
  the sign-up once, and active volunteers the resident once (the people they bring are not
  known by name, so they cannot be told apart from one shift to the next).
- people without a phone (added by a coordinator) count like residents: their sign-ups,
  attendance and hours, and each as one active volunteer.
- per theme (bot.services.themes): the sign-ups and hours of opportunities with that theme; an
  opportunity with two themes counts in both, so the themes add up to more than the total.
Weeks start on Monday in the organisation's time zone; the period is the current week and the
eleven before it, up to now. Hours are summed as whole seconds and rounded to 0.01 at the end.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.services.roles import Role
from bot.store import Database
from bot.store import broadcasts as organisations_store
from bot.store import figures as store
from bot.store import leads as lead_store
from bot.store.figures import SignUpRow, Tally

WEEKS = 12
MIN_RATINGS = 3


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


@dataclass(frozen=True)
class ThemeFigures:
    """Sign-ups and hours of the opportunities with one theme (its key)."""

    theme: str
    signups: int
    hours: float


@dataclass(frozen=True)
class Rating:
    """The average score of one opportunity's shifts in the period (from MIN_RATINGS scores)."""

    title: str
    average: float
    count: int


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
    late_cancellations: int = 0
    came: int = 0
    no_show: int = 0
    hours: float = 0.0
    in_roles: int = 0  # volunteers in ongoing roles, now
    weeks: list[Week] = field(default_factory=list)
    categories: list[CategoryFigures] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    themes: list[ThemeFigures] = field(default_factory=list)  # themes with either, by key

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
    """The figures of the period up to ``now``, counted in SQL on a snapshot of the database
    (residents' screens do not wait for it)."""
    scope = scope_of(role, organisation_id)
    start = period_start(now, zone)
    weeks = week_starts(now, zone)
    # Moments are stored to the second: "before now" is "before the next whole second".
    end = now.replace(microsecond=0) + timedelta(seconds=1) if now.microsecond else now
    # The three heavy counts run side by side, each on a read connection of its own (SQLite
    # works on the other core meanwhile); each sees the period up to ``end``, so a sign-up made
    # while they run is in none of them.

    async def made_and_names() -> tuple[
        list[Tally], tuple[int, int], list[tuple[int, str]], list[store.ThemeTally]
    ]:
        async with db.snapshot() as conn:
            made = await store.signups_made(scope, weeks, end, conn=conn)
            joined_total = await store.residents(start, conn=conn)
            names = await organisations_store.organisations(scope, conn=conn)
            themed = await store.per_theme(scope, start, end, conn=conn)
        return made, joined_total, names, themed

    async def scores() -> list[store.Ratings]:
        async with db.snapshot() as conn:
            return await store.ratings(scope, start, end, conn=conn)

    async def attended() -> list[Tally]:
        async with db.snapshot() as conn:
            return await store.attendance(scope, weeks, end, conn=conn)

    async def people() -> tuple[tuple[int, int], tuple[int, int], int]:
        async with db.snapshot() as conn:
            cancelled = await store.cancellations(scope, start, end, conn=conn)
            late = await store.late_cancellations(scope, start, end, conn=conn)
            volunteers = await store.volunteers(scope, start, end, conn=conn)
            listed = None if scope is None else sorted(scope)
            in_roles = await lead_store.volunteers_in_roles(listed, conn=conn)
            return (cancelled, late), volunteers, in_roles

    (
        made_joined,
        attendance,
        ((cancellations, late), (active, returning), in_roles),
        given,
    ) = await asyncio.gather(made_and_names(), attended(), people(), scores())
    made, (joined, total), names, themed = made_joined
    result = _summed([*made, *attendance], start, now, zone)
    result.cancellations, result.late_cancellations = cancellations, late
    result.active, result.returning = active, returning
    result.new = active - returning
    result.in_roles = in_roles
    result.residents_joined, result.residents_total = joined, total
    result.organisations = [] if scope is None else [name for _, name in names]
    result.ratings = [
        Rating(r.title, r.total / r.count, r.count) for r in given if r.count >= MIN_RATINGS
    ]
    result.themes = [ThemeFigures(t.theme, t.signups, hours_of(t.seconds)) for t in themed]
    return result


def week_starts(now: datetime, zone: ZoneInfo, weeks: int = WEEKS) -> list[datetime]:
    """When each week of the period starts (Monday 00:00 local), oldest first, in UTC."""
    first = period_start(now, zone, weeks).date()
    return [
        datetime.combine(first + timedelta(weeks=i), time(0, 0), tzinfo=zone).astimezone(UTC)
        for i in range(weeks)
    ]


def _summed(tallies: Iterable[Tally], start: datetime, end: datetime, zone: ZoneInfo) -> Figures:
    """Sign-ups, attendance and hours of the period, in all, per week and per category."""
    figures = Figures(start=start, end=end, organisations=[])
    first_start = start.astimezone(zone).date()
    week_signups = [0] * WEEKS
    week_seconds = [0] * WEEKS
    per_category_signups: dict[str, int] = defaultdict(int)
    per_category_seconds: dict[str, int] = defaultdict(int)
    seconds = 0
    for tally in tallies:
        figures.signups += tally.signups
        figures.came += tally.came
        figures.no_show += tally.no_show
        seconds += tally.seconds
        week_signups[tally.week] += tally.signups
        week_seconds[tally.week] += tally.seconds
        if tally.signups:
            per_category_signups[tally.category] += tally.signups
        if tally.came:  # listed when someone came, even for a shift of 0 hours
            per_category_seconds[tally.category] += tally.seconds
    figures.hours = hours_of(seconds)
    figures.weeks = [
        Week(first_start + timedelta(weeks=i), week_signups[i], hours_of(week_seconds[i]))
        for i in range(WEEKS)
    ]
    names = sorted(
        set(per_category_signups) | set(per_category_seconds), key=lambda n: (n.casefold(), n)
    )
    figures.categories = [
        CategoryFigures(name, per_category_signups[name], hours_of(per_category_seconds[name]))
        for name in names
    ]
    return figures


def hours_of(seconds: int) -> float:
    """Seconds given, as hours to two decimals."""
    return round(seconds / 3600, 2)


def count(rows: list[SignUpRow], start: datetime, end: datetime, zone: ZoneInfo) -> Figures:
    """The figures of one period from a list of sign-up rows: the same rules as the queries of
    :func:`figures`, written out in Python (for a few rows; the tests feed it some)."""
    first_start = start.astimezone(zone).date()
    tallies: list[Tally] = []
    cancellations = late = 0
    earliest: dict[tuple[str, int], datetime] = {}
    active: set[tuple[str, int]] = set()

    def week_of(moment: datetime) -> int:
        return min(max((moment.astimezone(zone).date() - first_start).days // 7, 0), WEEKS - 1)

    def in_period(moment: datetime) -> bool:
        return start <= moment < end

    for row in rows:
        person = (
            ("resident", row.resident_id)
            if row.resident_id is not None
            else ("guest", row.guest_id)
            if row.guest_id is not None
            else None
        )
        if person is not None:
            known = earliest.get(person)
            if known is None or row.created_at < known:
                earliest[person] = row.created_at
        if in_period(row.created_at):
            tallies.append(Tally(week_of(row.created_at), row.category, signups=1))
        if row.cancelled_at is not None and in_period(row.cancelled_at):
            cancellations += 1
            late += row.cancelled_late
        if not in_period(row.starts_at):
            continue
        length = round((row.ends_at - row.starts_at).total_seconds())
        week, places = week_of(row.starts_at), row.places
        if row.attendance == "came":
            tallies.append(Tally(week, row.category, came=places, seconds=length * places))
        elif row.attendance == "no_show":
            tallies.append(Tally(week, row.category, no_show=places))
        if (
            person is not None
            and row.attendance != "no_show"
            and (row.status == "confirmed" or row.attendance == "came")
        ):
            active.add(person)
    figures = _summed(tallies, start, end, zone)
    figures.cancellations, figures.late_cancellations = cancellations, late
    figures.active = len(active)
    figures.new = sum(1 for r in active if earliest[r] >= start)
    figures.returning = figures.active - figures.new
    return figures


async def organisations_for(db: Database, role: Role) -> list[tuple[int, str]]:
    """The organisations a person can narrow the figures to."""
    if not role.is_coordinator:
        raise NotAllowed
    async with db.snapshot() as conn:
        return await organisations_store.organisations(
            None if role.is_admin else role.organisation_ids, conn=conn
        )
