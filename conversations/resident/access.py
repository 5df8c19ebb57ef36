"""Look first, agree when it matters: who may do what before consent.

Looking is for everyone (:func:`for_everyone`): browsing, opening an opportunity, its dates and
their confirm screen, paging and searching store nothing, as the ids travel in the buttons. The
first tap that stores something (:func:`for_residents`: a sign-up, "I am interested", every
week, My sign-ups, settings) asks for consent with the welcome's own explanation; its "Yes"
carries that tap along (``okc:<language>:<action>:<arguments>``), so that after consent it goes
on at once (:mod:`conversations.resident.consent` runs it, through :meth:`ResidentStep.go_on`).
A tap that only makes sense after consent (cancelling a sign-up, its calendar file) shows the
welcome instead.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from functools import wraps
from typing import Any

from telegram import Update

from bot.i18n import Translator
from bot.services.residents import Resident
from conversations import actions
from conversations.actions import Callback
from conversations.resident import welcome
from conversations.ui.context import Context
from conversations.ui.replying import (
    answer,
    keyboard,
    present,
    resident_of,
    tapped,
    translator,
    translator_for,
)

# (update, context, reader's language, the tap): a screen anyone may see.
LookHandler = Callable[[Update, Context, Translator, Callback], Awaitable[None]]
# (update, context, resident, their language, the tap): a step that needs consent.
ResidentHandler = Callable[[Update, Context, Resident, Translator, Callback], Awaitable[None]]
PlainHandler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def for_everyone(*, answer_first: bool = True) -> Callable[[LookHandler], PlainHandler]:
    """A screen that stores nothing: for residents and for people who have not consented."""

    def wrap(func: LookHandler) -> PlainHandler:
        @wraps(func)
        async def handler(update: Update, context: Context) -> None:
            if answer_first:  # before the database: the button stops spinning at once
                await answer(update)
            await func(update, context, await translator(update, context), tapped(update))

        return handler

    return wrap


@dataclass(frozen=True)
class ResidentStep:
    """A handler for residents only (made by :func:`for_residents`). Someone who has not
    consented is asked first; ``goes_on``: the action a typed command stands for, so that it
    goes on after consent as a tap does (None: nothing goes on, the welcome is shown)."""

    step: ResidentHandler
    answer_first: bool
    asks: bool
    goes_on: actions.Action | None

    async def __call__(self, update: Update, context: Context) -> None:
        if self.answer_first:  # before the database: the button stops spinning at once
            await answer(update)
        resident = await resident_of(update, context)
        t = translator_for(update, context, resident)
        if resident is None:
            if not self.answer_first:
                await answer(update)
            await self._ask(update, t)
            return
        await self.step(update, context, resident, t, tapped(update))

    async def go_on(
        self, update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
    ) -> None:
        """Right after consent: the step, for the tap the consent button carried."""
        if self.answer_first:
            await answer(update, t._("Thank you!"))
        await self.step(update, context, resident, t, tap)

    async def _ask(self, update: Update, t: Translator) -> None:
        tap = tapped(update)
        if not tap.action and self.goes_on is not None:
            tap = Callback(self.goes_on.code, ())
        text, rows = welcome.welcome_screen(t, 0)
        if self.asks and tap.action:
            # Arguments too long to carry along (forged) raise: the welcome then.
            with contextlib.suppress(ValueError):
                text, rows = welcome.consent_screen(t, tap.action, tap.args)
        await present(update, text, keyboard(*rows), new_message=update.callback_query is None)


def for_residents(
    *, answer_first: bool = True, asks: bool = True, goes_on: actions.Action | None = None
) -> Callable[[ResidentHandler], ResidentStep]:
    """A step for residents; someone who has not consented is asked first (``asks``; the
    welcome otherwise), and the step goes on after their "Yes".

    ``answer_first`` answers the button at once (steps that answer with an alert say False).
    """

    def wrap(func: ResidentHandler) -> ResidentStep:
        return ResidentStep(func, answer_first, asks, goes_on)

    return wrap
