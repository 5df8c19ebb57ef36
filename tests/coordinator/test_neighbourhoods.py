"""/neighbourhoods, the administrators' list of the area's neighbourhoods: added by typing (one
or several, one a line; a name that is there already is not added twice), renamed, removed
(which leaves its residents without one). Names with markup are shown escaped; a name too long
is refused with the limit and the text given back. Coordinators and residents are refused,
and forged or stale buttons change nothing."""

from __future__ import annotations

from bot.sandbox.harness import BotHarness, Person
from tests.support.chat import STICKER, tap
from tests.support.neighbourhoods import neighbourhood_of, set_neighbourhoods
from tests.support.people import ADMIN, make_coordinator, make_resident, one

ONLY_ADMINS = "Sorry, only administrators can do this."
MARKUP = "<b>Zuid</b> & Noord 🌳"


async def names(harness: BotHarness) -> list[str]:
    async with harness.deps.db.read() as conn:
        sql = "SELECT name FROM neighbourhoods ORDER BY name COLLATE NOCASE"
        return [row[0] for row in await conn.execute_fetchall(sql)]


async def id_of(harness: BotHarness, name: str) -> int:
    row = await one(harness, "SELECT id FROM neighbourhoods WHERE name = ?", name)
    assert row is not None, name
    return int(row[0])


async def admin_of(harness: BotHarness) -> Person:
    admin = harness.person(ADMIN, "Ada", "en")
    await admin.send("/neighbourhoods")
    return admin


async def test_admin_adds_renames_and_removes_from_the_coordinator_menu(
    harness: BotHarness,
) -> None:
    admin = harness.person(ADMIN, "Ada", "en")
    await admin.send("/roster")
    await admin.click("Coordinator menu")
    await admin.click("🏘 Neighbourhoods")
    assert "Neighbourhoods (0)" in admin.last_text()
    assert "There are no neighbourhoods yet, so residents are not asked." in admin.last_text()

    # Several at once, one a line; a name twice (whatever its capitals) is one.
    await admin.click("➕ Add")
    assert "Add a neighbourhood" in admin.last_text() and "at most 60" in admin.last_text()
    await admin.send("Oost\nWest\n\n  oost \n   Centrum   ")
    screen = admin.last_text()
    assert "✔️ Added: Oost, West, Centrum." in screen
    assert "Already on the list" not in screen
    assert "Neighbourhoods (3)" in screen
    assert "1. Centrum\n2. Oost\n3. West" in screen
    assert admin.buttons()[:3] == ["Centrum", "Oost", "West"]
    assert await names(harness) == ["Centrum", "Oost", "West"]

    # Again: what is there already is named, not added twice.
    await admin.click("➕ Add")
    await admin.send("WEST\nNoord")
    assert "✔️ Added: Noord." in admin.last_text()
    assert "Already on the list: West." in admin.last_text()
    assert await names(harness) == ["Centrum", "Noord", "Oost", "West"]

    # A resident lives in Oost; renaming it keeps them there.
    sam = await make_resident(harness, 501, "Sam", "en")
    await sam.send("/settings")
    await sam.click("🏘 Neighbourhood")
    await tap(sam, "Oost")
    assert await neighbourhood_of(harness, 501) == "Oost"

    await admin.click("Oost")
    assert "Oost\n\nWhat do you want to do?" in admin.last_text()
    await admin.click("✏️ Rename")
    assert "Rename Oost" in admin.last_text()
    await admin.send("west")  # taken, whatever the capitals: the step waits
    assert admin.last_text() == "There is already a neighbourhood with this name."
    await admin.send("Oost-Centrum")
    assert "✔️ Renamed: Oost-Centrum." in admin.last_text()
    assert await neighbourhood_of(harness, 501) == "Oost-Centrum"
    # A change of capitals only is a rename of the same neighbourhood, not "taken".
    await admin.click("✏️ Rename")
    await admin.send("OOST-centrum")
    assert "✔️ Renamed: OOST-centrum." in admin.last_text()

    # Removing asks once; the resident is left without one.
    await admin.click("🗑 Remove")
    assert "Remove OOST-centrum?" in admin.last_text()
    assert "Residents who chose it then have no neighbourhood." in admin.last_text()
    answer = await admin.click("🗑 Yes, remove")
    assert answer["text"] == "Removed."
    assert "✔️ Removed: OOST-centrum." in admin.last_text()
    assert "Neighbourhoods (3)" in admin.last_text()
    assert await names(harness) == ["Centrum", "Noord", "West"]
    assert await neighbourhood_of(harness, 501) is None
    assert await one(harness, "SELECT id FROM residents WHERE id = 501") is not None
    await sam.send("/settings")
    assert "Neighbourhood: not chosen" in sam.last_text()


async def test_markup_long_names_and_stickers_are_handled_kindly(harness: BotHarness) -> None:
    admin = await admin_of(harness)
    await admin.click("➕ Add")
    await admin.send(MARKUP)
    assert MARKUP in admin.last_text()  # as typed, for the eye
    assert "&lt;b&gt;Zuid&lt;/b&gt; &amp; Noord 🌳" in admin.last()["text"]  # escaped
    assert MARKUP in admin.buttons()
    assert await names(harness) == [MARKUP]

    # Too long (61 characters, or 5000): the limit, the text back, and the step waits.
    await admin.click("➕ Add")
    await admin.send("x" * 61)
    assert "at most 60 characters (yours has 61)" in admin.last_text()
    await admin.send("Bijna goed\n" + "y" * 5000)
    assert "at most 60 characters (yours has 5000)" in admin.last_text()
    assert len(admin.last()["text"]) <= 4096
    # A sticker is no name: a kind answer, and the step still waits for one.
    await admin.send(sticker=STICKER)
    assert "Sorry, I don't understand that." in admin.last_text()
    await admin.send("Lang genoeg")
    assert "✔️ Added: Lang genoeg." in admin.last_text()
    assert await names(harness) == [MARKUP, "Lang genoeg"]

    # A name is kept on one line; its spaces tidied.
    await admin.click("Lang genoeg")
    await admin.click("✏️ Rename")
    await admin.send("  Lang    en   breed ")
    assert "✔️ Renamed: Lang en breed." in admin.last_text()


async def test_coordinators_and_residents_are_refused(harness: BotHarness) -> None:
    await set_neighbourhoods(harness, "Oost")
    oost = await id_of(harness, "Oost")
    coco, _ = await make_coordinator(harness, 701, "Bibliotheek Midden", "en")
    sam = await make_resident(harness, 702, "Sam", "en")
    for person in (coco, sam):
        await person.send("/neighbourhoods")
        assert person.last_text() == ONLY_ADMINS
        for data in (
            "1:knb:0",
            f"1:knbd:{oost}",
            "1:knba",
            f"1:knbr:{oost}",
            f"1:knbx:{oost}",
            f"1:knbxy:{oost}",
        ):
            answer = await person.click_data(data)
            assert answer.get("text") == ONLY_ADMINS, (person.id, data)
        await person.send("Nieuwe wijk")  # nothing waits for a name
    assert await names(harness) == ["Oost"]
    # The coordinator menu shows the way in to administrators only.
    await coco.send("/roster")
    await coco.click("Coordinator menu")
    assert "🏘 Neighbourhoods" not in coco.buttons()
    admin = harness.person(ADMIN, "Ada", "en")
    await admin.send("/roster")
    await admin.click("Coordinator menu")
    assert "🏘 Neighbourhoods" in admin.buttons()


async def test_forged_and_stale_buttons_change_nothing(harness: BotHarness) -> None:
    await set_neighbourhoods(harness, "Oost", "West")
    admin = await admin_of(harness)
    await admin.click("West")
    _, rename = admin.find_button("✏️ Rename")  # the screen is changed in place below
    await admin.click("🗑 Remove")
    await admin.click("🗑 Yes, remove")
    assert await names(harness) == ["Oost"]
    # The old screen's buttons, and made-up numbers: "this no longer exists".
    for data in ("1:knbd:999", "1:knbxy:999", "1:knbx:999"):
        answer = await admin.click_data(data)
        assert answer.get("text") == "This no longer exists.", data
    answer = await admin.click_data(rename)
    assert answer.get("text") == "This no longer exists."
    await admin.send("Westwijk")  # the rename did not start: nothing waits for a name
    assert await names(harness) == ["Oost"]
    for data in ("1:knbd", "1:knbxy:1:2", "1:knbd:<b>"):
        answer = await admin.click_data(data)
        assert "no longer works" in answer.get("text", ""), data
    assert await names(harness) == ["Oost"]


async def test_renaming_one_removed_meanwhile_says_so(harness: BotHarness) -> None:
    await set_neighbourhoods(harness, "Oost")
    admin = await admin_of(harness)
    await admin.click("Oost")
    await admin.click("✏️ Rename")
    async with harness.deps.db.transaction() as conn:  # another administrator removes it
        await conn.execute("DELETE FROM neighbourhoods")
    await admin.send("Oost-Centrum")
    texts = [m.get("text", "") for m in admin.messages()[-2:]]
    assert texts[0] == "This no longer exists."
    assert "Neighbourhoods (0)" in admin.last_text()
    assert await names(harness) == []


async def test_a_long_pasted_column_fits_and_the_step_ends(harness: BotHarness) -> None:
    """165 names at once (a whole city's column): all added, the note names the first ten and
    the screen fits in one message (the stand-in refuses more than 4096 characters); the next
    message is no longer taken for a name."""
    admin = harness.person(ADMIN, "Ada", "nl")
    await admin.send("/neighbourhoods")
    await admin.click("➕ Toevoegen")
    await admin.send("\n".join(f"Wijk nummer {i:03d} aan de rivier" for i in range(165)))
    assert "✔️ Toegevoegd: <b>Wijk nummer 000 aan de rivier</b>" in admin.last()["text"]
    assert "…en nog 155." in admin.last_text()
    assert "Wijken (165)" in admin.last_text()
    assert len(await names(harness)) == 165
    await admin.send("openingstijden")
    assert len(await names(harness)) == 165
