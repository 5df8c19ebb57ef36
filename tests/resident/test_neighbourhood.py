"""Where a resident lives, if they want: chosen in /settings (with "I'd rather not say"), or
asked once after a sign-up (the buttons, or Skip), never again after a skip or a choice, and
only while the area has neighbourhoods. It is in /mydata and erased with the person; a removed
neighbourhood leaves them with none; stale and forged buttons change nothing."""

from __future__ import annotations

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person, visible
from bot.services import neighbourhoods
from bot.store.neighbourhoods import Neighbourhood
from tests.support.catalogue import make_opportunity
from tests.support.chat import double_tap, open_shift, tap
from tests.support.neighbourhoods import asked_at, neighbourhood_of, set_neighbourhoods
from tests.support.people import make_resident, one
from tests.support.traces import traces_of

QUESTION_EN = "One more question, if you like: in which neighbourhood do you live?"
QUESTION_NL = "Nog één vraag, als je wilt: in welke wijk woon je?"


async def button_data(harness: BotHarness, name: str, origin: str = "s") -> str:
    """The data of the button that chooses ``name``, as the screen makes it now."""
    row = await one(harness, "SELECT id, name FROM neighbourhoods WHERE name = ?", name)
    found = Neighbourhood(row[0], row[1])
    return f"1:nbc:{found.id}:{neighbourhoods.check(found)}:{origin}"


async def sign_up(person: Person, title: str, category: str, yes: str) -> None:
    await open_shift(person, title=title, category=category)
    await person.click(yes)


async def two_opportunities(harness: BotHarness, clock: ManualClock) -> None:
    """Reading aloud and a vegetable garden, a date each: two first sign-ups to make."""
    await make_opportunity(harness.deps.db, now=clock.now())
    await make_opportunity(harness.deps.db, now=clock.now(), title="Moestuin", category="Tuinieren")


def asked(person: Person, since: int, question: str = QUESTION_EN) -> int:
    """How many times the question came in the messages after ``since``."""
    return sum(question in visible(m) for m in person.messages()[since:])


async def test_settings_choose_change_and_rather_not_say_in_dutch(harness: BotHarness) -> None:
    anna = await make_resident(harness, 401, "Anna", "nl")
    await anna.send("/settings")
    assert "Wijk" not in anna.last_text()  # no neighbourhoods yet: no row
    assert "🏘 Wijk" not in anna.buttons()

    await set_neighbourhoods(harness, "West", "Oost", "Centrum")
    await anna.send("/settings")
    assert "🏘 Wijk: niet gekozen" in anna.last_text()
    await anna.click("🏘 Wijk")
    assert "In welke wijk woon je?" in anna.last_text()
    assert anna.buttons() == [
        "Centrum",
        "Oost",
        "West",
        "🙈 Zeg ik liever niet",
        "⬅️ Terug",
        "🏠 Menu",
    ]
    answer = await tap(anna, "West")
    assert answer["text"] == "Opgeslagen."
    assert "🏘 Wijk: West" in anna.last_text() and "⚙️ Instellingen" in anna.last_text()
    assert await neighbourhood_of(harness, 401) == "West"

    # Changeable: the one chosen is ticked; another replaces it.
    await anna.click("🏘 Wijk")
    assert "✅ West" in anna.buttons()
    await tap(anna, "Oost")
    assert await neighbourhood_of(harness, 401) == "Oost"

    # /mydata lists it.
    await anna.send("/mydata")
    text = anna.file(anna.documents()[-1]).decode()
    assert "Wijk: Oost" in text

    # "I'd rather not say" clears it; the row says so; /mydata no longer names one.
    await anna.send("/settings")
    await anna.click("🏘 Wijk")
    await anna.click("🙈 Zeg ik liever niet")
    assert "🏘 Wijk: niet gekozen" in anna.last_text()
    assert await neighbourhood_of(harness, 401) is None
    await anna.send("/mydata")
    assert "Wijk:" not in anna.file(anna.documents()[-1]).decode()
    # Back from the buttons goes to /settings.
    await anna.send("/settings")
    await anna.click("🏘 Wijk")
    await anna.click("⬅️ Terug")
    assert "⚙️ Instellingen" in anna.last_text()


async def test_a_long_list_is_paged(harness: BotHarness) -> None:
    names = [f"Wijk {n:02d}" for n in range(1, 24)]  # 23: three pages of ten
    await set_neighbourhoods(harness, *names)
    ben = await make_resident(harness, 402, "Ben", "en")
    await ben.send("/settings")
    await ben.click("🏘 Neighbourhood")
    assert ben.buttons()[:10] == names[:10]
    assert "Wijk 11" not in ben.buttons() and "Next ▶️" in ben.buttons()
    await ben.click("Next ▶️")
    await ben.click("Next ▶️")
    assert ben.buttons()[:3] == names[20:]
    assert "◀️ Previous" in ben.buttons() and "Next ▶️" not in ben.buttons()
    await tap(ben, "Wijk 22")
    assert await neighbourhood_of(harness, 402) == "Wijk 22"
    assert "Neighbourhood: Wijk 22" in ben.last_text()


async def test_asked_once_after_the_first_sign_up_after_the_interests(
    harness: BotHarness, clock: ManualClock
) -> None:
    await two_opportunities(harness, clock)
    await set_neighbourhoods(harness, "Oost", "West")
    kim = await make_resident(harness, 403, "Kim", "nl")
    before = len(kim.messages())
    await sign_up(kim, "Voorlezen in de bibliotheek", "Voorlezen", "Ja, meld me aan")
    # First what they like (one question at a time), then where they live.
    assert "Wil je een bericht als er nieuw vrijwilligerswerk is" in kim.last_text()
    assert asked(kim, before, QUESTION_NL) == 0
    await kim.click("✔️ Klaar")
    assert QUESTION_NL in kim.last_text()
    assert kim.buttons() == ["Oost", "West", "⏭ Overslaan"]
    assert await asked_at(harness, 403) is not None
    answer = await tap(kim, "West")
    assert answer["text"] == "Opgeslagen."
    assert "Dank je wel! Bewaard: West." in kim.last_text()
    assert kim.buttons() == ["🏠 Menu"]
    assert await neighbourhood_of(harness, 403) == "West"

    # A second sign-up: not asked again.
    before = len(kim.messages())
    await sign_up(kim, "Moestuin", "Tuinieren", "Ja, meld me aan")
    assert any("Je bent aangemeld" in visible(m) for m in kim.messages()[before:])
    assert asked(kim, before, QUESTION_NL) == 0


async def test_skip_means_never_asked_again_and_settings_still_work(
    harness: BotHarness, clock: ManualClock
) -> None:
    await two_opportunities(harness, clock)
    await set_neighbourhoods(harness, "Oost", "West")
    # Someone who likes a kind of work already gets no interests offer: the question comes
    # right under the confirmation (and its calendar file).
    lou = await make_resident(harness, 404, "Lou", "en", likes=("Voorlezen",))
    before = len(lou.messages())
    await sign_up(lou, "Voorlezen in de bibliotheek", "Voorlezen", "Yes, sign me up")
    assert QUESTION_EN in lou.last_text()
    assert "You are signed up!" in visible(lou.messages()[-3])
    assert "document" in lou.messages()[-2]
    await double_tap(lou, "⏭ Skip")  # a quick double tap: said once, nothing breaks
    assert "You can still choose your neighbourhood later in /settings." in lou.last_text()
    assert await neighbourhood_of(harness, 404) is None
    assert await asked_at(harness, 404) is not None

    before = len(lou.messages())
    await sign_up(lou, "Moestuin", "Tuinieren", "Yes, sign me up")
    assert asked(lou, before) == 0
    # /settings still offers it.
    await lou.send("/settings")
    assert "Neighbourhood: not chosen" in lou.last_text()
    await lou.click("🏘 Neighbourhood")
    await tap(lou, "Oost")
    assert await neighbourhood_of(harness, 404) == "Oost"
    assert before < len(lou.messages())


async def test_not_asked_without_neighbourhoods_nor_after_a_choice_in_settings(
    harness: BotHarness, clock: ManualClock
) -> None:
    await two_opportunities(harness, clock)
    await make_opportunity(harness.deps.db, now=clock.now(), title="Taalcafé", category="Taal")
    max_ = await make_resident(harness, 405, "Max", "en", likes=("Voorlezen",))
    before = len(max_.messages())
    await sign_up(max_, "Voorlezen in de bibliotheek", "Voorlezen", "Yes, sign me up")
    assert asked(max_, before) == 0  # the area has no neighbourhoods: nothing to ask
    assert "🏘 Neighbourhood" not in " ".join(max_.buttons())
    assert await asked_at(harness, 405) is None

    # Once there are, the next sign-up asks (once).
    await set_neighbourhoods(harness, "Oost")
    before = len(max_.messages())
    await sign_up(max_, "Moestuin", "Tuinieren", "Yes, sign me up")
    assert asked(max_, before) == 1

    # Someone who chose in /settings before any sign-up is never asked.
    noor = await make_resident(harness, 406, "Noor", "en", likes=("Voorlezen",))
    await noor.send("/settings")
    await noor.click("🏘 Neighbourhood")
    await tap(noor, "Oost")
    before = len(noor.messages())
    await sign_up(noor, "Taalcafé", "Taal", "Yes, sign me up")
    assert asked(noor, before) == 0
    assert await neighbourhood_of(harness, 406) == "Oost"


async def test_removed_or_renamed_since_the_button_was_made(harness: BotHarness) -> None:
    await set_neighbourhoods(harness, "Oost", "West", "Zuid")
    ola = await make_resident(harness, 407, "Ola", "en")
    await ola.send("/settings")
    await ola.click("🏘 Neighbourhood")
    old_zuid = await button_data(harness, "Zuid")
    old_west = await button_data(harness, "West")
    await tap(ola, "Zuid")
    assert await neighbourhood_of(harness, 407) == "Zuid"

    # Zuid is removed: Ola is left with none; her old button chooses nothing, even once a new
    # neighbourhood got Zuid's number; she sees the list as it is now.
    async with harness.deps.db.transaction() as conn:
        await conn.execute("DELETE FROM neighbourhoods WHERE name = 'Zuid'")
    assert await neighbourhood_of(harness, 407) is None
    await set_neighbourhoods(harness, "Noord")
    assert (await button_data(harness, "Noord")).split(":")[2] == old_zuid.split(":")[2]
    answer = await ola.click_data(old_zuid)
    assert answer.get("text") == "This neighbourhood is no longer on the list. Please choose again."
    assert await neighbourhood_of(harness, 407) is None
    assert ola.buttons()[:3] == ["Noord", "Oost", "West"]
    await ola.send("/settings")
    assert "Neighbourhood: not chosen" in ola.last_text()

    # West is renamed: the old button chooses nothing; the new list shows the new name.
    async with harness.deps.db.transaction() as conn:
        await conn.execute("UPDATE neighbourhoods SET name = 'Westwijk' WHERE name = 'West'")
    answer = await ola.click_data(old_west)
    assert "no longer on the list" in answer.get("text", "")
    assert "Westwijk" in ola.buttons()
    assert await neighbourhood_of(harness, 407) is None


async def test_forged_buttons_change_nothing(harness: BotHarness) -> None:
    await set_neighbourhoods(harness, "Oost")
    pim = await make_resident(harness, 408, "Pim", "en")
    await pim.send("/settings")
    good = await button_data(harness, "Oost")
    _, _, number, mark, _ = good.split(":")
    for data in (f"1:nbc:999:{mark}:s", f"1:nbc:{number}:00000:s"):
        answer = await pim.click_data(data)
        assert "no longer on the list" in answer.get("text", ""), data
    for data in (
        f"1:nbc:{number}:{mark}:x",
        "1:nb:x:0",
        "1:nb:s:abc",
        "1:nbx:q",
        "1:set:nbh:1",
        f"1:nbc:{number}",
    ):
        answer = await pim.click_data(data)
        assert "no longer works" in answer.get("text", ""), data
    assert await neighbourhood_of(harness, 408) is None
    assert await asked_at(harness, 408) is None

    # Someone who never agreed stores nothing with a forged choice.
    stranger = harness.person(409, "Stan", "en")
    await stranger.send("/start")
    await stranger.click_data(good)
    assert await one(harness, "SELECT id FROM residents WHERE id = 409") is None


async def test_erased_with_the_person(harness: BotHarness) -> None:
    await set_neighbourhoods(harness, "Oost")
    zon = await make_resident(harness, 377, "Zonnebloem", "nl")
    await zon.send("/settings")
    await zon.click("🏘 Wijk")
    await tap(zon, "Oost")
    assert await neighbourhood_of(harness, 377) == "Oost"
    await zon.send("/delete")
    await tap(zon, "🗑 Ja, wis mijn gegevens")
    assert await traces_of(harness, 377, "Zonnebloem") == []
    assert await one(harness, "SELECT name FROM neighbourhoods") is not None  # the area stays
