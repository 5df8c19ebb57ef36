"""Helpers for the coordinator tests: coordinators, residents and sign-ups, set up directly."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.sandbox.harness import BotHarness, Person
from bot.services import signups
from bot.store import catalogue, coordinators, residents

ADMIN = 900  # COORDINATOR_IDS in tests/conftest.py

REFUSED_NL = "Sorry, dit is alleen voor coördinatoren."
REFUSED_EN = "Sorry, this is only for coordinators."
OTHER_ORG_NL = "het hoort bij een andere organisatie"
OTHER_ORG_EN = "it belongs to another organisation"


async def make_coordinator(
    harness: BotHarness,
    user_id: int,
    organisation: str,
    *,
    name: str = "Coco",
    language: str = "nl",
) -> tuple[Person, int]:
    """A coordinator of ``organisation`` (added as an invite would), and the organisation's id."""
    db = harness.deps.db
    async with db.transaction() as conn:
        organisation_id, _ = await catalogue.organisation(organisation, conn=conn)
        await coordinators.add(user_id, organisation_id, harness.now(), ADMIN, conn=conn)
    return harness.person(user_id, name, language), organisation_id


async def make_resident(
    harness: BotHarness, user_id: int, name: str = "Anna", language: str = "nl"
) -> Person:
    """A resident who consented (the row is the consent)."""
    person = harness.person(user_id, name, language)
    async with harness.deps.db.transaction() as conn:
        await residents.add(user_id, name, language, harness.now(), conn=conn)
    return person


async def sign_up(harness: BotHarness, shift_id: int, resident_id: int, **kw: Any) -> int:
    result = await signups.sign_up(
        harness.deps.db, shift_id=shift_id, resident_id=resident_id, now=harness.now(), **kw
    )
    assert result.signup_id is not None, result
    return result.signup_id


async def outbox_rows(harness: BotHarness, prefix: str = "") -> list[dict[str, Any]]:
    async with harness.deps.db.read() as conn:
        async with conn.execute(
            "SELECT key, kind, recipient_id, due_at, status, payload FROM outbox"
            " WHERE substr(key, 1, ?) = ? ORDER BY id",
            (len(prefix), prefix),
        ) as cur:
            rows = await cur.fetchall()
    return [
        {
            "key": r[0],
            "kind": r[1],
            "recipient_id": r[2],
            "due_at": r[3],
            "status": r[4],
            "payload": json.loads(r[5]),
        }
        for r in rows
    ]


async def one(harness: BotHarness, sql: str, *args: object) -> Any:
    """One row of a query, for asserting on what was stored."""
    async with harness.deps.db.read() as conn:
        async with conn.execute(sql, args) as cur:
            return await cur.fetchone()


def callback_of(person: Person, label: str) -> str:
    return person.find_button(label)[1]


def invite_link(text: str) -> str:
    """The ``inv_<token>`` start parameter in a message."""
    match = re.search(r"https://t\.me/meedoen_test_bot\?start=(inv_[A-Za-z0-9_-]+)", text)
    assert match, text
    return match.group(1)


async def tap(person: Person, label: str) -> dict[str, Any]:
    """Tap the button whose label is exactly ``label``, on the newest screen that has one."""
    for message in reversed(person.messages()):
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == label and "callback_data" in button:
                    return await person.click_data(button["callback_data"], message)
    raise AssertionError(f"no button {label!r}; the last screen has {person.buttons()}")
