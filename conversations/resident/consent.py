"""Consent asked at the first tap that stores something, and that tap going on right after.

The consent button (``okc:<language>:<action>:<arguments>``, made by
:func:`conversations.resident.welcome.consent_screen`) carries the tap that asked for it. Its
"Yes" stores the resident and runs that step at once: the sign-up is made, the list of sign-ups
shown, and so on. Only the steps in :data:`GOES_ON` can be carried; a button with anything
else (forged, or mangled) gets the stale-button answer and stores nothing.
"""

from __future__ import annotations

import logging
import re

from telegram import Update

from conversations import actions
from conversations.actions import Callback, unpack
from conversations.resident import interests, mine, series, settings, signup
from conversations.resident.access import ResidentStep
from conversations.resident.onboarding import consent_given
from conversations.ui.context import Context
from conversations.ui.replying import answer, translator, user_id

log = logging.getLogger(__name__)

# What may go on after consent: the steps that ask for it, by the action that leads there.
GOES_ON: dict[str, tuple[actions.Action, ResidentStep]] = {
    action.code: (action, step)
    for action, step in (
        (actions.SIGN_UP, signup.on_sign_up),
        (actions.JOIN_WAITLIST, signup.on_sign_up),
        (actions.INTERESTED, signup.on_interest),
        (actions.JOIN_SERIES, series.on_join),
        (actions.MINE, mine.on_mine),
        (actions.SETTINGS, settings.show_settings),
        (actions.INTERESTS, interests.on_interests),
    )
}


def carried(cb: Callback | None) -> tuple[ResidentStep, Callback] | None:
    """The step and the tap a consent button carries; None when it is not one we made."""
    if cb is None or len(cb.args) < 2:
        return None
    found = GOES_ON.get(cb.args[1])
    if found is None:
        return None
    action, step = found
    tap = Callback(action.code, cb.args[2:])
    try:
        data = actions.pack(tap.action, *tap.args)
    except ValueError:
        return None
    return (step, tap) if re.match(action.pattern, data) else None


async def on_consent_then(update: Update, context: Context) -> None:
    """ "Yes, I agree" asked at a step: the resident is stored, then that step goes on."""
    going_on = carried(unpack(update.callback_query.data if update.callback_query else None))
    if going_on is None:
        log.info("forged consent button from user %s", user_id(update))
        t = await translator(update, context)
        await answer(
            update, t._("This button no longer works. Type /start to begin again."), alert=True
        )
        return
    given = await consent_given(update, context, thank=False)
    if given is None:
        return
    resident, t, _ = given
    step, tap = going_on
    await step.go_on(update, context, resident, t, tap)
