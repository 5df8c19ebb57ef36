"""/edit changes everything in the chat: a shift's places (fewer than are signed up is refused,
more moves the waitlist up), its end, the category; typed numbers are numbers everywhere (also
in the terminal sandbox), bad ones get a kind answer; Stop on a draft with content asks once."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.sandbox import terminal
from bot.sandbox.harness import BotHarness
from tests.support.catalogue import make_opportunity
from tests.support.chat import describe, tap
from tests.support.outbox import outbox_rows
from tests.support.people import make_coordinator, make_resident, one, sign_up, signups_of

TITLE = "Voorlezen in de bibliotheek"
BAD_NUMBER = "Typ alsjeblieft een heel getal van 1 tot en met 500, bijvoorbeeld 12."
BAD_NUMBERS = ("0", "-3", "1e3", "twaalf", "600", "²")


async def _to_capacity_step(harness: BotHarness) -> object:
    """A coordinator in /new at "how many volunteers?" for Friday 27 November, 14:00–16:00."""
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek A")
    await coco.send("/new")
    await describe(coco, ("Taalcafé", "Praat Nederlands met nieuwe buren.", "Taal", "Bibliotheek"))
    await coco.click("Diensten op vaste dagen")
    await tap(coco, "27")
    await tap(coco, "14:00")
    await tap(coco, "16:00")
    assert "Hoeveel vrijwilligers zijn nodig?" in coco.last_text()
    return coco


async def test_fewer_places_than_signed_up_are_refused_and_more_move_the_waitlist_up(
    harness: BotHarness,
) -> None:
    made = await make_opportunity(
        harness.deps.db, now=harness.now(), shifts=[(timedelta(days=2), timedelta(hours=2), 2)]
    )
    shift = made.shift_ids[0]
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    people = {}
    for user_id, name in ((101, "Anna"), (102, "Ben"), (103, "Cas"), (104, "Dirk"), (105, "Eva")):
        people[name] = await make_resident(harness, user_id, name)
        await sign_up(harness, shift, user_id, waitlist=True)
    assert [status for _, status in await signups_of(harness, shift)] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]

    await coco.send("/edit")
    await coco.click(TITLE)
    await coco.click("👥 2 plekken")
    assert "Nu: 2 plekken, 2 aangemeld, 3 op de wachtlijst." in coco.last_text()
    assert coco.buttons()[:3] == ["2", "3", "4"]  # from what is signed up

    # Fewer than are signed up: refused, with how many and why; nothing changes.
    await coco.send("1")
    refused = coco.last_text()
    assert refused.startswith(
        "Er zijn al 2 mensen aangemeld, dus de dienst heeft minstens 2 plekken nodig."
    )
    assert "Hoeveel plekken moet de dienst hebben?" in refused  # the step again
    assert (await one(harness, "SELECT capacity FROM shifts WHERE id = ?", shift))[0] == 2

    # More: the first two on the waitlist move up, in order, and each is told.
    await coco.send("4")
    done = coco.last_text()
    assert done.startswith(
        "✅ Opgeslagen: 4 plekken. 2 mensen schuiven door van de wachtlijst en krijgen een bericht."
    )
    assert "– 4/4" in done  # the opportunity's screen again, with the shift's new figures
    assert (await one(harness, "SELECT capacity FROM shifts WHERE id = ?", shift))[0] == 4
    assert await signups_of(harness, shift) == [
        (101, "confirmed"),
        (102, "confirmed"),
        (103, "confirmed"),
        (104, "confirmed"),
        (105, "waitlisted"),
    ]
    await harness.run_job("outbox")
    for name in ("Cas", "Dirk"):
        assert "Goed nieuws! Er is een plek vrij gekomen." in people[name].last_text()
        assert TITLE in people[name].last_text()
    assert "Goed nieuws" not in " ".join(m.get("text") or "" for m in people["Eva"].messages())


async def test_the_end_time_changes_and_an_end_before_the_start_is_refused(
    harness: BotHarness,
) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now())  # Fri 27 Nov 10:00–12:00
    shift = made.shift_ids[0]
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    anna = await make_resident(harness, 101, "Anna")
    await sign_up(harness, shift, 101)

    await coco.send("/edit")
    await coco.click(TITLE)
    await coco.click("🏁 Klaar om 12:00")
    assert "Hoe laat moet het klaar zijn?" in coco.last_text()
    assert "10:00" not in coco.buttons() and "10:30" in coco.buttons()
    await coco.send("09:00")
    assert coco.last_text().startswith("Het einde moet na het begin zijn.")
    assert "Hoe laat moet het klaar zijn?" in coco.last_text()
    await coco.send("25:00")
    assert coco.last_text().startswith("Tik op een tijd, of typ hem zo: 14:30.")
    stored = await one(harness, "SELECT starts_at, ends_at FROM shifts WHERE id = ?", shift)
    assert tuple(stored) == ("2026-11-27T09:00:00Z", "2026-11-27T11:00:00Z")

    await tap(coco, "13:00")
    assert coco.last_text().startswith(
        "✅ Het is nu klaar om 13:00. 1 aangemelde persoon krijgt een bericht."
    )
    stored = await one(harness, "SELECT starts_at, ends_at FROM shifts WHERE id = ?", shift)
    assert tuple(stored) == ("2026-11-27T09:00:00Z", "2026-11-27T12:00:00Z")
    # The thank-you follows the new end; the volunteer is told as for a new time.
    thanks = [r for r in await outbox_rows(harness, "thanks:") if r.status == "pending"]
    assert [r.due_at for r in thanks] == ["2026-11-27T13:00:00Z"]
    await harness.run_job("outbox")
    assert "Nieuw: vrijdag 27 november, 10:00–13:00" in anna.last_text()
    assert "Eerst: vrijdag 27 november, 10:00–12:00" in anna.last_text()


async def test_the_category_is_chosen_from_the_existing_ones(harness: BotHarness) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now())
    await make_opportunity(harness.deps.db, now=harness.now(), title="Taalcafé", category="Taal")
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")

    await coco.send("/edit")
    await coco.click(TITLE)
    await coco.click("🏷 Soort")
    assert "Soort nu: Voorlezen" in coco.last_text()
    assert "✅ Voorlezen" in coco.buttons() and "Taal" in coco.buttons()
    await coco.send("Koken")  # no new categories here: the picker again
    assert coco.last_text().startswith("Tik alsjeblieft op een van de soorten.")
    assert await one(harness, "SELECT 1 FROM categories WHERE name = 'Koken'") is None

    await tap(coco, "Taal")
    assert coco.last_text().startswith("✅ Opgeslagen.")
    assert "🏷 Taal" in coco.last_text()
    stored = await one(
        harness,
        "SELECT c.name FROM opportunities o JOIN categories c ON c.id = o.category_id"
        " WHERE o.id = ?",
        made.opportunity_id,
    )
    assert stored[0] == "Taal"


async def test_typing_12_at_places_in_new_keeps_the_draft_and_sets_12(
    harness: BotHarness,
) -> None:
    coco = await _to_capacity_step(harness)
    await coco.send("12")
    assert "Diensten tot nu toe" in coco.last_text()
    assert "vrijdag 27 november, 14:00–16:00 – 12 plekken" in coco.last_text()


async def test_typing_12_in_the_terminal_sandbox_is_twelve_places(
    tmp_path: Path, clock: ManualClock
) -> None:
    """The root of "12 pressed Stop": the sandbox took a typed number for a button. Now only
    ``#12`` taps a button; ``12`` is text, as in Telegram."""
    script = "\n".join(
        [
            "/new",
            "Taalcafé",
            "Praat Nederlands met nieuwe buren.",
            "Taal",
            "#5",  # no themes: skip
            "Bibliotheek",
            "#1",  # the first organisation
            "#1",  # shifts on set days
            "27-11",
            "14:00",
            "16:00",
            "12",
            "",
        ]
    )
    out = io.StringIO()
    await terminal.run(io.StringIO(script), out, folder=tmp_path, clock=clock, coordinator=True)
    shown = out.getvalue()
    assert "[#1]" in shown
    assert "Diensten tot nu toe" in shown
    assert "vrijdag 27 november, 14:00–16:00 – 12 plekken" in shown
    assert "Gestopt" not in shown


async def test_each_bad_number_gets_a_kind_answer_and_changes_nothing(
    harness: BotHarness,
) -> None:
    coco = await _to_capacity_step(harness)
    for bad in BAD_NUMBERS:
        await coco.send(bad)
        assert coco.last_text().startswith(BAD_NUMBER), bad
        assert "Hoeveel vrijwilligers zijn nodig?" in coco.last_text(), bad
    # A forged button with too many places: the same answer, as an alert.
    answer = await coco.click_data("1:kn:600")
    assert answer["text"] == BAD_NUMBER
    await coco.send("3")
    assert "14:00–16:00 – 3 plekken" in coco.last_text()  # the draft was there all along

    # The places of a published shift: the same answers, and the shift keeps its places.
    made = await make_opportunity(harness.deps.db, now=harness.now(), organisation="Bibliotheek A")
    await coco.send("/edit")
    await coco.click(TITLE)
    await coco.click("👥 3 plekken")
    for bad in BAD_NUMBERS:
        await coco.send(bad)
        assert coco.last_text().startswith(BAD_NUMBER), bad
        assert "Hoeveel plekken moet de dienst hebben?" in coco.last_text(), bad
    stored = await one(harness, "SELECT capacity FROM shifts WHERE id = ?", made.shift_ids[0])
    assert stored[0] == 3


async def test_a_number_of_months_can_be_typed_in_broadcast(harness: BotHarness) -> None:
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek A")
    await coco.send("/broadcast")
    await coco.click("Mensen die onlangs vrijwilligerswerk deden")
    assert "Wie deed vrijwilligerswerk in de afgelopen" in coco.last_text()
    for bad in ("0", "-3", "1e3", "twaalf", "600", "5"):
        await coco.send(bad)
        assert coco.last_text().startswith(
            "Tik alsjeblieft op een knop, of typ een van deze getallen: 3, 6, 12."
        ), bad
        assert "Wie deed vrijwilligerswerk in de afgelopen" in coco.last_text()
    await coco.send("6")
    assert "Wie deed vrijwilligerswerk" not in coco.last_text()
    assert "6" not in coco.buttons()  # on to writing the message


async def test_stop_on_a_draft_with_content_asks_once(harness: BotHarness) -> None:
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek A")
    # Nothing entered yet: Stop stops at once.
    await coco.send("/new")
    await tap(coco, "✖️ Stoppen")
    assert coco.last_text() == "Gestopt. Er is niets geplaatst."

    await coco.send("/new")
    await coco.send("Repair café")
    assert "Vertel in een paar korte zinnen" in coco.last_text()
    await tap(coco, "✖️ Stoppen")
    assert coco.last_text().startswith("Dit concept weggooien?")
    assert coco.buttons() == ["🗑 Ja, gooi het weg", "↩️ Nee, ga verder"]
    await tap(coco, "↩️ Nee, ga verder")
    assert "Vertel in een paar korte zinnen" in coco.last_text()
    assert "Repair café" in coco.last_text()  # the draft is as it was
    await coco.send("Samen spullen maken.")
    assert "Welke soort past?" in coco.last_text()

    await tap(coco, "✖️ Stoppen")
    await tap(coco, "🗑 Ja, gooi het weg")
    assert coco.last_text() == "Gestopt. Er is niets geplaatst."
    assert await one(harness, "SELECT 1 FROM opportunities") is None
    # The draft is gone: typing now is not taken as a category.
    await coco.send("Techniek")
    assert await one(harness, "SELECT 1 FROM categories WHERE name = 'Techniek'") is None
