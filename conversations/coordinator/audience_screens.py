"""The screens of choosing who gets a message or a question: on whose behalf, which audience,
and its kind of work, opportunity or months. /broadcast and /poll show them with their own
buttons (:class:`Buttons`) and heading."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import N_, Translator
from bot.services import audiences, broadcasts
from bot.services.audiences import Audience
from conversations.actions import Action
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, cancel_button
from conversations.ui.replying import esc

ORGANISATION, AUDIENCE = "org", "audience"
ALL_ORGANISATIONS = broadcasts.ALL_ORGANISATIONS
MAX_BUTTON = 48

Button = tuple[str, str]
Rows = list[list[Button]]

AUDIENCE_LABELS = {
    audiences.EVERYONE: N_("👥 Everyone who gets news"),
    audiences.CATEGORY: N_("❤️ People who like a kind of work"),
    audiences.OPPORTUNITY: N_("📋 People signed up for an opportunity"),
    audiences.VOLUNTEERS: N_("🙌 People who volunteered recently"),
    audiences.STAFF: N_("🧑‍💼 Coordinators and staff of the network"),
    audiences.TOGETHER: N_("🤝 Volunteers and staff together"),
}


@dataclass(frozen=True)
class Buttons:
    """The actions a flow's audience buttons carry (each flow takes its own)."""

    organisation: Action
    audience: Action
    category: Action
    opportunity: Action
    months: Action
    back: Action
    stop: Action

    def cancel(self, t: Translator) -> Button:
        return cancel_button(t, self.stop.data())

    def back_to(self, t: Translator, to: str) -> Button:
        return back_button(t, self.back.data(to))


def organisation_screen(
    t: Translator,
    heading: str,
    buttons: Buttons,
    organisations: list[tuple[int, str]],
    admin: bool,
) -> tuple[str, Rows]:
    text = t._(heading) + "\n\n" + t._("On behalf of whom?")
    rows: Rows = [
        [(clip(name, MAX_BUTTON), buttons.organisation.data(org_id))]
        for org_id, name in organisations
    ]
    if admin:
        everyone = t._("🌐 Meedoen (all organisations)")
        rows.append([(everyone, buttons.organisation.data(ALL_ORGANISATIONS))])
    rows.append([buttons.cancel(t)])
    return text, rows


def audience_screen(
    t: Translator,
    heading: str,
    buttons: Buttons,
    kinds: tuple[str, ...],
    choose_organisation: bool,
) -> tuple[str, Rows]:
    text = t._(heading) + "\n\n" + t._("Who should get it?")
    rows: Rows = [[(t._(AUDIENCE_LABELS[kind]), buttons.audience.data(kind))] for kind in kinds]
    last = [buttons.back_to(t, ORGANISATION)] if choose_organisation else []
    rows.append([*last, buttons.cancel(t)])
    return text, rows


def audience_line(t: Translator, audience: Audience, name: str | None) -> str:
    if audience.kind == audiences.CATEGORY:
        return t._("people who like “{name}”").format(name=esc(name or "?"))
    if audience.kind == audiences.OPPORTUNITY:
        return t._("people signed up for “{name}”").format(name=esc(name or "?"))
    if audience.kind == audiences.VOLUNTEERS:
        return t.ngettext(
            "people who volunteered in the last {n} month",
            "people who volunteered in the last {n} months",
            audience.value or 0,
        ).format(n=audience.value)
    if audience.kind == audiences.STAFF:
        return t._("the coordinators and staff of the network")
    if audience.kind == audiences.TOGETHER:
        return t._("volunteers of the last 12 months and the staff of the network")
    return t._("everyone who gets news")


def category_pick_screen(
    t: Translator, buttons: Buttons, found: list[tuple[int, str, int]]
) -> tuple[str, Rows]:
    """Which kind of work, each with how many people like it."""
    text = t._("Which kind of work? (the number: how many people like it)")
    rows: Rows = [
        [(clip(f"{name} ({n})", MAX_BUTTON), buttons.category.data(cat_id))]
        for cat_id, name, n in found
    ]
    if not found:
        text = t._("There are no kinds of work yet.")
    return text, [*rows, [buttons.back_to(t, AUDIENCE), buttons.cancel(t)]]


def opportunity_pick_screen(
    t: Translator, buttons: Buttons, found: list[tuple[int, str]]
) -> tuple[str, Rows]:
    """Which opportunity: everyone signed up for it (or waiting) gets the message."""
    text = t._("Which opportunity? Everyone signed up for it (or on its waitlist) gets it.")
    rows: Rows = [
        [(clip(title, MAX_BUTTON), buttons.opportunity.data(opp_id))] for opp_id, title in found
    ]
    if not found:
        text = t._("There are no open opportunities.")
    return text, [*rows, [buttons.back_to(t, AUDIENCE), buttons.cancel(t)]]


def months_pick_screen(t: Translator, buttons: Buttons) -> tuple[str, Rows]:
    """People who volunteered in the last 3, 6 or 12 months."""
    months = [
        (t.ngettext("{n} month", "{n} months", n).format(n=n), buttons.months.data(n))
        for n in audiences.MONTHS
    ]
    return t._("Who volunteered in the last …"), [
        months,
        [buttons.back_to(t, AUDIENCE), buttons.cancel(t)],
    ]
