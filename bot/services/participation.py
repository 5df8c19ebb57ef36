"""Participation: who took part in a quarter, for /stats ("📈 Participation") and the quarterly
report for the funder.

What is counted, so the numbers can be explained (the organisations are the coordinator's, or
one, or all for administrators; "a shift" is a shift of those organisations):
- took part: a person who came to a shift that started in the period (marked *came*), or who is
  in an ongoing role (marked *started* by a coordinator before the period's end, in a role that
  is still open: a role has no end date, so roles count as they stand now). People without a
  phone (added by a coordinator) are people too; someone who erased their data is not counted as
  a person, but their hours are.
- for the first time: their first time taking part (the start of their first shift marked came,
  or the moment they started in a role, whichever came first) falls in the period; per month,
  the month of that moment. A sign-up alone is not taking part.
- came again within 3 months: came to a shift in the period that started within 3 calendar
  months after an earlier shift they came to (which may be in the period too).
- ongoing: took part in a role, or comes to a series "every time" (a standing sign-up) and came in
  the period; one-off: everyone else who took part (only separate shifts).
- hours given: each shift's length for each place of the people who came (someone who brought
  two people along gave three times the hours); their value: hours times VOLUNTEER_HOUR_VALUE.
- per organisation, theme and neighbourhood: the people who took part there (an opportunity with
  two themes counts in both; neighbourhood: of residents who chose one) and the hours.
- ideas: shared by residents in the period (the whole network's; an erased resident's ideas go
  with them), and taken up as an opportunity of these organisations in it.
- questions to volunteers and staff: sent in the period, how many reached someone, and the
  answers (one per person and question).
Any number of people under :data:`SMALL` is shown as "<5" (0 stays 0: it points at nobody), so
nobody can be picked out: :func:`people_text` is the one place that does it. Where numbers add up
to a total that is shown (one-off and ongoing; first times and who came per month; people per
organisation, theme or neighbourhood), a "<5" could be worked out by subtraction:
:func:`withhold` then leaves out more numbers of that list (shown as "*"), as statistics
offices do. Hours are shown beside every row: they count time, not people.

Quarters follow the calendar in the organisation's time zone; the current quarter counts up to
now. Reach per neighbourhood shows once an administrator has set the neighbourhoods.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.numbers import format_currency, format_decimal

from bot.i18n import Translator
from bot.services.figures import NotAllowed, hours_of, scope_of
from bot.services.quarters import Quarter
from bot.services.roles import Role
from bot.services.themes import KEYS as THEME_KEYS
from bot.store import Database
from bot.store import broadcasts as organisations_store
from bot.store import participation as store
from bot.store.participation import Ideas, Polls

SMALL = 5
LESS = "<5"
WITHHELD = "*"

__all__ = ["NotAllowed", "Participation", "Quarter", "participation", "people_text"]


@dataclass(frozen=True)
class Month:
    start: datetime  # UTC
    first_timers: int
    came: int  # different people who came to a shift in the month
    hours: float


@dataclass(frozen=True)
class Group:
    """People who took part, and hours given, in one organisation, theme or neighbourhood."""

    key: str  # the organisation's or neighbourhood's name, the theme's key; "" for "not given"
    people: int
    hours: float


@dataclass
class Participation:
    quarter: Quarter
    start: datetime
    end: datetime  # the quarter's end, or now while it lasts
    so_far: bool  # the quarter is under way: counted up to now
    organisations: list[str]  # the names narrowed to; empty: all organisations
    hour_value: Decimal
    took_part: int = 0
    first_timers: int = 0
    returning: int = 0
    ongoing: int = 0
    one_off: int = 0  # took part, not ongoing
    hours: float = 0.0
    months: list[Month] = field(default_factory=list)
    per_organisation: list[Group] = field(default_factory=list)
    per_theme: list[Group] = field(default_factory=list)
    per_neighbourhood: list[Group] | None = None  # None: no neighbourhoods (yet)
    ideas: Ideas = field(default_factory=lambda: Ideas(0, 0, {}))
    polls: Polls | None = None  # None: no questions to volunteers (yet)

    @property
    def value(self) -> Decimal:
        return (Decimal(str(self.hours)) * self.hour_value).quantize(Decimal("0.01"))

    @property
    def empty(self) -> bool:
        """Nothing happened in the period: no one took part, no ideas, no questions."""
        asked = self.polls.asked if self.polls else 0
        return not (self.took_part or self.hours or self.ideas.proposed or asked)

    @property
    def withheld(self) -> bool:
        """A number was left out (shown as "*") so that a "<5" cannot be worked out."""
        groups = [*self.per_organisation, *self.per_theme, *(self.per_neighbourhood or [])]
        numbers = [self.ongoing, self.one_off, *(g.people for g in groups)]
        numbers += [n for m in self.months for n in (m.first_timers, m.came)]
        return any(isinstance(n, Withheld) for n in numbers)


# -- showing numbers: the one place for "<5" ------------------------------------------------------
class Withheld(int):
    """A number of people left out, so that a "<5" beside it cannot be worked out from the total."""


def withhold(numbers: list[int], at_least: int | None = None) -> list[int]:
    """Numbers that add up to a total that is shown (or, with ``at_least``, whose people number
    at least that many: someone may count in two of them), with more left out ("*") while a
    "<5" among them could still be worked out: from the total minus the rest, or because
    several "<5" leave each only one value (4 and 4 of 8). Each round leaves out the smallest
    number of 5 or more that still shows, or else the largest "<5"; a reader who knows this
    rule knows a "*" beside shown numbers is 5 or more and at most the smallest of them, and
    that is taken into account. Zeros stay: they point at nobody."""
    total = sum(numbers) if at_least is None else at_least
    shown = list(numbers)
    if total < SMALL:
        return shown  # a total under 5 is itself "<5": nothing to subtract from
    while _worked_out(shown, total, exact=at_least is None):
        visible = [i for i, n in enumerate(shown) if not isinstance(n, Withheld) and n > 0]
        big = [i for i in visible if shown[i] >= SMALL]
        small = [i for i in visible if shown[i] < SMALL]
        if big:
            chosen = min(big, key=lambda i: shown[i])
        elif len(small) > 1:
            chosen = max(small, key=lambda i: shown[i])
        else:
            break  # the only one left: it is shown as "<5" itself
        shown[chosen] = Withheld(shown[chosen])
    return shown


def _worked_out(shown: list[int], total: int, *, exact: bool) -> bool:
    """Some "<5" has just one possible value, for a reader who knows the total (or, not
    ``exact``, only that the people number at least ``total``) and the rule above."""
    stars = [n for n in shown if isinstance(n, Withheld)]
    small = [n for n in shown if not isinstance(n, Withheld) and 0 < n < SMALL]
    big = [n for n in shown if not isinstance(n, Withheld) and n >= SMALL]
    if not small:
        return False
    star_low = SMALL if big else 1  # beside shown numbers, a "*" was one of 5 or more
    star_high = min(big) if big else None  # ... and the smallest of them
    hidden = total - sum(big)  # what the "<5" and the "*" add up to (or at least)
    # Every "<5" has the same bounds: the others are the rest of the "<5" and the "*".
    others_low = len(small) - 1 + star_low * len(stars)
    if stars and star_high is None:
        lowest = 1  # a "*" with nothing shown beside it has no upper bound
    else:
        others_high = (SMALL - 1) * (len(small) - 1) + (star_high or 0) * len(stars)
        lowest = max(1, hidden - others_high)
    highest = min(SMALL - 1, hidden - others_low) if exact else SMALL - 1
    return lowest >= highest


def people_text(t: Translator, n: int) -> str:
    """A number of people as it may be shown: "<5" from 1 to 4, so nobody can be picked out,
    and "*" for one left out (:func:`withhold`)."""
    if isinstance(n, Withheld):
        return WITHHELD
    return LESS if 0 < n < SMALL else format_decimal(n, locale=t.locale)


def people_shown(n: int) -> bool:
    """The number itself is shown (a bar in a chart would show it too)."""
    return not isinstance(n, Withheld) and not 0 < n < SMALL


def people_plural(n: int) -> int:
    """The count that picks the plural form of a sentence with :func:`people_text`."""
    return n if people_shown(n) else SMALL


def hours_text(t: Translator, hours: float) -> str:
    return format_decimal(hours, format="#,##0.#", locale=t.locale)


def money_text(t: Translator, amount: Decimal) -> str:
    return format_currency(amount, "EUR", locale=t.locale)


# -- counting -------------------------------------------------------------------------------------
async def participation(
    db: Database,
    role: Role,
    quarter: Quarter,
    now: datetime,
    zone: ZoneInfo,
    hour_value: Decimal,
    *,
    organisation_id: int | None = None,
) -> Participation:
    """The quarter's participation (up to ``now`` while it lasts), for what ``role`` covers;
    NotAllowed for an organisation it does not."""
    scope = scope_of(role, organisation_id)
    months = quarter.months(zone)
    start, quarter_end = months[0], quarter.end(zone)
    end = min(quarter_end, _next_second(now))
    if end <= start:  # a quarter still to come: nothing to count
        return Participation(quarter, start, quarter_end, False, [], hour_value)
    result = Participation(quarter, start, end, end < quarter_end, [], hour_value)
    result.months = [Month(m, 0, 0, 0.0) for m in months if m < end]

    async def people() -> tuple[list[store.Came], list[store.Volunteer], list[store.InRole]]:
        async with db.snapshot() as conn:
            came = await store.came(scope, months, end, conn=conn)
            volunteers = await store.volunteers(scope, start, end, conn=conn)
            roles = await store.in_roles(scope, start, end, conn=conn)
        return came, volunteers, roles

    async def the_rest() -> tuple[set[int], Ideas, Polls | None, list[tuple[int, str]] | None]:
        async with db.snapshot() as conn:
            every_time = await store.every_time(scope, end, conn=conn)
            ideas = await store.ideas(scope, start, end, conn=conn)
            polls = await store.polls(scope, start, end, conn=conn)
            # No neighbourhoods set by an administrator: no section about them.
            areas = await store.neighbourhoods(conn=conn) or None
        return every_time, ideas, polls, areas

    (came, volunteers, roles), (every_time, ideas, polls, areas) = await asyncio.gather(
        people(), the_rest()
    )
    result.ideas, result.polls = ideas, polls
    opportunities = {c.opportunity_id for c in came} | {r.opportunity_id for r in roles}
    async with db.snapshot() as conn:
        organisation = await store.organisations_of(opportunities, conn=conn)
        themes = await store.themes_of(opportunities, conn=conn)
        residents = {c.resident_id for c in came if c.resident_id is not None}
        residents |= {r.resident_id for r in roles}
        homes = await store.homes(residents, conn=conn) if areas is not None else {}
        names = [] if scope is None else await organisations_store.organisations(scope, conn=conn)
    result.organisations = [name for _, name in names]
    _count(result, came, volunteers, roles, every_time)
    _groups(result, came, roles, organisation, themes, areas, homes)
    return result


Person = tuple[str, int]


def _person(resident_id: int | None, guest_id: int | None) -> Person | None:
    if resident_id is not None:
        return ("resident", resident_id)
    return ("guest", guest_id) if guest_id is not None else None


def _count(
    result: Participation,
    came: list[store.Came],
    volunteers: list[store.Volunteer],
    roles: list[store.InRole],
    every_time: set[int],
) -> None:
    """The totals and the months, from what the queries found."""
    first: dict[Person, datetime] = {}  # people taking part for the first time, and when
    before: set[Person] = set()
    for v in volunteers:
        person = _person(v.resident_id, v.guest_id)
        assert person is not None
        if v.before:
            before.add(person)
        else:
            first[person] = v.first
    in_role: set[Person] = set()
    for r in roles:
        person = ("resident", r.resident_id)
        in_role.add(person)
        if r.came_before or r.started < result.start:
            before.add(person)
        elif r.started < first.get(person, result.end):
            first[person] = r.started
    for person in before:
        first.pop(person, None)
    came_people = {_person(v.resident_id, v.guest_id) for v in volunteers}
    took_part = came_people | in_role
    result.took_part = len(took_part)
    result.first_timers = len(first)
    result.returning = sum(1 for v in volunteers if v.returning)
    standing = {("resident", r) for r in every_time}
    ongoing = len(in_role | (standing & came_people))
    result.ongoing, result.one_off = withhold([ongoing, result.took_part - ongoing])
    seconds = [0] * len(result.months)
    per_month: list[set[Person]] = [set() for _ in result.months]
    for c in came:
        seconds[c.month] += c.seconds
        person = _person(c.resident_id, c.guest_id)
        if person is not None:
            per_month[c.month].add(person)
    newcomers = [0] * len(result.months)
    for moment in first.values():
        newcomers[_month_of(result.months, moment)] += 1
    # First times add up to the quarter's; who came in each month are at least all who came (some
    # come in more than one month).
    newcomers = withhold(newcomers)
    came_in = withhold([len(people) for people in per_month], at_least=len(came_people))
    result.months = [
        Month(m.start, newcomers[i], came_in[i], hours_of(seconds[i]))
        for i, m in enumerate(result.months)
    ]
    result.hours = hours_of(sum(seconds))


def _month_of(months: list[Month], moment: datetime) -> int:
    return max((i for i, m in enumerate(months) if m.start <= moment), default=0)


def _groups(
    result: Participation,
    came: list[store.Came],
    roles: list[store.InRole],
    organisation: dict[int, tuple[int, str]],
    themes: dict[int, list[str]],
    areas: list[tuple[int, str]] | None,
    homes: dict[int, int],
) -> None:
    """People and hours per organisation, theme and neighbourhood."""
    rows = [(c.opportunity_id, _person(c.resident_id, c.guest_id), c.seconds) for c in came]
    rows += [(r.opportunity_id, ("resident", r.resident_id), 0) for r in roles]

    def grouped(
        keys_of: Callable[[int, Person | None], list[str]],
    ) -> dict[str, tuple[set[Person], int]]:
        found: dict[str, tuple[set[Person], int]] = defaultdict(lambda: (set(), 0))
        for opportunity_id, person, seconds in rows:
            for key in keys_of(opportunity_id, person):
                people, total = found[key]
                if person is not None:
                    people.add(person)
                found[key] = (people, total + seconds)
        return found

    def groups(found: dict[str, tuple[set[Person], int]], order: Iterable[str]) -> list[Group]:
        keys = [key for key in order if key in found]
        people = withhold([len(found[key][0]) for key in keys])
        return [Group(key, n, hours_of(found[key][1])) for key, n in zip(keys, people, strict=True)]

    by_org = grouped(lambda o, _: [organisation[o][1]] if o in organisation else [])
    result.per_organisation = groups(by_org, sorted(by_org, key=lambda n: (n.casefold(), n)))
    by_theme = grouped(lambda o, _: themes.get(o, []))
    result.per_theme = groups(by_theme, THEME_KEYS)
    if areas is not None:
        named = dict(areas)

        def home(_: int, person: Person | None) -> list[str]:
            if person is None or person[0] != "resident":
                return []
            return [named.get(homes.get(person[1], 0), "")]

        by_home = grouped(home)
        everywhere = {name: by_home.get(name, (set(), 0)) for _, name in areas}
        everywhere[""] = by_home.get("", (set(), 0))
        result.per_neighbourhood = groups(everywhere, [name for _, name in areas] + [""])


def _next_second(now: datetime) -> datetime:
    """Moments are stored to the second: "before now" is "before the next whole second"."""
    return now.replace(microsecond=0) + timedelta(seconds=1) if now.microsecond else now
