"""Input nobody expects: a short, kind reply in the person's language, and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, visible
from conversations.actions import pack
from tests.support.catalogue import make_opportunity
from tests.support.chat import PHOTO, STICKER
from tests.support.database import database_dump
from tests.support.people import make_resident

VOICE = {"file_id": "vc1", "file_unique_id": "u-vc1", "duration": 3, "mime_type": "audio/ogg"}
LOCATION = {"latitude": 52.09, "longitude": 5.12}
CONTACT = {"phone_number": "+31600000000", "first_name": "Piet"}

NOT_UNDERSTOOD = {"nl": "begrijp ik niet", "en": "don't understand"}
NOTHING_FOUND = {"nl": "Ik vond niets voor", "en": "I found nothing for"}
STALE = {"nl": "werkt niet meer", "en": "no longer works"}

# Not a word: a pointer to /help.
CONTENTS: list[dict[str, Any]] = [
    {"sticker": STICKER},
    {"photo": PHOTO},
    {"photo": PHOTO, "caption": "<b>kijk</b> & zo"},
    {"voice": VOICE},
    {"location": LOCATION},
    {"contact": CONTACT},
    {"text": "/foo"},
    {"text": "/start@some_other_bot"},
    {"text": "<b>x</b> & <i>" * 200},
    {"text": "é" * 4096},
    {"text": "?!… 🎉 & <>"},
    {"text": "https://example.org/voorlezen"},
]
# Words: searched, a kind "nothing found" with ways on.
WORDS = ["hallo?", "<b>zebra</b> & co 🎉", "Ik wil graag helpen!"]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_unexpected_messages_get_a_kind_pointer(harness: BotHarness, language: str) -> None:
    sam = await make_resident(harness, 501 if language == "nl" else 502, language=language)
    before = await database_dump(harness)
    for content in CONTENTS:
        content = dict(content)
        new = await sam.send(content.pop("text", None), **content)
        assert len(new) == 1, content
        assert NOT_UNDERSTOOD[language] in visible(new[0])
        assert "/help" in visible(new[0])
        assert any("Menu" in label for label in sam.buttons(new[0]))
    for text in WORDS:
        [new] = await sam.send(text)
        assert NOTHING_FOUND[language] in visible(new), text
        assert len(sam.buttons(new)) == 3 and any("Menu" in b for b in sam.buttons(new))
    assert await database_dump(harness) == before


async def test_unexpected_messages_before_consent_store_nothing(harness: BotHarness) -> None:
    cas = harness.person(503, "Cas", "en")
    for content in CONTENTS:
        content = dict(content)
        new = await cas.send(content.pop("text", None), **content)
        assert len(new) == 1 and NOT_UNDERSTOOD["en"] in visible(new[0])
    for text in WORDS:
        [new] = await cas.send(text)
        assert NOTHING_FOUND["en"] in visible(new)
    dump = await database_dump(harness)
    assert dump["residents"] == []
    assert dump["ptb_conversations"] == [] and dump["ptb_user_data"] == []


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_edited_message_gets_a_kind_pointer(harness: BotHarness, language: str) -> None:
    sam = await make_resident(harness, 504 if language == "nl" else 505, language=language)
    await sam.send("hallo")
    new = await sam.edit("hallo, ik wil helpen")
    assert len(new) == 1 and NOT_UNDERSTOOD[language] in visible(new[0])
    new = await sam.edit("/find")
    assert len(new) <= 1  # an edited command may be run again, never twice


async def test_edited_message_does_not_answer_a_search(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), title="Tuinklus")
    sam = await make_resident(harness, 506, language="nl")
    await sam.send("/search")
    await sam.edit("tuin")
    assert "begrijp ik niet" in sam.last_text()
    await sam.send("tuin")  # still waiting for the word
    assert any("Tuinklus" in b for b in sam.buttons())


@pytest.mark.parametrize("kind", ["group", "supergroup"])
async def test_group_chat_commands_get_one_pointer_and_messages_none(
    harness: BotHarness, kind: str
) -> None:
    group_id = -4001 if kind == "group" else -1004001
    group = {"id": group_id, "type": kind, "title": "Buurthuis <De Linde> & co"}
    harness.api.chat_objects[group_id] = group
    harness.api.add_user(507, "Ann", "nl")
    harness.api.add_user(508, "Bob", "en")
    before = await database_dump(harness)

    async def say(uid: int, text: str | None = None, **content: Any) -> list[dict[str, Any]]:
        seen = len(harness.api.bot_messages(group_id))
        update_id = harness.api.user_message(uid, text, chat=group, **content)
        await harness.handled(update_id)
        return harness.api.bot_messages(group_id)[seen:]

    for command in ("/start", "/find", "/settings", "/search", "/help", "/cancel", "/foo"):
        replies = await say(507, command)
        assert len(replies) == 1, command
        assert "privégesprek" in visible(replies[0]) or "private chat" in visible(replies[0])
        assert "https://t.me/meedoen_test_bot" in visible(replies[0])
    [reply] = await say(508, "/start@meedoen_test_bot")
    assert "private chat" in visible(reply)
    for text in ("hallo allemaal", "tuin", "é" * 4096):
        assert await say(507, text) == []
    assert await say(507, sticker=STICKER) == []
    assert await say(508, photo=PHOTO) == []
    update_id = harness.api.user_message(507, "/start", chat=group, edited=True)
    await harness.handled(update_id)
    assert len(harness.api.bot_messages(group_id)) == 8
    assert await database_dump(harness) == before
    # Nothing reached the people's private chats either.
    assert harness.api.bot_messages(507) == [] and harness.api.bot_messages(508) == []


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_names_with_markup_are_shown_as_written(harness: BotHarness, language: str) -> None:
    name = "<b>Ann & Bob 🎉</b>"
    ann = harness.person(509 if language == "nl" else 510, name, language)
    await ann.send("/start")
    await ann.click("✅")
    greeting = ann.last()
    assert name in visible(greeting)
    assert "&lt;b&gt;Ann &amp; Bob 🎉&lt;/b&gt;" in greeting["text"]
    await ann.send("/start")
    assert name in ann.last_text()
    assert "&lt;b&gt;Ann &amp; Bob 🎉&lt;/b&gt;" in ann.last()["text"]


FORGED = [
    "1:zz:9",
    "garbage",
    "x" * 64,
    "1:" + "a" * 62,
    "2:menu",
    "1:ok:nl:0:extra:<b>",
    "1:cat:<script>",
    "1:menu:",
    ":::",
    "1:set:lang:de",
    "1:set:rem:maybe",
    "1:set:nothing:1",
    "1:opp:999999999",
]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_stale_and_forged_buttons_get_a_polite_answer(
    harness: BotHarness, clock: ManualClock, language: str
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now())
    sam = await make_resident(harness, 511 if language == "nl" else 512, language=language)
    await sam.send("/settings")
    before = await database_dump(harness)
    for data in FORGED:
        assert len(data.encode()) <= 64
        reply = await sam.click_data(data)
        assert reply, f"{data!r} was not answered"
        if not data.startswith("1:opp:"):  # a gone opportunity: the browse flow words that
            assert STALE[language] in reply.get("text", ""), data
    assert await database_dump(harness) == before


async def test_forged_buttons_before_consent_store_nothing(harness: BotHarness) -> None:
    cas = harness.person(513, "Cas", "nl")
    await cas.send("/start")
    for data in [*FORGED, pack("set", "lang", "en"), pack("set", "rem", "0"), pack("menu")]:
        reply = await cas.click_data(data)
        assert reply is not None
    dump = await database_dump(harness)
    assert dump["residents"] == [] and dump["ptb_conversations"] == []


async def test_very_long_word_while_searching(harness: BotHarness) -> None:
    """Asked for a word, 4096 characters are searched as their words, cut to fit the buttons."""
    ben = await make_resident(harness, 514, language="en")
    await ben.send("/search")
    await ben.send("<b>" + "é" * 4093)
    text = ben.last_text()
    assert text.startswith("I found nothing for “éé") and "<b>" not in text and len(text) < 200
