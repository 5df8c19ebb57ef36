"""Asking a question through /poll as a coordinator does, and reading what came of it."""

from __future__ import annotations

import csv
import io
from typing import Any

from bot.sandbox.harness import BotHarness, Person, visible


async def ask(
    coord: Person,
    kind: str,
    *,
    audience: str,
    question: str | None = None,
    options: str | None = None,
    pick: str | None = None,
    organisation: str | None = None,
    names: str = "🙈 Anonymous",
    last_day: str | None = None,
) -> dict[str, Any]:
    """/poll in English, tap by tap, up to the preview; returns the preview screen. ``kind`` is
    the label of the kind of answer; ``last_day`` a day button of the calendar (None: no last
    day)."""
    await coord.send("/poll")
    assert "How should they answer?" in coord.last_text(), coord.last_text()
    await coord.click(kind)
    if question is not None:
        assert "Type your question" in coord.last_text(), coord.last_text()
        await coord.send(question)
    if options is not None:
        assert "each on its own line" in coord.last_text(), coord.last_text()
        await coord.send(options)
    if organisation is not None:
        await coord.click(organisation)
    assert "Who should get it?" in coord.last_text(), coord.last_text()
    await coord.click(audience)
    if pick is not None:
        await coord.click(pick)
    assert "names be shown" in coord.last_text(), coord.last_text()
    await coord.click(names)
    assert "Until when can people answer?" in coord.last_text(), coord.last_text()
    if last_day is None:
        await coord.click("No last day")
    else:
        await coord.click_data(coord.find_button(last_day)[1])
    return coord.last()


async def deliver(harness: BotHarness) -> None:
    """The outbox job, as the bot runs it."""
    await harness.run_job("outbox")


def question_of(person: Person, text: str) -> dict[str, Any]:
    """The newest message to this person that holds ``text`` (the question as they got it)."""
    for message in reversed(person.messages()):
        if text in (message.get("text") or ""):
            return message
    raise AssertionError(f"no message with {text!r}")


def poll_id_in(message: dict[str, Any]) -> int:
    """The poll's id, as the first button under its question carries it (``1:plv:<id>:…``)."""
    data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    return int(data.split(":")[2])


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def results_of(person: Person) -> str:
    """The newest results screen this person has, as it reads now."""
    for message in reversed(person.messages()):
        if any("Show the latest answers" in label for label in person.buttons(message)):
            return visible(message)
    raise AssertionError("no results screen")
