"""The terminal sandbox: the real bot, the demo catalogue, buttons as numbered choices."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.i18n import Translator
from tests.support.terminal import Session, sandbox


@pytest.fixture
async def session(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Session]:
    async with sandbox(tmp_path, clock, name="Sanne") as s:
        yield s


async def test_a_scripted_session_in_dutch(session: Session, tmp_path: Path) -> None:
    intro = await session.ready()
    assert "Meedoen-sandbox: je chat met de bot als Sanne, zonder Telegram." in intro
    assert "Typ /start om te beginnen" in intro

    shown = await session.type("/start")
    assert "── Meedoen:\n👋 Welkom bij Meedoen!" in shown
    assert "<b>" not in shown  # tags are gone, the text is plain
    assert "  [#1] ✅ Ja, ik doe mee" in shown

    shown = await session.type("#1")
    assert "── Meedoen (bijgewerkt):\nFijn dat je er bent, Sanne!" in shown
    assert "Wat wil je doen?" in shown and "💬 Dank je wel!" in shown

    shown = await session.type("/find")
    assert re.search(r"  \[#\d+\] Voorlezen", shown) and re.search(r"\[#\d+\] Taal", shown)
    shown = await session.tap("Taal", shown)
    assert "Gespreksleider Taalcafé" in shown and "Taalmaatje" in shown
    shown = await session.tap("Gespreksleider Taalcafé", shown)
    assert "In het Taalcafé praten mensen" in shown
    shown = await session.tap("📅", shown)
    shown = await session.tap("do 26 nov", shown)  # tomorrow, in Dutch on the button
    shown = await session.tap("✅", shown)
    assert "✅ Je bent aangemeld!" in shown
    assert "🗓 donderdag 26 november, 14:00–16:00" in shown  # the demo's almost full shift
    ics = re.search(r"📎 (\S+\.ics) \(opgeslagen als (.+)\)", shown)
    assert ics, shown
    saved = Path(ics.group(2))
    assert saved.parent == tmp_path
    assert (await asyncio.to_thread(saved.read_bytes)).startswith(b"BEGIN:VCALENDAR")

    assert "Er is hier geen knop 99." in await session.type("#99")
    assert "Ik vond niets voor “hallo”" in await session.type("hallo")  # a word is searched
    assert "/help" in await session.type("?!")


def sandbox_process(tmp_path: Path, *args: str, stdin: str) -> str:
    """``python -m bot sandbox`` with its temporary folder under ``tmp_path/tmp``."""
    (tmp_path / "tmp").mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", *args],
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp")},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def test_sandbox_command_in_english_needs_no_token(tmp_path: Path) -> None:
    out = sandbox_process(tmp_path, "--lang", "en", "--name", "Ben", stdin="/start\n#1\n")
    assert out.startswith("Meedoen sandbox: you chat with the bot as Ben, without Telegram.")
    assert "> /start" in out and "👋 Welcome to Meedoen!" in out and "  [#1] ✅ Yes, I agree" in out
    assert "Nice to meet you, Ben!" in out
    assert out.rstrip().endswith("The sandbox has stopped.")  # end of input stops it
    assert not list((tmp_path / "tmp").iterdir()), "its temporary folder is removed"


def test_sandbox_in_each_of_the_six_languages(tmp_path: Path) -> None:
    """--lang takes every language the bot speaks (the README promises six)."""
    for language in ("ar", "tr", "pl", "uk"):
        welcome = Translator(language)._("👋 Welcome to <b>Meedoen</b>!")
        out = sandbox_process(tmp_path / language, "--lang", language, stdin="/start\n")
        assert welcome.replace("<b>", "").replace("</b>", "") in out, language


def test_sandbox_as_coordinator(tmp_path: Path) -> None:
    out = sandbox_process(tmp_path, "--coordinator", stdin="/quit\nnot read\n")
    assert "Je bent coördinator" in out
    assert "not read" not in out
