"""/neighbourhoods: the administrators set the neighbourhoods of the area.

Residents may then say where they live (/settings, and once after a first sign-up), so the
figures can show where the network reaches people. The list is alphabetical, a page at a time;
a neighbourhood's screen renames or removes it (removing leaves its residents without one, and
asks once). "➕ Add" takes a typed name, or several, one a line; the ``publish`` conversation
waits for it (:mod:`conversations.coordinator.drafting`), as it does for a new name.
A spreadsheet does the same from the command line: ``python -m bot neighbourhoods FILE``.

Only administrators: every tap checks again on the server. Callback actions: ``knb:<page>`` the
list, ``knbd:<id>`` one, ``knba`` add, ``knbr:<id>`` rename, ``knbx:<id>`` / ``knbxy:<id>``
remove (ask, do).
"""

from __future__ import annotations

from telegram import Update

from bot.i18n import N_, Translator
from bot.services import neighbourhoods
from bot.services.neighbourhoods import MAX_NEIGHBOURHOOD, Added, Invalid, Neighbourhood
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator import steps
from conversations.coordinator.guard import (
    Rows,
    coordinator_only,
    needed,
    number,
    problem,
    show_listing,
    show_screen,
    show_with_back,
    step,
    tell,
    text_of,
)
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, coordinator_menu_button
from conversations.ui.replying import answer, esc, translator

NEIGHBOURHOOD_NAME = "neighbourhood_name"  # the conversation's state: a name is typed
PAGE_SIZE = 12
LABEL = 28  # characters of a name on a button, two side by side
NAMES_SHOWN = 10  # names in the note after adding; a pasted column may hold hundreds


def neighbourhoods_button(t: Translator) -> tuple[str, str]:
    """The way in for the administrators' part of the coordinator menu."""
    return (t._("🏘 Neighbourhoods"), actions.NEIGHBOURHOODS.data(0))


# -- the list ------------------------------------------------------------------------------------
async def show_list(
    update: Update,
    context: Context,
    role: Role,
    page: int = 0,
    *,
    note: str | None = None,
    new_message: bool = False,
) -> None:
    t = await translator(update, context)
    found = await neighbourhoods.managed_page(context.deps.db, role, page, PAGE_SIZE)
    head = [
        t._("🏘 <b>Neighbourhoods</b> ({n})").format(n=found.total),
        t._(
            "Residents may say where they live: in /settings, and once after their first "
            "sign-up. They don't have to. The figures then show where you reach people."
        ),
    ]
    body = ["", *(f"{i}. {esc(n.name)}" for i, n in found.numbered())] if found.items else []
    buttons = [(clip(n.name, LABEL), actions.NEIGHBOURHOOD.data(n.id)) for n in found.items]
    rows: Rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([(t._("➕ Add"), actions.ADD_NEIGHBOURHOOD.data())])
    await show_listing(
        update,
        t,
        found,
        action=actions.NEIGHBOURHOODS,
        head="\n\n".join(head),
        hint=t._("Tap a neighbourhood to rename or remove it."),
        empty=t._(
            "There are no neighbourhoods yet, so residents are not asked. "
            "Tap ➕ Add and type the names, or paste a column from a spreadsheet."
        ),
        body=body,
        rows=rows,
        note=note,
        new_message=new_message,
    )


@coordinator_only("neighbourhoods", admin=True)
async def neighbourhoods_command(update: Update, context: Context, role: Role) -> None:
    """/neighbourhoods (and ``knb:<page>``): the list, with ➕ Add."""
    await answer(update)
    fresh = update.callback_query is None
    await show_list(update, context, role, number(update) or 0, new_message=fresh)


# -- one neighbourhood ---------------------------------------------------------------------------
async def show_one(
    update: Update,
    context: Context,
    role: Role,
    neighbourhood_id: int,
    *,
    note: str | None = None,
    new_message: bool = False,
) -> None:
    t = await translator(update, context)
    found = await neighbourhoods.one(context.deps.db, role, neighbourhood_id)
    text = t._("🏘 <b>{name}</b>\n\nWhat do you want to do?").format(name=esc(found.name))
    rows: Rows = [
        [
            (t._("✏️ Rename"), actions.RENAME_NEIGHBOURHOOD.data(found.id)),
            (t._("🗑 Remove"), actions.ASK_REMOVE_NEIGHBOURHOOD.data(found.id)),
        ],
        [back_button(t, actions.NEIGHBOURHOODS.data(0)), coordinator_menu_button(t)],
    ]
    await answer(update)
    await show_screen(update, text, rows, note=note, new_message=new_message)


@coordinator_only("neighbourhoods", admin=True)
async def on_neighbourhood(update: Update, context: Context, role: Role) -> None:
    """``knbd:<id>``: its name, and Rename / Remove."""
    await show_one(update, context, role, needed(update))


@coordinator_only("neighbourhoods", admin=True)
async def ask_remove(update: Update, context: Context, role: Role) -> None:
    """``knbx:<id>``: remove it? (asked once)."""
    t = await translator(update, context)
    found = await neighbourhoods.one(context.deps.db, role, needed(update))
    text = t._(
        "Remove <b>{name}</b>?\n\nResidents who chose it then have no neighbourhood. "
        "They can choose another one in /settings."
    ).format(name=esc(found.name))
    sure = [(t._("🗑 Yes, remove"), actions.REMOVE_NEIGHBOURHOOD.data(found.id))]
    await show_with_back(update, t, text, sure, back=actions.NEIGHBOURHOOD.data(found.id))


@coordinator_only("neighbourhoods", admin=True)
async def remove(update: Update, context: Context, role: Role) -> None:
    """``knbxy:<id>``: removed; the list again."""
    t = await translator(update, context)
    gone = await neighbourhoods.remove(context.deps.db, role, needed(update))
    await answer(update, t._("Removed."))
    note = t._("✔️ Removed: <b>{name}</b>.").format(name=esc(gone.name))
    await show_list(update, context, role, note=note)


# -- a typed name: a new one (or several), or a new name -----------------------------------------
@step("neighbourhoods", admin=True)
async def ask_name(update: Update, context: Context, role: Role) -> str:
    """``knba``: the name of a new neighbourhood is typed next (or several, one a line)."""
    t = await translator(update, context)
    steps.fresh(context, mode="neighbourhood", step=NEIGHBOURHOOD_NAME, neighbourhood=None)
    text = t._(
        "➕ <b>Add a neighbourhood</b>\n\nType its name, at most {limit} characters. "
        "Several at once? Put each name on a line of its own, or paste a column from a "
        "spreadsheet."
    ).format(limit=MAX_NEIGHBOURHOOD)
    await show_with_back(update, t, text, back=actions.NEIGHBOURHOODS.data(0))
    return NEIGHBOURHOOD_NAME


@step("neighbourhoods", admin=True)
async def ask_rename(update: Update, context: Context, role: Role) -> str:
    """``knbr:<id>``: its new name is typed next."""
    t = await translator(update, context)
    found = await neighbourhoods.one(context.deps.db, role, needed(update))
    steps.fresh(context, mode="neighbourhood", step=NEIGHBOURHOOD_NAME, neighbourhood=found.id)
    text = t._(
        "✏️ <b>Rename {name}</b>\n\nType the new name, at most {limit} characters. "
        "Residents who chose it keep it."
    ).format(name=esc(found.name), limit=MAX_NEIGHBOURHOOD)
    await show_with_back(update, t, text, back=actions.NEIGHBOURHOOD.data(found.id))
    return NEIGHBOURHOOD_NAME


@step("neighbourhoods", admin=True)
async def on_name(update: Update, context: Context, role: Role) -> int | None:
    """The typed name(s): added, or the new name; a name that is empty, too long or taken is
    explained and the step waits for another."""
    t = await translator(update, context)
    d = context.deps
    target = steps.draft(context).get("neighbourhood")
    renamed: Neighbourhood | None = None
    added: Added | None = None
    try:
        if isinstance(target, int):
            renamed = await neighbourhoods.rename(d.db, role, target, text_of(update))
        else:
            added = await neighbourhoods.add(d.db, role, text_of(update), d.clock.now())
    except Invalid as exc:
        if exc.reason == "taken":
            await tell(update, t, t._("There is already a neighbourhood with this name."))
            return None
        if exc.reason != "missing":
            raise  # explained (empty, too long); the step waits
        steps.forget(context)
        await tell(update, t, problem(t, exc.reason))
        await show_list(update, context, role, new_message=True)
        return steps.END
    steps.forget(context)
    if renamed is not None:
        note = t._("✔️ Renamed: <b>{name}</b>.").format(name=esc(renamed.name))
        await show_one(update, context, role, renamed.id, note=note, new_message=True)
    elif added is not None:
        await show_list(update, context, role, note=_added_note(t, added), new_message=True)
    return steps.END


def _added_note(t: Translator, added: Added) -> str:
    """What was added and what was there already; a long paste names the first few of each,
    so the screen under the note still fits in one message."""

    def said(template: str, found: list[str]) -> list[str]:
        if not found:
            return []
        names = ", ".join(f"<b>{esc(name)}</b>" for name in found[:NAMES_SHOWN])
        lines = [t._(template).format(names=names)]
        if len(found) > NAMES_SHOWN:
            lines.append(t._("…and {n} more.").format(n=t.number(len(found) - NAMES_SHOWN)))
        return lines

    return "\n".join(
        said(N_("✔️ Added: {names}."), added.added)
        + said(N_("Already on the list: {names}."), added.already)
    )
