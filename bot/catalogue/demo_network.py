"""The network's own features in the sandbox's demo: neighbourhoods, ideas and questions.

The demo town's neighbourhoods (set by an administrator 20 days ago) and the one most demo
residents chose when the chat asked them (two skipped it); ideas residents shared, one answered
and planned, one being considered, one new; and two questions to the volunteers of the last
three months (one with answer buttons, one in their own words), with their answers. So in the
sandbox /ideas has ideas waiting, /neighbourhoods a list, "📈 Participation" reach per
neighbourhood, and "📊 My questions and their answers" results, a chart and a CSV file.

Written through the same services the chat uses, as steps of :mod:`bot.catalogue.demo_sandbox`'s
story (its past, on a clock of its own): what they plan in the outbox (the coordinators' notices
of a new idea, the questions themselves) went out back then, so nobody's chat fills up at the
start. The times are whole days before today, at set hours, so the demo is the same whatever the
time of day; the questions go out at 09:00, before any shift of that day ends, so who they reach
does not depend on the weekday either. Dutch, as the catalogue and the people's comments are.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.catalogue.demo import at_local
from bot.catalogue.demo_people import BY_NAME, STAFF, Volunteer
from bot.outbox.timing import Rules
from bot.services import audiences, ideas, neighbourhoods, poll_answers, polls
from bot.services.audiences import Audience
from bot.store import Database

Action = Callable[[datetime], Awaitable[None]]

NEIGHBOURHOODS = ("Centrum", "De Haven", "Noord", "Oud-West", "Zuid")
NEIGHBOURHOODS_SET = 20  # days ago: before anyone below answered
QUESTION_MONTHS = 3  # the questions go to who volunteered in the last three months


@dataclass(frozen=True)
class Home:
    """Where a demo resident lives (None: they skipped the question), and when they said so."""

    name: str
    neighbourhood: str | None
    days_ago: int


HOMES: tuple[Home, ...] = (
    Home("Daan", "Centrum", 19),
    Home("Fatima", "De Haven", 18),
    Home("Mehmet", "Noord", 17),
    Home("Agnieszka", "Centrum", 15),
    Home("Olena", "De Haven", 12),
    Home("Grace", None, 9),
    Home("Youssef", None, 6),
    Home("Anouk", "Zuid", 5),
)


@dataclass(frozen=True)
class Idea:
    """A resident's idea, and what a coordinator did with it (the day after)."""

    name: str
    theme: str | None  # a theme's key; None: not sure
    text: str
    days_ago: int
    answer: str = ""
    status: str = ideas.NEW


IDEAS: tuple[Idea, ...] = (
    Idea(
        "Fatima",
        "development",
        "Een voorleesuurtje in het Arabisch en het Nederlands, voor moeders met kleine kinderen.",
        16,
        answer="Mooi idee, Fatima! We beginnen in januari, op zaterdagochtend in de bibliotheek. "
        "Wil je helpen voorlezen?",
        status=ideas.PLANNED,
    ),
    Idea(
        "Anouk",
        "health",
        "Een wandelgroep op zondagmiddag, voor buren die vaak alleen zijn.",
        6,
        status=ideas.CONSIDERING,
    ),
    Idea(
        "Mehmet",
        "taking_part",
        "Een repaircafé in het buurthuis: samen fietsen, lampen en telefoons maken.",
        2,
    ),
)


@dataclass(frozen=True)
class Question:
    """A question to the volunteers, and who answered: the button's number, or their words."""

    kind: str
    text: str
    options: tuple[str, ...]
    days_ago: int
    answers: tuple[tuple[str, int | str], ...]


QUESTIONS: tuple[Question, ...] = (
    Question(
        polls.CHOICE,
        "Wanneer help je het liefst?",
        ("Door de week, overdag", "Door de week, 's avonds", "In het weekend"),
        14,
        (("Fatima", 0), ("Olena", 0), ("Mehmet", 1), ("Daan", 1), ("Agnieszka", 2)),
    ),
    Question(
        polls.TEXT,
        "Wat zou je graag willen leren als vrijwilliger?",
        (),
        7,
        (
            ("Olena", "Beter Nederlands spreken, en meer over kinderboeken."),
            ("Daan", "Hoe ik mensen het best help met de DigiD-app."),
            ("Anouk", "Een cursus EHBO."),
        ),
    ),
)


class Story(Protocol):
    """The demo's past (:class:`bot.catalogue.demo_sandbox._Story`): steps added in any order,
    told in time order."""

    db: Database
    rules: Rules
    administrators: frozenset[int]

    def at(self, moment: datetime, action: Action, who: Volunteer | None = None) -> None: ...


def tell_network(story: Story, today: datetime) -> None:
    """Add the neighbourhoods, ideas and questions to the story (``today``: local noon)."""

    def on(days_ago: int, clock_time: str) -> datetime:
        """That many days before today, at that local time."""
        return at_local(today - timedelta(days=days_ago), clock_time, story.rules.zone)

    _neighbourhoods(story, on(NEIGHBOURHOODS_SET, "09:00"), on)
    for idea in IDEAS:
        _idea(story, idea, on(idea.days_ago, "19:30"), on(idea.days_ago - 1, "10:00"))
    for question in QUESTIONS:
        _question(story, question, on(question.days_ago, "09:00"))


def _neighbourhoods(story: Story, set_at: datetime, on: Callable[[int, str], datetime]) -> None:
    """An administrator sets the town's neighbourhoods; after a sign-up, each resident is asked
    once, and chooses theirs or skips."""
    found: dict[str, neighbourhoods.Neighbourhood] = {}

    async def set_them(when: datetime) -> None:
        await neighbourhoods.add(story.db, STAFF, "\n".join(NEIGHBOURHOODS), when)
        listed = await neighbourhoods.page(story.db, 0, len(NEIGHBOURHOODS))
        found.update((n.name, n) for n in listed.items)

    story.at(set_at, set_them)
    for home in HOMES:
        story.at(on(home.days_ago, "16:45"), _answer_where(story, home, found), BY_NAME[home.name])


def _answer_where(
    story: Story, home: Home, found: dict[str, neighbourhoods.Neighbourhood]
) -> Action:
    resident_id = BY_NAME[home.name].user_id

    async def answer(when: datetime) -> None:
        if not await neighbourhoods.ask_once(story.db, resident_id, when):
            return
        if home.neighbourhood is None:
            await neighbourhoods.rather_not_say(story.db, resident_id, when)
            return
        chosen = found[home.neighbourhood]
        mark = neighbourhoods.check(chosen)
        await neighbourhoods.choose(story.db, resident_id, chosen.id, mark, when)

    return answer


def _idea(story: Story, idea: Idea, shared_at: datetime, seen_at: datetime) -> None:
    """The resident shares the idea; a coordinator answers it and marks it the next morning."""
    volunteer = BY_NAME[idea.name]
    made: list[int] = []

    async def share(when: datetime) -> None:
        made.append(
            await ideas.propose(
                story.db,
                resident_id=volunteer.user_id,
                text=idea.text,
                photo=None,
                theme=idea.theme,
                administrators=story.administrators,
                now=when,
            )
        )

    async def follow_up(when: datetime) -> None:
        if idea.answer:
            await ideas.answer(story.db, STAFF, made[0], idea.answer, when)
        if idea.status != ideas.NEW:
            await ideas.mark(story.db, STAFF, made[0], idea.status, when)

    story.at(shared_at, share, volunteer)
    if idea.answer or idea.status != ideas.NEW:
        story.at(seen_at, follow_up)


def _question(story: Story, question: Question, sent_at: datetime) -> None:
    """An administrator asks the volunteers of the last three months; some answer that day and
    the next, every five hours."""
    asked: list[int] = []

    async def send(when: datetime) -> None:
        draft = polls.Draft(
            organisation_id=None,
            audience=Audience(audiences.VOLUNTEERS, QUESTION_MONTHS),
            kind=question.kind,
            question=question.text,
            options=list(question.options),
        )
        poll_id, _ = await polls.send(
            story.db, STAFF, draft, language="nl", now=when, administrators=story.administrators
        )
        await polls.queue_waiting(story.db, story.administrators)
        asked.append(poll_id)

    story.at(sent_at, send)
    for number, (name, given) in enumerate(question.answers, start=1):
        volunteer = BY_NAME[name]
        reply = _reply(story, asked, volunteer, given)
        story.at(sent_at + timedelta(hours=5 * number), reply, volunteer)


def _reply(story: Story, asked: list[int], volunteer: Volunteer, given: int | str) -> Action:
    async def reply(when: datetime) -> None:
        person = poll_answers.Person(volunteer.user_id, volunteer.name, story.administrators)
        if isinstance(given, int):
            await poll_answers.choose(story.db, asked[0], person, given, when)
        else:
            await poll_answers.write(story.db, asked[0], 0, person, given, when)

    return reply
