"""The demo as the sandbox loads it: the catalogue, its people, and their past.

Everything goes through the services, in the order it would have happened: a clock of its own
walks through the past weeks (consent and interests, sign-ups, giving up a place, the marks of who
came, scores and comments, interest in ongoing roles and what a coordinator did with it), and at
each step the outbox delivers what became due (reminders, thank-yous, the notices to
coordinators) to a sender that keeps nothing: those messages went out back then. The places
already taken on the coming shifts (:func:`bot.catalogue.demo.demo_rows`) are the people's
sign-ups, some with people they bring along, and a full shift has one more on its waitlist.
The network's own features (neighbourhoods, ideas, questions to volunteers) are steps of the same
story: :mod:`bot.catalogue.demo_network`.

Only the sandbox loads this (the people's Telegram ids are made up): ``python -m bot demo`` loads
the catalogue alone (:func:`bot.catalogue.demo.load_demo`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.catalogue.demo import CATALOGUE, Weekly, at_local, demo_rows
from bot.catalogue.demo_network import Action, tell_network
from bot.catalogue.demo_people import (
    BY_NAME,
    HISTORY,
    INTERESTS,
    STAFF,
    VOLUNTEERS,
    Interest,
    Past,
    Visit,
    Volunteer,
)
from bot.catalogue.reading import OpportunityRow, ShiftRow
from bot.catalogue.writing import write_catalogue
from bot.clock import ManualClock
from bot.i18n import Languages
from bot.outbox.kinds import BULK
from bot.outbox.letters import Outgoing
from bot.outbox.messages import RENDERERS
from bot.outbox.postman import Postman
from bot.outbox.timing import Rules
from bot.services import attendance, cancellations, interests, leads, residents, roster, signups
from bot.store import Database, managing
from bot.store.signups import MAX_BROUGHT

SIGNED_UP_BEFORE = timedelta(days=4)  # a past shift's sign-ups, this long before its start
UPCOMING_SIGNED_UP = timedelta(days=2)  # the coming shifts' sign-ups, this long ago


class _Then:
    """The sender of the past: those messages went out back then; nobody reads them now."""

    async def send(self, chat_id: int, message: Outgoing, *, bulk: bool = False) -> None:
        return None


def _past_shift(past: Past, today: datetime, zone: ZoneInfo) -> ShiftRow:
    """The shift ``past.weeks_ago`` weeks back, on the weekday and times of its offer."""
    offer = next(o for o in CATALOGUE if o.title == past.title)
    spec = next(s for s in offer.shifts if isinstance(s, Weekly))
    back = (today.weekday() - spec.weekday - 1) % 7 + 1 + 7 * (past.weeks_ago - 1)
    day = today - timedelta(days=back)
    return ShiftRow(at_local(day, spec.start, zone), at_local(day, spec.end, zone), spec.capacity)


def _parties(
    places: int, likers: list[Volunteer], others: list[Volunteer]
) -> list[tuple[Volunteer, int]]:
    """Who takes ``places`` places, each with the people they bring along: those who like the
    work first (bringing people when there are more places than they are), then others."""
    chosen = likers[:places]
    left = places - len(chosen)
    parties = []
    for volunteer in chosen:
        brought = min(MAX_BROUGHT, left)
        left -= brought
        parties.append((volunteer, brought))
    return parties + [(volunteer, 0) for volunteer in others[:left]]


class _Story:
    """The demo's past as steps in time order, told one by one on a clock of its own; before
    each step the outbox delivers what became due by then."""

    def __init__(self, db: Database, now: datetime, rules: Rules, administrators: frozenset[int]):
        self.db = db
        self.now = now
        self.rules = rules
        self.administrators = administrators
        self.clock = ManualClock(now)
        self.postman = Postman(
            db, self.clock, renderers=RENDERERS, bulk=BULK, languages=Languages(rules.zone, "nl")
        )
        self.steps: list[tuple[datetime, int, Action]] = []
        self.first_step: dict[str, datetime] = {}  # each volunteer's, so they join before it
        self.signup_ids: dict[tuple[int, str], int] = {}  # (shift id, name): their sign-up
        self._order = itertools.count()

    def at(self, moment: datetime, action: Action, who: Volunteer | None = None) -> None:
        self.steps.append((moment, next(self._order), action))
        if who is not None:
            self.first_step[who.name] = min(moment, self.first_step.get(who.name, moment))

    async def tell(self) -> None:
        for moment, _, action in sorted(self.steps, key=lambda step: step[:2]):
            self.clock.set(moment)
            await self.postman.deliver_due(_Then())
            await action(moment)
        self.clock.set(self.now)
        await self.postman.deliver_due(_Then())

    # -- what people did -------------------------------------------------------------------------
    def join(self, volunteer: Volunteer) -> None:
        joined = self.now - timedelta(weeks=volunteer.joined_weeks_ago)
        first = self.first_step.get(volunteer.name, joined)

        async def join(when: datetime) -> None:
            user_id = volunteer.user_id
            await residents.consent(self.db, user_id, volunteer.name, volunteer.language, when)
            for choice in await interests.choices(self.db, user_id):
                if choice.name in volunteer.likes:
                    await interests.toggle(self.db, user_id, choice.category_id)

        self.at(min(joined, first - timedelta(days=1)), join)

    def sign_up(
        self,
        volunteer: Volunteer,
        shift_id: int,
        moment: datetime,
        *,
        brought: int = 0,
        waitlist: bool = False,
    ) -> None:
        async def sign_up(when: datetime) -> None:
            result = await signups.sign_up(
                self.db,
                shift_id=shift_id,
                resident_id=volunteer.user_id,
                now=when,
                rules=self.rules,
                brought=brought,
                waitlist=waitlist,
            )
            if result.signup_id is not None:  # a full shift (the catalogue loaded before) skips
                self.signup_ids[shift_id, volunteer.name] = result.signup_id

        self.at(moment, sign_up, volunteer)

    def visit(self, visit: Visit, shift_id: int, shift: ShiftRow) -> None:
        """A volunteer on a past shift: signed up, then gave up, or came or did not, and said
        how it went."""
        volunteer = BY_NAME[visit.name]
        self.sign_up(volunteer, shift_id, shift.starts_at - SIGNED_UP_BEFORE, brought=visit.brought)
        key = shift_id, visit.name

        async def give_up(when: datetime) -> None:
            await cancellations.give_up(
                self.db,
                signup_id=self.signup_ids[key],
                resident_id=volunteer.user_id,
                now=when,
                rules=self.rules,
                administrators=self.administrators,
            )

        async def mark(when: datetime) -> None:
            came = bool(visit.came)
            if visit.own_word:
                user_id = volunteer.user_id
                signup_id = self.signup_ids[key]
                await attendance.record(
                    self.db,
                    signup_id=signup_id,
                    resident_id=user_id,
                    came=came,
                    now=when,
                    rules=self.rules,
                )
            else:
                await roster.mark(
                    self.db, STAFF, self.signup_ids[key], came, when, rules=self.rules
                )

        async def say(when: datetime) -> None:
            signup_id, user_id = self.signup_ids[key], volunteer.user_id
            if visit.score is not None:
                await attendance.rate(
                    self.db, signup_id=signup_id, resident_id=user_id, rating=visit.score
                )
            if visit.comment:
                await attendance.comment(
                    self.db, signup_id=signup_id, resident_id=user_id, text=visit.comment
                )

        if visit.gave_up:
            self.at(shift.starts_at - timedelta(hours=visit.gave_up), give_up)
            return
        if visit.came is not None:
            after = timedelta(hours=2) if visit.own_word else timedelta(minutes=30)
            self.at(shift.ends_at + after, mark)
        if visit.came and (visit.score is not None or visit.comment):
            self.at(shift.ends_at + timedelta(hours=3), say)

    def interest(self, interest: Interest, opportunity_id: int) -> None:
        volunteer = BY_NAME[interest.name]
        lead: list[int] = []

        async def interested(when: datetime) -> None:
            result = await leads.express_interest(
                self.db,
                opportunity_id=opportunity_id,
                resident_id=volunteer.user_id,
                coordinator_ids=self.administrators,
                now=when,
            )
            lead.extend([result.interest_id] if result.interest_id is not None else [])

        async def followed_up(when: datetime) -> None:
            if lead:
                await leads.mark(self.db, STAFF, lead[0], interest.status, when)

        moment = self.now - timedelta(days=interest.days_ago)
        self.at(moment, interested, volunteer)
        if interest.status != leads.NEW:
            self.at(moment + timedelta(days=2), followed_up)


async def load_sandbox_demo(
    db: Database, now: datetime, rules: Rules, administrators: Iterable[int] = ()
) -> bool:
    """The demo catalogue with past shifts, and its people (the database must be open). False,
    and nothing written, when they are there already."""
    if await residents.get(db, VOLUNTEERS[0].user_id) is not None:
        return False
    zone = rules.zone
    today = now.astimezone(zone).replace(hour=12, minute=0, second=0, microsecond=0)
    opportunities, taken = demo_rows(now, zone)
    past = [(item, _past_shift(item, today, zone)) for item in HISTORY]
    with_past = [
        replace(o, shifts=sorted([s for p, s in past if p.title == o.title] + o.shifts, key=_start))
        for o in opportunities
    ]
    await write_catalogue(db, with_past, now, rules)
    async with db.read() as conn:
        earliest = min(shift.starts_at for _, shift in past)
        shift_ids = {
            (s.title, s.starts_at): s.id
            for s in await managing.shifts_between(None, ending_after=earliest, conn=conn)
        }
        roles = {o.title: o.id for o in await managing.opportunities(None, conn=conn)}

    story = _Story(db, now, rules, frozenset(administrators))
    for item, shift in past:
        for visit in item.visits:
            story.visit(visit, shift_ids[item.title, shift.starts_at], shift)
        for offset in rules.offsets:  # the postman comes by when each reminder is due
            story.at(shift.starts_at - offset + timedelta(minutes=1), _postman_only)
    _coming(story, with_past, taken, shift_ids)
    for interest in INTERESTS:
        story.interest(interest, roles[interest.title])
    tell_network(story, today)
    for volunteer in VOLUNTEERS:
        story.join(volunteer)
    await story.tell()
    return True


def _coming(
    story: _Story,
    opportunities: list[OpportunityRow],
    taken: dict[ShiftRow, int],
    shift_ids: dict[tuple[str, datetime], int],
) -> None:
    """The places taken on coming shifts are the volunteers' sign-ups; a full one has one
    more volunteer on its waitlist."""
    moment = story.now - UPCOMING_SIGNED_UP
    for opportunity in opportunities:
        likers = [v for v in VOLUNTEERS if opportunity.category in v.likes]
        others = [v for v in VOLUNTEERS if v not in likers]
        for shift in opportunity.shifts:
            places = taken.get(shift, 0)
            if not places:
                continue
            shift_id = shift_ids[opportunity.title, shift.starts_at]
            parties = _parties(places, likers, others)
            for volunteer, brought in parties:
                moment += timedelta(minutes=13)
                story.sign_up(volunteer, shift_id, moment, brought=brought)
            waiting = [v for v in likers if v not in {p for p, _ in parties}]
            if places == shift.capacity and waiting:
                moment += timedelta(minutes=13)
                story.sign_up(waiting[0], shift_id, moment, waitlist=True)


async def _postman_only(when: datetime) -> None:
    """A step in which nobody does anything: the outbox delivers what is due by then."""


def _start(shift: ShiftRow) -> datetime:
    return shift.starts_at
