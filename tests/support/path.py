"""A volunteer on their way (bot/services/path.py): shifts on the coming days, marked *came*
through the thank-you, the roster or the door, and what the way brought them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person, visible
from tests.support.catalogue import make_opportunity
from tests.support.chat import tap
from tests.support.files import read_qr
from tests.support.outbox import deliver_at

LIBRARY = "Bibliotheek Midden"
# The harness starts on Wednesday 25 November 2026, 10:00 in Amsterdam: the shifts are on the
# days after, at 10:00; a coordinator finds each in /roster by its date.
DAYS_NL = ("do 26 nov", "vr 27 nov", "za 28 nov", "zo 29 nov", "ma 30 nov")
SUGGESTED = {"nl": "keer geholpen", "en": "You have helped"}  # in the suggestion's first line
YES = {"nl": "Ja, ik was er", "en": "Yes, I was there"}
SKIP = {"nl": "Overslaan", "en": "Skip"}


async def shifts_on_coming_days(
    harness: BotHarness, *hours: float, capacity: int = 5
) -> list[tuple[int, datetime]]:
    """Voorlezen (Bibliotheek Midden) with a shift on each coming day from 10:00, ``hours`` long
    each: (shift id, end) per day."""
    now = harness.now()
    shifts = [
        (timedelta(days=day + 1), timedelta(hours=length), capacity)
        for day, length in enumerate(hours)
    ]
    made = await make_opportunity(harness.deps.db, now=now, shifts=shifts)
    ends = [now + start + length for start, length, _ in shifts]
    return list(zip(made.shift_ids, ends, strict=True))


async def voorleesmaatje(harness: BotHarness) -> int:
    """An ongoing role of the library in the same category as the shifts."""
    made = await make_opportunity(
        harness.deps.db,
        now=harness.now(),
        title="Voorleesmaatje",
        description="Lees elke week een uur voor aan een kind thuis.",
        ongoing=True,
    )
    return made.opportunity_id


async def taalmaatje(harness: BotHarness) -> int:
    """An ongoing role of another organisation, in another category."""
    made = await make_opportunity(
        harness.deps.db,
        now=harness.now(),
        title="Taalmaatje",
        organisation="Welzijn Samen",
        category="Taal",
        ongoing=True,
    )
    return made.opportunity_id


async def came_after_thanks(
    harness: BotHarness, clock: ManualClock, person: Person, end: datetime, language: str = "nl"
) -> None:
    """The thank-you an hour after ``end``: "Yes, I was there", and the score skipped."""
    await deliver_at(harness, clock, end + timedelta(hours=1))
    thanks, yes = person.find_button(YES[language])
    await person.click_data(yes, thanks)
    await tap(person, SKIP[language])


async def came_in_roster(coordinator: Person, day: str, name: str, came: bool = True) -> None:
    """The coordinator marks ``name`` on the shift of ``day`` (as /roster shows it)."""
    await coordinator.send("/roster")
    await coordinator.click(day)
    await tap(coordinator, f"✅ {name} was er" if came else f"❌ {name} was er niet")


async def check_in_link(coordinator: Person, day: str) -> str:
    """The start parameter of the check-in code of the shift on ``day``, from the roster."""
    await coordinator.send("/roster")
    await coordinator.click(day)
    await tap(coordinator, "📷 Incheckcode")
    link = read_qr(coordinator.file(coordinator.last()))
    match = re.search(r"start=(chk_[A-Za-z0-9_-]+)$", link)
    assert match, link
    return match.group(1)


def texts_with(person: Person, part: str) -> list[str]:
    """Every message to the person (as it reads now) that holds ``part``."""
    return [visible(m) for m in person.messages() if part in visible(m)]


def message_with(person: Person, part: str) -> dict[str, Any]:
    """The newest message to the person that holds ``part``."""
    return next(m for m in reversed(person.messages()) if part in visible(m))


def as_now(person: Person, message: dict[str, Any]) -> str:
    """A message as it reads now (a tap on its buttons replaces it)."""
    [found] = [m for m in person.messages() if m["message_id"] == message["message_id"]]
    return visible(found)
