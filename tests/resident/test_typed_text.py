"""One way to take a typed text, in the three flows that wait for one (💬 a question to a person,
💡 an idea, ✍️ a written answer to a coordinator's question): 5000 characters get the limit
said, the text given back to copy (``<b>``, ``&`` and emoji shown as typed, cut to fit one
message as Telegram counts it), and ✂️ for its first part, which then takes the note's place;
nothing is stored before. A sticker gets "please type" with the way out under it."""

from __future__ import annotations

import html
from typing import Any

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, visible
from tests.support.catalogue import make_opportunity
from tests.support.chat import STICKER, double_tap
from tests.support.people import make_coordinator, make_resident, one
from tests.support.polls import ask, deliver, question_of
from tests.support.questions import SENT, ask_about, coco_and_sanne, stored_questions

LONG = ("I like <b>bold</b> ideas & reading aloud 🎉📚 " * 120)[:5000]
TYPED_AS_HTML = "I like &lt;b&gt;bold&lt;/b&gt; ideas &amp; reading aloud 🎉📚"
STALE = "no longer works"


def given_back(message: dict[str, Any], typed: str) -> str:
    """The typed text as the note gives it back (as code, to copy): its beginning, cut with
    " …", escaped for HTML; the note fits in one message as Telegram counts (UTF-16)."""
    sent = message["text"]
    code = sent[sent.index("<code>") + len("<code>") : sent.index("</code>")]
    shown = html.unescape(code)
    assert html.escape(shown, quote=False) == code, "every <, > and & escaped, nothing twice"
    assert shown.endswith(" …") and typed.startswith(shown.removesuffix(" …"))
    assert len(shown) > 1000, "more than the limit: all of a text just over it fits"
    assert len(visible(message).encode("utf-16-le")) // 2 <= 4096
    return code


async def test_a_written_answer_that_is_too_long_is_given_back_and_its_first_part_sent(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), organisation="Bibliotheek Midden")
    coord, _ = await make_coordinator(harness, 500, "Bibliotheek Midden", "en")
    ans = await make_resident(harness, 101, "Ans", "en")
    question = "What would you like to do at the library?"
    await ask(coord, "✍️ In their own words", question=question, audience="Everyone who gets news")
    await coord.click("Send to 1 person")
    await deliver(harness)
    await ans.click("✍️ Answer", question_of(ans, "What would you like"))

    await ans.send(None, sticker=STICKER)
    assert "Please write your answer as text" in ans.last_text()
    assert ans.buttons() == ["✖️ Stop"], "a way out under every note"

    await ans.send(LONG)
    note = ans.last()
    said = visible(note)
    assert "That is 5000 characters; at most 500 fit" in said
    assert "Here is your text, to copy and make shorter:" in said
    assert TYPED_AS_HTML in given_back(note, LONG)
    assert "I like <b>bold</b> ideas & reading aloud 🎉📚" in said  # as the person reads it
    assert ans.buttons() == ["✂️ Send the first part", "✖️ Stop"]
    assert (await one(harness, "SELECT COUNT(*) FROM poll_answers"))[0] == 0

    shown = len(ans.messages())
    _, second = await double_tap(ans, "✂️ Send the first part", note)
    assert "Your answer is saved" in ans.last_text()
    assert len(ans.messages()) == shown, "the thanks took the note's place"
    assert STALE in second.get("text", ""), "the second tap finds the writing ended"
    assert (await one(harness, "SELECT COUNT(*) FROM poll_answers"))[0] == 1
    (stored,) = await one(harness, "SELECT text FROM poll_answers WHERE person_id = 101")
    assert len(stored) <= 500 and stored.endswith("…") and LONG.startswith(stored[:-1])


async def test_a_question_that_is_too_long_is_given_back(
    harness: BotHarness, clock: ManualClock
) -> None:
    _, sanne = await coco_and_sanne(harness)
    await ask_about(sanne, LONG)
    said = sanne.last_text()
    assert "Je vraag heeft 5.000 tekens. Er passen er maximaal 1.000." in said
    assert "Hier is je tekst, om te kopiëren en korter te maken:" in said
    assert TYPED_AS_HTML in given_back(sanne.last(), LONG)
    shown = len(sanne.messages())
    await sanne.click("✂️ Stuur het eerste deel")
    assert SENT["nl"] in sanne.last_text()
    assert len(sanne.messages()) == shown, "“Sent” took the note's place"
    [stored] = await stored_questions(harness)
    assert len(stored["text"]) <= 1000 and LONG.startswith(stored["text"][:-1])


async def test_an_idea_of_emoji_only_is_given_back_within_one_message(
    harness: BotHarness,
) -> None:
    """5000 emoji are 10000 units for Telegram: what is given back is cut to fit."""
    kim = await make_resident(harness, 402, "Kim", "nl")
    await kim.send("/start")
    await kim.click("💡 Ik heb een idee")
    balloons = "🎈" * 5000
    await kim.send(balloons)
    said = kim.last_text()
    assert "5000 tekens" in said and "Hier is je tekst" in said
    given_back(kim.last(), balloons)
    assert kim.buttons() == ["✂️ Gebruik de eerste 1000 tekens", "✖️ Stoppen"]
    shown = len(kim.messages())
    await kim.click("✂️")
    assert "Welk thema past het best bij je idee?" in kim.last_text()
    assert len(kim.messages()) == shown, "the themes took the note's place"
    await kim.click("🤷 Weet ik niet")
    assert tuple(await one(harness, "SELECT COUNT(*), text FROM ideas")) == (1, "🎈" * 999 + "…")
