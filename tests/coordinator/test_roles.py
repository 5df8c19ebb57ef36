"""Roles: invites make coordinators, administrators manage them, everyone else is refused."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from bot.store import coordinators
from tests.support.catalogue import make_opportunity
from tests.support.chat import invite_link
from tests.support.people import ADMIN, REFUSED_EN, REFUSED_NL, make_coordinator, make_resident, one


async def organisations_of(harness: BotHarness, user_id: int) -> list[int]:
    async with harness.deps.db.read() as conn:
        return await coordinators.organisations_of(user_id, conn=conn)


def chat_menus(harness: BotHarness, chat_id: int) -> list[list[str]]:
    return [
        [c["command"] for c in call.params["commands"]]
        for call in harness.api.calls_to("setMyCommands")
        if call.params.get("scope") == {"type": "chat", "chat_id": chat_id}
    ]


async def test_admin_invites_and_the_link_makes_a_coordinator(harness: BotHarness) -> None:
    admin = harness.person(ADMIN, "Ada", "en")
    await admin.send("/invite")
    assert "Invite a coordinator" in admin.last_text()
    await admin.click("A new organisation")
    assert "Type the name of the new organisation" in admin.last_text()
    await admin.send("Buurthuis <De Linde> & Co")
    text = admin.last_text()
    assert "Invite for Buurthuis <De Linde> & Co" in text
    assert "It works once, until" in text
    token = invite_link(text)

    # Only a hash of the token is stored; the link lasts 7 days.
    stored = await one(harness, "SELECT token_hash, expires_at, used_by FROM invites")
    assert stored[0] == hashlib.sha256(token.removeprefix("inv_").encode()).hexdigest()
    assert stored[1] == "2026-12-02T09:00:00Z" and stored[2] is None

    coco = harness.person(501, "Coco", "nl")
    await coco.send(f"/start {token}")
    assert "Je bent nu coördinator van Buurthuis <De Linde> & Co" in coco.last_text()
    assert len(await organisations_of(harness, 501)) == 1
    [menu] = chat_menus(harness, 501)
    assert menu[:2] == ["new", "edit"] and "roster" in menu and "invite" not in menu

    # One use: the next person to open it is told kindly, and nothing changes for them.
    olaf = harness.person(502, "Olaf", "en")
    await olaf.send(f"/start {token}")
    assert "this invite link was used already" in olaf.last_text()
    assert await organisations_of(harness, 502) == []

    # The new coordinator can publish now.
    await coco.send("/new")
    assert "Wat is de titel?" in coco.last_text()


async def test_invite_expires_after_seven_days_and_forged_links_do_nothing(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation="Bibliotheek Midden")
    admin = harness.person(ADMIN, "Ada", "nl")
    await admin.send("/invite")
    await admin.click("Bibliotheek Midden")
    token = invite_link(admin.last_text())
    assert "Uitnodiging voor Bibliotheek Midden" in admin.last_text()

    clock.advance(timedelta(days=8))
    late = harness.person(503, "Lotte", "nl")
    await late.send(f"/start {token}")
    assert "deze uitnodiging is verlopen" in late.last_text()
    assert await organisations_of(harness, 503) == []

    await late.send("/start inv_NotARealTokenAtAll123")
    assert "deze uitnodiging werkt niet" in late.last_text()
    assert await organisations_of(harness, 503) == []
    # A broken link is still a kind answer, not the welcome screen nor an error.
    await late.send("/start inv_!")
    assert "deze uitnodiging werkt niet" in late.last_text()


async def test_coordinators_are_listed_and_removed_after_asking(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Administrators list and remove coordinators (after asking); a forged remove button from
    a coordinator is refused."""
    _, org_a = await make_coordinator(harness, 501, "Bibliotheek A", name="Coco")
    dirk, _ = await make_coordinator(harness, 502, "Buurthuis B", name="Dirk <script>")
    async with harness.deps.db.transaction() as conn:
        from bot.store import invites

        await invites.set_coordinator_name(501, "Coco", conn=conn)
        await invites.set_coordinator_name(502, "Dirk <script>", conn=conn)

    admin = harness.person(ADMIN, "Ada", "en")
    await admin.send("/coordinators")
    text = admin.last_text()
    assert "Bibliotheek A" in text and "Buurthuis B" in text and "Dirk <script>" in text
    assert '<a href="tg://user?id=502">Dirk &lt;script&gt;</a>' in admin.last()["text"]

    # A coordinator who is not an administrator cannot remove anyone, even with forged data.
    caplog.set_level(logging.INFO)
    await dirk.send("/roster")
    answer = await dirk.click_data(f"1:kcry:501:{org_a}")
    assert "only administrators" not in answer.get("text", "")
    assert "alleen beheerders" in answer["text"]
    assert "refused remove_coordinator for user 502" in caplog.text
    assert await organisations_of(harness, 501) == [org_a]

    await admin.click("❌ Coco")
    assert "Remove Coco as coordinator of Bibliotheek A?" in admin.last_text()
    assert await organisations_of(harness, 501) == [org_a]  # asked first, nothing yet
    await admin.click("Yes, remove")
    assert await organisations_of(harness, 501) == []
    assert "Coco" not in admin.last_text() and "Dirk <script>" in admin.last_text()
    assert harness.api.calls_to("deleteMyCommands")


@pytest.mark.parametrize(
    ("command", "language", "refusal"),
    [
        ("/new", "nl", REFUSED_NL),
        ("/edit", "nl", REFUSED_NL),
        ("/roster", "nl", REFUSED_NL),
        ("/export", "en", REFUSED_EN),
        ("/invite", "nl", "Sorry, alleen beheerders kunnen dit doen."),
        ("/coordinators", "en", "Sorry, only administrators can do this."),
    ],
)
async def test_a_resident_is_refused_every_coordinator_command(
    harness: BotHarness,
    caplog: pytest.LogCaptureFixture,
    command: str,
    language: str,
    refusal: str,
) -> None:
    caplog.set_level(logging.INFO)
    resident = await make_resident(harness, 777, "Rik", language)
    [reply] = await resident.send(command)
    assert resident.last_text() == refusal
    assert reply["text"] == refusal  # exactly one answer: no "I don't understand" as well
    assert f"refused {command[1:]} for user 777" in caplog.text


async def test_a_resident_forging_coordinator_buttons_is_refused(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now())
    resident = await make_resident(harness, 777, "Rik", "nl")
    await resident.send("/help")
    caplog.set_level(logging.INFO)
    for data in (
        "1:knew",
        "1:kr:0",
        f"1:krs:{made.shift_ids[0]}",
        "1:kx",
        f"1:kxo:{made.opportunity_id}",
        "1:kil",
        f"1:kecy:{made.shift_ids[0]}",
        f"1:keoy:{made.opportunity_id}",
    ):
        answer = await resident.click_data(data)
        assert answer.get("text") in (REFUSED_NL, "Sorry, alleen beheerders kunnen dit doen.")
    assert "refused cancel_shift for user 777" not in caplog.text  # stopped before any service
    assert "refused edit for user 777" in caplog.text
    status = await one(harness, "SELECT status FROM shifts WHERE id = ?", made.shift_ids[0])
    assert status[0] == "open"
    assert resident.documents() == []


async def test_administrators_get_the_coordinator_menu_when_they_next_write(
    harness: BotHarness,
) -> None:
    # Start-up only sets the resident menu (for everyone); the administrator's own comes later.
    assert chat_menus(harness, ADMIN) == []
    admin = harness.person(ADMIN, "Ada", "nl")
    await admin.send("/help")
    [menu] = chat_menus(harness, ADMIN)
    assert "invite" in menu and "coordinators" in menu and "find" in menu
    await admin.send("/help")
    assert len(chat_menus(harness, ADMIN)) == 1  # once per start


async def test_a_menu_telegram_refuses_does_not_stop_anything(harness: BotHarness) -> None:
    """Best effort: the chat's menu can be refused; the person still becomes a coordinator."""
    await make_opportunity(harness.deps.db, now=harness.now(), organisation="Bibliotheek Midden")
    admin = harness.person(ADMIN, "Ada", "nl")
    await admin.send("/invite")
    await admin.click("Bibliotheek Midden")
    token = invite_link(admin.last_text())
    coco = harness.person(501, "Coco", "nl")
    harness.api.fail_next("setMyCommands", 403, "Forbidden: bot can't initiate conversation")
    await coco.send(f"/start {token}")
    assert "Je bent nu coördinator van Bibliotheek Midden" in coco.last_text()
    assert len(await organisations_of(harness, 501)) == 1
