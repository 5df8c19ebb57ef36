"""``/later 1d``: the sandbox's clock moves forward, so reminders and thank-yous can be seen.

Only in the sandbox: the terminal reads the command itself, the bot never gets it. The bot runs
on a :class:`LaterClock` (the real time, or a test's clock, plus how far it was moved). After a
move the outbox job runs at once, so what became due (a reminder, a thank-you, a notice) arrives
in the chat right after the new time is said.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TextIO

from bot.clock import Clock
from bot.i18n import Translator
from bot.sandbox.harness import BotHarness
from bot.wiring.jobs import LEADS_JOB, OUTBOX_JOB

COMMAND = re.compile(r"^/later(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_STEP = re.compile(r"^([0-9]{1,6})\s*([dhm])$", re.IGNORECASE)
UNITS = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
LONGEST = timedelta(days=365)  # one move; longer is surely a typing error


class LaterClock:
    """Another clock (the wall clock in the sandbox), moved forward by ``/later``."""

    def __init__(self, base: Clock) -> None:
        self.base = base
        self.ahead = timedelta(0)

    def now(self) -> datetime:
        return self.base.now() + self.ahead

    def advance(self, step: timedelta) -> None:
        if step <= timedelta(0):
            raise ValueError("the sandbox's clock only moves forward")
        self.ahead += step


def step(argument: str | None) -> timedelta | None:
    """``1d``, ``2h``, ``30m`` as a time span; None for anything else (nothing, zero, a minus
    sign, another unit, more than :data:`LONGEST`)."""
    found = _STEP.match((argument or "").strip())
    if found is None:
        return None
    span = int(found.group(1)) * UNITS[found.group(2).lower()]
    return span if timedelta(0) < span <= LONGEST else None


async def move(
    harness: BotHarness, clock: LaterClock, argument: str | None, out: TextIO, t: Translator
) -> None:
    """Move the clock, say the new time, and let the outbox deliver what became due."""
    span = step(argument)
    if span is None:
        out.write(
            t._("Write /later and a time: /later 1d (a day), /later 2h or /later 30m.") + "\n"
        )
        return
    clock.advance(span)
    now = clock.now()
    out.write("\n⏩ " + t._("It is now {moment}.").format(moment=t.datetime(now)) + "\n")
    quiet = harness.deps.rules.quiet
    if quiet is not None and quiet.contains(now):
        until = t.time(quiet.after(now))
        out.write(t._("It is quiet time: messages wait until {time}.").format(time=until) + "\n")
    out.flush()
    for job in (LEADS_JOB, OUTBOX_JOB):  # a lead's reminder is a message of the outbox too
        await harness.run_job(job)
