"""Who gets it: the steps of choosing an audience, shared by /broadcast and /poll.

On whose behalf (when there is a choice: administrators, coordinators of several
organisations) → which audience → its kind of work, opportunity or number of months (typed
months work too). What was chosen is kept in the flow's draft (``org``, ``many``, ``kind``,
``value``); the role is read again at every step and every audience is checked against it.
Once the audience is known the flow's own next step follows (:attr:`AudienceChoice.chosen`).
Each step raises ``ApplicationHandlerStop`` with the state to stay in or go to, as the flows
in their own handler groups do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.i18n import Translator
from bot.services import audiences, broadcasts
from bot.services.audiences import Audience
from bot.services.broadcasts import NotAllowed
from bot.services.roles import Role
from conversations.actions import unpack
from conversations.coordinator import guard
from conversations.coordinator.audience_screens import (
    AUDIENCE,
    ORGANISATION,
    Buttons,
    audience_screen,
    category_pick_screen,
    months_pick_screen,
    opportunity_pick_screen,
    organisation_screen,
)
from conversations.ui.context import Context
from conversations.ui.replying import answer, keyboard, show, translator

PICK = "pick"

_TYPED = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND

Draft = dict[str, Any]
Next = Callable[[Update, Context, Role, Translator], Awaitable[None]]


def organisation_of(draft: Draft) -> int | None:
    value = draft.get("org")
    return None if not value else int(value)


def audience_of(draft: Draft) -> Audience | None:
    return Audience.parse(draft.get("kind"), draft.get("value"))


def _stay(state: str) -> ApplicationHandlerStop:
    return ApplicationHandlerStop(state)


@dataclass(frozen=True)
class AudienceChoice:
    flow: str  # the flow's name in the guard's log ("broadcast", "poll")
    heading: str  # the first line of the screens (a catalogue text)
    restart: str  # what a stale button says (a catalogue text: "Type /… to begin again.")
    buttons: Buttons
    kinds: tuple[str, ...]  # the audiences offered, in order
    draft: Callable[[Context], Draft]
    forget: Callable[[Context], None]
    chosen: Next  # the audience is known: show the next step and raise its state

    async def role(self, update: Update, context: Context) -> Role:
        """The coordinator's role, read again now; a refusal ends the conversation."""
        role = await guard.coordinator(update, context, self.flow)
        if role is None:
            self.forget(context)
            raise ApplicationHandlerStop(ConversationHandler.END)
        return role

    async def begin(
        self, update: Update, context: Context, role: Role, t: Translator, *, new: bool
    ) -> None:
        """On whose behalf, if there is a choice (→ ORGANISATION), else the audience."""
        organisations = await broadcasts.organisations_for(context.deps.db, role)
        draft = self.draft(context)
        if role.is_admin or len(organisations) > 1:
            text, rows = organisation_screen(
                t, self.heading, self.buttons, organisations, role.is_admin
            )
            await show(update, text, keyboard(*rows), new_message=new)
            raise _stay(ORGANISATION)
        if not organisations:
            await guard.refuse(update, context, self.flow, t)
            self.forget(context)
            raise ApplicationHandlerStop(ConversationHandler.END)
        draft.update(org=organisations[0][0], many=False)
        await self._audiences(update, t, False, new=new)

    async def _audiences(
        self, update: Update, t: Translator, choose_organisation: bool, *, new: bool = False
    ) -> None:
        text, rows = audience_screen(t, self.heading, self.buttons, self.kinds, choose_organisation)
        await show(update, text, keyboard(*rows), new_message=new)
        raise _stay(AUDIENCE)

    async def on_organisation(self, update: Update, context: Context) -> None:
        """An organisation chosen → AUDIENCE."""
        role = await self.role(update, context)
        t = await translator(update, context)
        org_id = guard.number(update)
        if not broadcasts.may_send_for(role, org_id):
            await guard.refuse(update, context, f"{self.flow} organisation", t)
            raise _stay(ORGANISATION)
        await answer(update)
        self.draft(context).update(org=org_id, many=True)
        await self._audiences(update, t, True)

    async def on_audience(self, update: Update, context: Context) -> None:
        """The kind of audience → PICK (category, opportunity, months) or the flow's next step."""
        role = await self.role(update, context)
        t = await translator(update, context)
        kind = guard.arg(update)
        draft = self.draft(context)
        if kind not in self.kinds or "org" not in draft:
            await answer(update, t._(self.restart))
            raise _stay(AUDIENCE)
        await answer(update)
        draft.update(kind=kind, value=None)
        if kind in (audiences.CATEGORY, audiences.OPPORTUNITY, audiences.VOLUNTEERS):
            await self._show_pick(update, context, role, t, kind)
            raise _stay(PICK)
        await self.chosen(update, context, role, t)

    async def _show_pick(
        self, update: Update, context: Context, role: Role, t: Translator, kind: str, note: str = ""
    ) -> None:
        d = context.deps
        if kind == audiences.CATEGORY:
            text, rows = category_pick_screen(t, self.buttons, await broadcasts.categories(d.db))
        elif kind == audiences.OPPORTUNITY:
            org = organisation_of(self.draft(context))
            try:
                found = await broadcasts.opportunities(d.db, role, org)
            except NotAllowed:
                await guard.refuse(update, context, f"{self.flow} opportunity", t)
                raise ApplicationHandlerStop(ConversationHandler.END) from None
            text, rows = opportunity_pick_screen(t, self.buttons, found)
        else:
            text, rows = months_pick_screen(t, self.buttons)
        await guard.show_screen(update, text, rows, note=note)

    async def on_pick(self, update: Update, context: Context) -> None:
        """A category, opportunity or number of months (checked against the role)."""
        role = await self.role(update, context)
        t = await translator(update, context)
        cb = unpack(update.callback_query.data if update.callback_query else None)
        kinds = {
            self.buttons.category.code: audiences.CATEGORY,
            self.buttons.opportunity.code: audiences.OPPORTUNITY,
            self.buttons.months.code: audiences.VOLUNTEERS,
        }
        kind = kinds.get(cb.action) if cb else None
        audience = Audience.parse(kind, cb.number(0) if cb else None)
        if audience is None or kind != self.draft(context).get("kind"):
            await answer(update, t._(self.restart))
            raise _stay(PICK)
        await self._take(update, context, role, t, audience)

    async def on_typed_pick(self, update: Update, context: Context) -> None:
        """Typed while the choice waits: a number of months is taken as its button; anything else
        (``0``, ``-3``, ``1e3``, ``twaalf``, a word) gets a short answer and the choice again."""
        role = await self.role(update, context)
        t = await translator(update, context)
        kind = self.draft(context).get("kind")
        typed = guard.text_of(update).strip()
        if kind == audiences.VOLUNTEERS:
            months = int(typed) if typed.isdecimal() and len(typed) <= 2 else None
            audience = Audience.parse(kind, months)
            if audience is not None:
                await self._take(update, context, role, t, audience)
            note = t._("Please tap a button, or type one of these numbers: {choices}.").format(
                choices=", ".join(str(n) for n in audiences.MONTHS)
            )
        else:
            note = t._("Please tap one of the buttons.")
        if kind not in self.kinds:
            raise _stay(PICK)
        await self._show_pick(update, context, role, t, str(kind), note)
        raise _stay(PICK)

    async def _take(
        self, update: Update, context: Context, role: Role, t: Translator, audience: Audience
    ) -> None:
        """The audience chosen (checked against the role) → the flow's next step."""
        draft = self.draft(context)
        db = context.deps.db
        org = organisation_of(draft)
        if not await audiences.permitted(db, role, org, audience, self.kinds):
            await guard.refuse(update, context, f"{self.flow} audience", t)
            raise _stay(PICK)
        await answer(update)
        draft["value"] = audience.value
        await self.chosen(update, context, role, t)

    async def back(self, update: Update, context: Context, role: Role, t: Translator) -> None:
        """⬅️ to the organisations (when there was a choice) or the audiences."""
        to = guard.arg(update)
        draft = self.draft(context)
        if to == ORGANISATION and (role.is_admin or draft.get("many")):
            organisations = await broadcasts.organisations_for(context.deps.db, role)
            text, rows = organisation_screen(
                t, self.heading, self.buttons, organisations, role.is_admin
            )
            await show(update, text, keyboard(*rows))
            raise _stay(ORGANISATION)
        if "org" not in draft:
            await show(update, t._(self.restart))
            raise ApplicationHandlerStop(ConversationHandler.END)
        await self._audiences(update, t, bool(role.is_admin or draft.get("many")))

    def states(self) -> dict[object, list[BaseHandler[Any, Any, Any]]]:
        """The steps' handlers, by state, for the flow's ConversationHandler."""
        return {
            ORGANISATION: [self.buttons.organisation.handler(self.on_organisation)],
            AUDIENCE: [self.buttons.audience.handler(self.on_audience)],
            PICK: [
                self.buttons.category.handler(self.on_pick),
                self.buttons.opportunity.handler(self.on_pick),
                self.buttons.months.handler(self.on_pick),
                MessageHandler(_TYPED, self.on_typed_pick),
            ],
        }
