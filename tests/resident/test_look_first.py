"""Look first, agree when it matters: browsing and a deep link before consent store nothing;
the first step that stores something asks, with the welcome's words, and goes on after "Yes"."""

from __future__ import annotations

import pytest

from bot.catalogue.writing import write_catalogue
from bot.clock import ManualClock
from bot.i18n import RLM
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import double_tap, open_opportunity, shown_category, tap
from tests.support.people import one, signups_of
from tests.support.spreadsheet import HEADER, ORG, csv_text, parse
from tests.support.traces import traces_of

# The welcome's new line and button, in each language (the rest of the welcome is the
# translators' catalogues).
LOOK = {
    "nl": ("Je kunt ook eerst rondkijken.", "🔎 Eerst rondkijken"),
    "en": ("You can also have a look first.", "🔎 First have a look"),
    "ar": ("يمكنك أيضًا أن تلقي نظرة أولًا.", "🔎 ألقِ نظرة أولًا"),
    "tr": ("Önce bakmak da isteyebilirsiniz.", "🔎 Önce bir bakayım"),
    "pl": ("Możesz też najpierw się rozejrzeć.", "🔎 Najpierw się rozejrzę"),
    "uk": ("Можна спершу просто подивитися.", "🔎 Спершу подивитися"),
}
ASKED = {"nl": "Eerst één vraag.", "en": "One question first."}
AGREE = {"nl": "✅ Ja, ik doe mee", "en": "✅ Yes, I agree"}


@pytest.mark.parametrize("language", list(LOOK))
async def test_the_welcome_offers_a_look_first_in_six_languages(
    harness: BotHarness, clock: ManualClock, language: str
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    uid = 7100 + list(LOOK).index(language)
    newcomer = harness.person(uid, "Noor", language)
    [welcome] = await newcomer.send("/start")
    line, button = LOOK[language]
    assert line in newcomer.last_text()
    labels = newcomer.buttons(welcome)
    assert labels[0].startswith("✅") and labels[1] == button and len(labels) == 8  # + 5 languages
    if language == "ar":  # every line of a right-to-left message starts right to left
        assert all(row.startswith(RLM) for row in welcome["text"].split("\n") if row)
    await tap(newcomer, button)
    # The category in the reader's language (the catalogue knows "Voorlezen").
    await newcomer.click(shown_category(newcomer, "Voorlezen") + " (1)")
    await newcomer.click("Voorlezen in de bibliotheek")
    assert "Lees kinderen voor op woensdagmiddag." in newcomer.last_text()
    assert await traces_of(harness, uid) == []


async def test_the_language_picked_on_the_welcome_stays_while_looking(
    harness: BotHarness, clock: ManualClock
) -> None:
    """Held in memory only: the database has nothing of them, the screens speak their pick."""
    await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    ola = harness.person(7110, "Ola", "nl")
    await ola.send("/start")
    await ola.click("English")
    await tap(ola, "🔎 First have a look")
    await ola.click("Reading aloud (1)")
    await ola.click("Voorlezen in de bibliotheek")
    assert "Next time: Saturday 28 November" in ola.last_text()
    await ola.click("Sat 28 Nov")
    await ola.click("Yes, sign me up")
    assert ASKED["en"] in ola.last_text()
    assert await traces_of(harness, 7110) == []
    await tap(ola, AGREE["en"])
    assert "You are signed up!" in " ".join(m.get("text") or "" for m in ola.messages())
    assert (await one(harness, "SELECT language FROM residents WHERE id = 7110"))[0] == "en"


async def test_look_then_sign_up_asks_and_the_sign_up_goes_on(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    anna = harness.person(7120, "Anna", "nl")
    await anna.send("/start")
    await tap(anna, "🔎 Eerst rondkijken")
    await anna.click("Voorlezen (1)")
    await anna.click("Voorlezen in de bibliotheek")
    assert anna.buttons()[0] == "za 28 nov 14:00–16:00 · 3 vrij"
    await anna.click("za 28 nov")
    assert "Wil je je hiervoor aanmelden?" in anna.last_text()
    await anna.click("👥 +1")  # she brings someone along
    # The question, with the welcome's own explanation; nothing stored yet.
    asked = anna.last_text()
    assert ASKED["nl"] in asked and "Wat we bewaren:" in asked and "/delete" in asked
    assert asked.endswith("Vind je dat goed?")
    assert anna.buttons() == [AGREE["nl"], "Nee, liever niet"]
    assert await traces_of(harness, 7120) == []
    assert await signups_of(harness, made.shift_ids[0]) == []
    # Yes: stored, and the sign-up is made at once, with its calendar file.
    await tap(anna, AGREE["nl"])
    assert await signups_of(harness, made.shift_ids[0]) == [(7120, "confirmed")]
    places = await one(harness, "SELECT places FROM signups WHERE resident_id = 7120")
    assert places[0] == 2
    texts = " ".join(m.get("text") or "" for m in anna.messages())
    assert "Je bent aangemeld!" in texts and "Je neemt 1 persoon mee." in texts
    assert anna.documents()
    stored = await one(harness, "SELECT first_name, language FROM residents WHERE id = 7120")
    assert tuple(stored) == ("Anna", "nl")
    assert {"residents", "signups"} <= {table for table, _ in await traces_of(harness, 7120)}


async def test_a_double_tap_on_yes_signs_up_once(harness: BotHarness, clock: ManualClock) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    ben = harness.person(7130, "Ben", "en")
    await ben.send(f"/start opp_{made.opportunity_id}")
    await ben.click("Sat 28 Nov")
    await ben.click("Yes, sign me up")
    first, second = await double_tap(ben, AGREE["en"])
    assert "already" not in first.get("text", "") and "already" in second.get("text", "")
    assert await signups_of(harness, made.shift_ids[0]) == [(7130, "confirmed")]


async def test_declining_leaves_a_menu_and_interest_asks_again(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(
        harness.deps.db, now=clock.now(), title="Taalmaatje", category="Taal", ongoing=True
    )
    cleo = harness.person(7140, "Cleo", "en")
    await open_opportunity(cleo, "Taalmaatje", "Taal")
    await cleo.click("I am interested")
    assert ASKED["en"] in cleo.last_text()
    await cleo.click("No, thank you")
    assert "Nothing about you was stored. You can still look around." in cleo.last_text()
    assert cleo.buttons() == ["🔎 Find something to do", "🏠 Menu"]
    await cleo.click("Menu")
    assert "What would you like to do?" in cleo.last_text()
    await cleo.click("Find something to do")
    assert "Choose a theme" in cleo.last_text()
    assert await traces_of(harness, 7140) == []
    # Asked again at the next step that stores something; Yes records the interest at once.
    await cleo.click(shown_category(cleo, "Taal") + " (1)")
    await cleo.click("Taalmaatje")
    await cleo.click("I am interested")
    await tap(cleo, AGREE["en"])
    assert "We have passed it on." in cleo.last_text()
    lead = await one(harness, "SELECT resident_id FROM role_interests")
    assert lead[0] == 7140


async def test_a_deep_link_shows_the_opportunity_at_once(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    dana = harness.person(7150, "Dana", "nl")
    await dana.send(f"/start opp_{made.opportunity_id}")
    shown = dana.last_text()
    assert shown.startswith("👋 Welkom bij Meedoen!\nKijk gerust rond.")
    assert "Voorlezen in de bibliotheek" in shown and "zaterdag 28 november" in shown
    assert "za 28 nov 14:00–16:00 · 3 vrij" in dana.buttons()  # its one date, to tap
    assert await traces_of(harness, 7150) == []
    # A link to something that is gone (or never was): a kind answer with ways on.
    await dana.send("/start opp_999999")
    assert "niet meer beschikbaar" in dana.last_text()
    assert any("Menu" in b for b in dana.buttons())
    assert await traces_of(harness, 7150) == []


async def test_my_sign_ups_settings_and_interests_ask_then_show(harness: BotHarness) -> None:
    eva = harness.person(7160, "Eva", "en")
    await eva.send("/mine")
    assert ASKED["en"] in eva.last_text()
    await tap(eva, AGREE["en"])
    assert "You are not signed up for anything yet." in eva.last_text()
    fred = harness.person(7161, "Fred", "nl")
    await fred.send("/start")
    await fred.click("Nee, liever niet")
    await fred.click("Menu")
    await fred.click("Instellingen")
    assert ASKED["nl"] in fred.last_text()
    await tap(fred, AGREE["nl"])
    assert "⚙️ Instellingen" in fred.last_text()
    gijs = harness.person(7162, "Gijs", "en")
    await gijs.send("/interests")
    await tap(gijs, AGREE["en"])
    assert "What do you like to do?" in gijs.last_text()


async def test_every_week_asks_then_joins(harness: BotHarness, clock: ManualClock) -> None:
    weekly = (
        f"{ORG},Taalcafé,Samen Nederlands praten,Taal,Bibliotheek Oost,"
        "2026-12-01 14:00,2026-12-01 16:00,2,weekly,2026-12-15"
    )
    parsed = parse(csv_text(weekly, header=HEADER + ",repeat,until"))
    await write_catalogue(harness.deps.db, parsed.opportunities, clock.now(), Rules())
    hans = harness.person(7170, "Hans", "nl")
    await open_opportunity(hans, "Taalcafé", "Taal")
    await hans.click("🔁 elke dinsdag")
    await hans.click("Ja, elke keer")
    assert ASKED["nl"] in hans.last_text()
    assert await traces_of(harness, 7170) == []
    await tap(hans, AGREE["nl"])
    assert "Je hebt een plek op 3 data." in hans.last_text()


async def test_forged_consent_buttons_get_a_kind_answer_and_store_nothing(
    harness: BotHarness,
) -> None:
    ivo = harness.person(7180, "Ivo", "nl")
    await ivo.send("/start")
    for data in (
        "1:okc:nl:dx",  # erasing is nothing to go on with
        "1:okc:nl:mx:5",  # nor cancelling
        "1:okc:nl:zz:1",  # no such action
        "1:okc:nl:mine:1:2",  # too many arguments for it
        "1:okc:nl:sc:1:2:3",  # too many for the button
        "1:okc:nl",
    ):
        answer = await ivo.click_data(data)
        assert "werkt niet meer" in answer.get("text", ""), data
    assert await traces_of(harness, 7180) == []
