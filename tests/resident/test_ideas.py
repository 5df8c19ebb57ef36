"""💡 I have an idea, seen from the resident's side: consent comes first; bad input (a sticker,
5000 characters, ``<b>``, a photo without words, typing where a theme is asked, a forged theme,
a double tap) gets a kind answer and stores nothing twice; a restart in between loses nothing;
of two quick status changes only the last is told; /mydata lists the ideas and their answers,
/delete erases them."""

from __future__ import annotations

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person
from bot.services import ideas
from bot.services.roles import role_of
from conversations import actions
from tests.support.chat import PHOTO, STICKER, double_tap, share_idea, tap
from tests.support.outbox import outbox_rows
from tests.support.people import make_coordinator, make_resident, one

LONG = ("<b>Idee</b> & 😊 " * 400)[:5000]


async def ideas_of(harness: BotHarness, resident_id: int) -> list[tuple[object, ...]]:
    async with harness.deps.db.read() as conn:
        sql = "SELECT text, photo, theme, status FROM ideas WHERE resident_id = ? ORDER BY id"
        async with conn.execute(sql, (resident_id,)) as cur:
            return [tuple(row) for row in await cur.fetchall()]


async def start_idea(person: Person, label: str = "💡 Ik heb een idee") -> None:
    await person.send("/start")
    await person.click(label)


async def test_someone_who_has_not_agreed_sees_the_welcome_first(harness: BotHarness) -> None:
    stranger = harness.person(401, "Sam", "en")
    await stranger.send("/idea")
    assert "Welcome to Meedoen" in stranger.last_text()
    assert (await one(harness, "SELECT COUNT(*) FROM ideas"))[0] == 0
    await tap(stranger, "✅ Yes, I agree")
    assert "💡 I have an idea" in stranger.buttons()
    await stranger.click("💡 I have an idea")
    assert "Type your idea" in stranger.last_text()


async def test_bad_input_gets_a_kind_answer_and_what_was_typed_is_kept(
    harness: BotHarness,
) -> None:
    kim = await make_resident(harness, 402, "Kim", "nl")
    await start_idea(kim)
    assert "Typ je idee" in kim.last_text()

    # A sticker: please type; still waiting.
    await kim.send(sticker=STICKER)
    assert "Typ je idee" in kim.last_text()
    # 5000 characters: the limit is said, what was typed is kept; ✂️ takes its first part.
    await kim.send(LONG)
    assert "5000 tekens" in kim.last_text() and "1000" in kim.last_text()
    assert await ideas_of(harness, 402) == []
    await kim.click("✂️")
    assert "Welk thema past het best bij je idee?" in kim.last_text()
    assert "&lt;b&gt;Idee&lt;/b&gt; &amp; 😊" in kim.last()["text"]
    # Typing where a theme is asked: the themes again.
    await kim.send("gezondheid")
    assert "Tik op een thema" in kim.last_text()
    assert "🤷 Weet ik niet" in kim.buttons()
    # A forged theme stores nothing.
    forged = await kim.click_data(actions.IDEA_THEME.data("money"))
    assert forged["text"] == "Tik op een van de thema's."
    assert await ideas_of(harness, 402) == []
    # A double tap stores it once.
    await double_tap(kim, "🤷 Weet ik niet")
    [(text, photo, theme, status)] = await ideas_of(harness, 402)
    # The first part, as the three flows that take a typed text cut it: "…" says there was more.
    assert isinstance(text, str) and len(text) <= 1000 and text.endswith("…")
    assert LONG.startswith(text.removesuffix("…"))
    assert (photo, theme, status) == (None, None, "new")
    assert "Dank je wel voor je idee!" in "".join(m.get("text") or "" for m in kim.messages())

    # A photo without words: the words are asked for next, the photo stays with the idea.
    await start_idea(kim)
    await kim.send(photo=PHOTO)
    assert "Typ nu je idee" in kim.last_text()
    await kim.send("Een moestuin <op> het dak & 🌱")
    assert "📷 met een foto" in kim.last_text()
    await tap(kim, "🩺 Gezondheid")
    assert (await ideas_of(harness, 402))[-1] == (
        "Een moestuin <op> het dak & 🌱",
        "ph2",
        "health",
        "new",
    )

    # /cancel: nothing is sent.
    await start_idea(kim)
    await kim.send("Nog een idee")
    await kim.send("/cancel")
    assert "er is geen idee verstuurd." in kim.last_text()
    assert len(await ideas_of(harness, 402)) == 2


async def test_a_restart_between_the_idea_and_its_theme_loses_nothing(
    harness: BotHarness,
) -> None:
    ben = await make_resident(harness, 403, "Ben", "en")
    await start_idea(ben, "💡 I have an idea")
    await ben.send("Chess club on Fridays")
    await harness.restart()
    await tap(ben, "🤝 Taking part")
    assert "Thank you for your idea!" in ben.last_text()
    assert await ideas_of(harness, 403) == [("Chess club on Fridays", None, "taking_part", "new")]


async def test_of_two_changes_before_the_first_went_only_the_last_is_told(
    harness: BotHarness,
) -> None:
    coco, _ = await make_coordinator(harness, 901, "Bibliotheek Midden", "en")
    ben = await make_resident(harness, 404, "Ben", "en")
    await share_idea(ben, "🤝 Taking part", text="Chess club on Fridays")
    [(idea_id,)] = [tuple(r) for r in [await one(harness, "SELECT id FROM ideas")]]
    # Two marks before the postman runs (as when Ben's messages wait during quiet hours).
    role = await role_of(harness.deps.db, 901, frozenset())
    await ideas.mark(harness.deps.db, role, idea_id, ideas.CONSIDERING, harness.now())
    await ideas.mark(harness.deps.db, role, idea_id, ideas.NOT_NOW, harness.now())
    await harness.run_job("outbox")
    told = [r.status for r in await outbox_rows(harness, "idea_status")]
    assert told == ["dropped", "sent"]
    assert "We can't do it now." in ben.last_text()
    assert "Chess club on Fridays" in ben.last_text()
    assert not any("looking at your idea" in (m.get("text") or "") for m in ben.messages())
    # Not now: no longer waiting under /ideas.
    await coco.send("/ideas")
    assert "No ideas are waiting." in coco.last_text()


async def test_mydata_lists_ideas_and_delete_erases_them(
    harness: BotHarness, clock: ManualClock
) -> None:
    coco, _ = await make_coordinator(harness, 901, "Bibliotheek Midden", "en")
    kim = await make_resident(harness, 405, "Kim", "nl")
    idea = "Voorlezen in het <b>Arabisch</b> & Turks"
    await share_idea(kim, "🌱 Persoonlijke ontwikkeling", "nl", idea)
    await coco.send("/ideas")
    await coco.click("1. Kim")
    await coco.click("↩️ Answer")
    await coco.send("Mooi! Wie wil er meedoen?")
    await harness.run_job("outbox")
    await coco.click("🤔 Considering")
    await harness.run_job("outbox")
    assert "Coördinatoren bekijken je idee." in kim.last_text()

    await kim.send("/mydata")
    text = kim.file(kim.documents()[-1]).decode("utf-8")
    assert "Je ideeën (1)" in text
    assert "“Voorlezen in het <b>Arabisch</b> & Turks”" in text  # a text file: as written
    assert "Persoonlijke ontwikkeling" in text
    assert "Mooi! Wie wil er meedoen?" in text

    await kim.send("/delete")
    assert "Ideeën: 1" in kim.last_text()
    await tap(kim, "🗑 Ja, wis mijn gegevens")
    assert (await one(harness, "SELECT COUNT(*) FROM ideas"))[0] == 0
    assert (await one(harness, "SELECT COUNT(*) FROM idea_answers"))[0] == 0
    # The coordinator's screen of the idea, tapped again: a kind answer.
    answered = await coco.click("📅 Planned")
    assert answered["text"] == "This no longer exists."
