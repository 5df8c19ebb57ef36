"""Signing up for a shift (or its waitlist) and saying "I am interested" in an ongoing role.

The rules are in ``bot.signups``; here the screens: a confirm screen, the confirmation with the
date written out and a calendar file, the waitlist offer when a shift is full.

Callback actions: ``su:<shift>`` the confirm screen, ``sc:<shift>`` sign up, ``sw:<shift>`` go
on the waitlist, ``ri:<opportunity>`` interested in an ongoing role. Bringing someone along
(family, a friend) costs no extra step: under "Yes, sign me up" the confirm screen has
"👥 +1", "+2", "+3" (``sc:<shift>:<brought>``), and the party takes that many places more.
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.i18n import Translator
from bot.services import calendar_entries, finding, leads, signups
from bot.services.leads import InterestResult, InterestStatus
from bot.services.residents import Resident
from bot.services.signups import SignUpResult, SignUpStatus
from conversations import actions
from conversations.actions import Callback
from conversations.resident import interests as interest_screens
from conversations.resident import neighbourhood
from conversations.resident.access import for_everyone, for_residents
from conversations.resident.browse import shift_details, show_not_available
from conversations.resident.calendar import send_calendar_file
from conversations.ui.context import Context
from conversations.ui.navigation import back_button, menu_button
from conversations.ui.replying import answer, esc, keyboard, present, user_id

log = logging.getLogger(__name__)


BRING_CHOICES = (1, 2, 3)  # "+1", "+2", "+3": how many people a resident may bring along


def mine_button(t: Translator) -> tuple[str, str]:
    return (t._("📋 My sign-ups"), actions.MINE.data())


def bringing(t: Translator, places: int) -> str:
    """ "You bring 2 people along." for a party of 3 places."""
    n = places - 1
    return t.ngettext("👥 You bring {n} person along.", "👥 You bring {n} people along.", n).format(
        n=n
    )


def _party_row(action: actions.Action, shift_id: int, mark: str) -> list[tuple[str, str]]:
    return [(f"{mark} +{n}", action.data(shift_id, n)) for n in BRING_CHOICES]


# -- the confirm screen --------------------------------------------------------------------------
@for_everyone()
async def on_choose_shift(update: Update, context: Context, t: Translator, tap: Callback) -> None:
    """A date was chosen: ask to confirm, or offer the waitlist when it is full (someone who
    has not consented yet sees it too: consent is asked at "Yes, sign me up")."""
    shift_id = tap.number(0) or 0
    d = context.deps
    shift, mine = await finding.shift_and_place(d.db, shift_id, user_id(update), language=t.locale)
    if shift is None or not shift.can_be_chosen(d.clock.now()):
        await show_not_available(update, t)
        return
    card = await finding.opportunity_card(
        d.db, shift.opportunity.id, d.clock.now(), language=t.locale
    )
    back = back_button(  # with one date there is no list of dates to go back to
        t,
        actions.OPPORTUNITY.data(shift.opportunity.id)
        if card.dates == 1
        else actions.SHIFTS.data(shift.opportunity.id, 0),
    )
    details = shift_details(t, shift)
    if mine is not None:
        text = details + "\n\n" + _already_text(t, mine.status)
        await present(update, text, keyboard([mine_button(t)], [back, menu_button(t)]))
    elif shift.free > 0:
        text = (
            t._("<b>Do you want to sign up for this?</b>")
            + "\n\n"
            + details
            + "\n\n"
            + t._("Do you bring someone along (family, a friend)? Tap +1, +2 or +3.")
        )
        rows = [
            [(t._("✅ Yes, sign me up"), actions.SIGN_UP.data(shift.id))],
            _party_row(actions.SIGN_UP, shift.id, "👥"),
            [back, menu_button(t)],
        ]
        await present(update, text, keyboard(*rows))
    else:
        await show_waitlist_offer(update, t, shift)


def _already_text(t: Translator, status: str | None) -> str:
    if status == "waitlisted":
        return t._("⏳ You are on the waitlist for this date already.")
    return t._("✅ You are signed up for this date already.")


async def show_waitlist_offer(
    update: Update, t: Translator, shift: finding.Shift, places: int = 1
) -> None:
    """The waitlist, offered when the date is full, or has too few places for a party."""
    back = [back_button(t, actions.SHIFTS.data(shift.opportunity.id, 0)), menu_button(t)]
    if places > 1 and shift.free > 0:
        text = (
            shift_details(t, shift)
            + "\n\n"
            + t.ngettext(
                "😕 Only {free} place is left: not enough for {n} people.",
                "😕 Only {free} places are left: not enough for {n} people.",
                shift.free,
            ).format(free=shift.free, n=places)
            + " "
            + t._(
                "Do you want to go on the waitlist together? You move up when there is room "
                "for all of you. Or sign up on your own."
            )
        )
        rows = [
            [(t._("⏳ Waitlist for us all"), actions.JOIN_WAITLIST.data(shift.id, places - 1))],
            [(t._("✅ Only me"), actions.SIGN_UP.data(shift.id))],
            back,
        ]
        await present(update, text, keyboard(*rows))
        return
    text = (
        shift_details(t, shift)
        + "\n\n"
        + t._(
            "😕 This date is full. Do you want to go on the waitlist? "
            "When a place comes free, you get it and we send you a message."
        )
    )
    if places > 1:
        rows = [
            [(t._("⏳ Waitlist for us all"), actions.JOIN_WAITLIST.data(shift.id, places - 1))],
            back,
        ]
    else:
        rows = [
            [(t._("⏳ Put me on the waitlist"), actions.JOIN_WAITLIST.data(shift.id))],
            _party_row(actions.JOIN_WAITLIST, shift.id, "⏳"),
            back,
        ]
    await present(update, text, keyboard(*rows))


# -- signing up ----------------------------------------------------------------------------------
@for_residents(answer_first=False)
async def on_sign_up(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    """Sign up (``sc``, "Yes, sign me up") or join the waitlist (``sw``)."""
    waitlist = tap.action == actions.JOIN_WAITLIST.code
    shift_id = tap.number(0) or 0
    brought = tap.number(1) or 0
    d = context.deps
    now = d.clock.now()
    result = await signups.sign_up(
        d.db,
        shift_id=shift_id,
        resident_id=resident.id,
        now=now,
        rules=d.rules,
        waitlist=waitlist,
        brought=brought,
    )
    shift = await finding.shift(d.db, shift_id, language=t.locale)
    if result.status is SignUpStatus.CLOSED or shift is None:
        await answer(update)
        await show_not_available(update, t)
        return
    if result.status is SignUpStatus.ALREADY:
        # A double tap, or an old screen: nothing changed; say so without a new screen.
        await answer(update, _already_text(t, result.existing_status), alert=True)
        return
    if result.status is SignUpStatus.FULL:
        if result.free > 0:
            note = t._("Sorry, there are not enough places left for {n} people.")
            await answer(update, note.format(n=result.places), alert=True)
        else:
            await answer(update, t._("Sorry, the last place was just taken."), alert=True)
        await show_waitlist_offer(update, t, shift, result.places)
        return
    await answer(update)
    await _show_result(update, t, shift, result)
    if result.status is SignUpStatus.WAITLISTED:
        return
    assert result.signup_id is not None
    entry = calendar_entries.entry(shift, result.signup_id, signed_up_at=now)
    await send_calendar_file(update, context, t, entry)
    # After a first sign-up: which kinds of work they like, then (after those, or now) where
    # they live; each asked once (see conversations.resident.interests and .neighbourhood).
    if not await interest_screens.offer_interests_once(update, context, resident.id):
        await neighbourhood.ask_once(update, context, resident.id)


async def _show_result(
    update: Update, t: Translator, shift: finding.Shift, result: SignUpResult
) -> None:
    """ "You are signed up!" or "You are on the waitlist", with the party if they bring people."""
    party = "\n\n" + bringing(t, result.places) if result.places > 1 else ""
    if result.status is SignUpStatus.WAITLISTED:
        text = (
            t._("⏳ <b>You are on the waitlist</b> (number {n}).").format(
                n=result.waitlist_position
            )
            + "\n\n"
            + shift_details(t, shift)
            + party
            + (" " + t._("You move up when there is room for all of you.") if party else "")
            + "\n\n"
            + t._("When a place comes free, you get it and we send you a message.")
        )
        await present(update, text, keyboard([mine_button(t)], [menu_button(t)]))
        return
    text = (
        t._("✅ <b>You are signed up!</b>")
        + "\n\n"
        + shift_details(t, shift)
        + party
        + (
            " " + t._("We keep {places} places for you.").format(places=result.places)
            if party
            else ""
        )
        + "\n\n"
        + t._("Can't come after all? Cancel under /mine, so someone else can go.")
    )
    await present(update, text, keyboard([mine_button(t)], [menu_button(t)]))


# -- ongoing roles -------------------------------------------------------------------------------
@for_residents(answer_first=False)
async def on_interest(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    """Interest in an ongoing role: recorded once, the coordinators are told at once."""
    opportunity_id = tap.number(0) or 0
    d = context.deps
    result = await leads.express_interest(
        d.db,
        opportunity_id=opportunity_id,
        resident_id=resident.id,
        coordinator_ids=d.settings.coordinator_ids,
        now=d.clock.now(),
    )
    await answer(update)
    await show_interest(update, context, t, opportunity_id, result)


async def show_interest(
    update: Update, context: Context, t: Translator, opportunity_id: int, result: InterestResult
) -> None:
    """After "I am interested": thank you, and what happens next (or: no longer available)."""
    if result.status is InterestStatus.CLOSED:
        await show_not_available(update, t)
        return
    d = context.deps
    if result.notified:
        d.kick()
    opportunity = await finding.opportunity(d.db, opportunity_id, language=t.locale)
    organisation = esc(opportunity.organisation if opportunity else "")
    if result.status is InterestStatus.ALREADY:
        first = t._("You told us already that you are interested. Thank you!")
    else:
        first = t._("👍 Thank you! We have passed it on.")
    text = (
        first
        + "\n\n"
        + t._(
            "<b>What happens next?</b> A coordinator of {organisation} sends you a message here "
            "in Telegram. Together you see if it suits you. You don't need to do anything now."
        ).format(organisation=organisation)
    )
    rows = [[(t._("🔎 Find more"), actions.CATEGORIES.data())], [menu_button(t)]]
    await present(update, text, keyboard(*rows))
