"""What handlers and jobs need, as one typed object: the wiring builds it, the flows read it.

It sits below both the wiring (which builds it) and the flows (which read it through their typed
context), so neither imports the other for it. Nothing here knows Telegram: ``kick`` is how a
flow asks for the outbox to be delivered now, and the wiring decides what that means.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import ChosenLanguages, Languages, Translator
from bot.outbox.postman import Postman
from bot.outbox.timing import Rules
from bot.services.error_reports import ErrorReports
from bot.store import Database as Database  # the flows name its type from here


def _nothing() -> None:
    """Until the wiring hands in its own: asking for a delivery does nothing."""


@dataclass
class Deps:
    settings: Settings
    db: Database
    clock: Clock
    languages: Languages
    rules: Rules  # when reminders, thank-yous and other later messages go
    postman: Postman
    # Deliver the outbox now rather than at the next tick (a waitlist place is told at once).
    kick: Callable[[], None] = _nothing
    # The language someone picked before consenting: memory only, nothing about them is stored.
    chosen_languages: ChosenLanguages = field(default_factory=ChosenLanguages)
    # Coordinators known at start who get their command menu when they next write.
    menu_due: set[int] = field(default_factory=set)
    # One update of the broadcasts' progress messages at a time (the job, or a test running it).
    progress_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Set once the work after a start is done (plans follow the rules, broadcasts fully planned).
    settled: asyncio.Event = field(default_factory=asyncio.Event)
    # When each kind of unexpected error was last reported to the administrators.
    error_reports: ErrorReports = field(default_factory=ErrorReports)

    def translator(self, locale: str | None) -> Translator:
        """A reader's language (the default when unknown) in the deployment's zone."""
        return self.languages.reader(locale)
