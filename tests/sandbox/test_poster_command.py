"""``python -m bot poster``: posters for the whole catalogue (or one) in a folder, as an operator
runs it; the bot's username from --bot or asked from the Bot API with BOT_TOKEN."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.harness import TEST_TOKEN
from tests.support.cli import run_main
from tests.support.files import pdf_text, read_qr

BOT = "meedoen_test_bot"


def open_catalogue(db: Path) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """What residents can find now (every demo offer is), and the organisations."""
    with sqlite3.connect(db) as conn:
        opportunities = conn.execute("SELECT id, title FROM opportunities ORDER BY id").fetchall()
        organisations = conn.execute("SELECT id, name FROM organisations ORDER BY id").fetchall()
    return opportunities, organisations


def test_posters_for_the_demo_catalogue(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main("demo") == 0
    capsys.readouterr()
    out = tmp_path / "posters"
    assert run_main("poster", "--bot", f"@{BOT}", "--out", str(out)) == 0
    printed = capsys.readouterr().out.splitlines()
    opportunities, organisations = open_catalogue(operator)
    wanted = len(opportunities) + len(organisations)
    written = sorted(out.iterdir())
    assert len(written) == 2 * wanted
    assert printed[-1] == (
        f"{wanted} poster(s) in {out}: a PDF to print and a PNG for screens each."
    )
    assert sorted(printed[:-1]) == sorted(str(p) for p in written)
    # Every opportunity and organisation has its PDF and PNG; spot checks of what they say.
    first_id, first_title = opportunities[0]
    pdf = next(out.glob(f"poster-{first_id}-*.pdf"))
    text = " ".join(pdf_text(pdf.read_bytes()).split())
    assert first_title in text and "Scan met je telefoon en meld je aan" in text
    assert read_qr(pdf.with_suffix(".png").read_bytes()) == (
        f"https://t.me/{BOT}?start=opp_{first_id}"
    )
    org_id, org_name = organisations[-1]
    png = next(out.glob(f"poster-org-{org_id}-*.png"))
    assert read_qr(png.read_bytes()) == f"https://t.me/{BOT}?start=org_{org_id}"
    assert org_name in " ".join(pdf_text(png.with_suffix(".pdf").read_bytes()).split())
    for opportunity_id, _ in opportunities:
        assert len(list(out.glob(f"poster-{opportunity_id}-*"))) == 2


def test_one_opportunity_or_organisation_and_one_that_has_none(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main("demo") == 0
    out = tmp_path / "een"
    capsys.readouterr()
    assert run_main("poster", "--bot", BOT, "--out", str(out), "--opportunity", "3") == 0
    assert [p.name for p in sorted(out.iterdir())] == [
        "poster-3-taalmaatje.pdf",
        "poster-3-taalmaatje.png",
    ]
    assert run_main("poster", "--bot", BOT, "--out", str(out), "--organisation", "999") == 1
    captured = capsys.readouterr()
    assert "No poster for organisation 999: there is none with this number." in captured.err
    assert len(list(out.iterdir())) == 2


def test_without_a_username_or_a_token_is_a_setting_error(
    operator: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main("poster") == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("Setting error: BOT_TOKEN: missing;") and "--bot USERNAME" in line
    assert run_main("poster", "--bot", "no spaces allowed") == 2
    assert "is not a bot's username" in capsys.readouterr().err


@pytest.fixture
def bot_api() -> Iterator[FakeBotApi]:
    """The stand-in Bot API in a thread of its own (the command runs its own event loop)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    api = FakeBotApi()
    asyncio.run_coroutine_threadsafe(api.start(), loop).result(10)
    try:
        yield api
    finally:
        asyncio.run_coroutine_threadsafe(api.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def test_the_username_is_asked_from_the_bot_api(
    operator: Path,
    tmp_path: Path,
    bot_api: FakeBotApi,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BOT_TOKEN", TEST_TOKEN)
    monkeypatch.setenv("TELEGRAM_API_URL", bot_api.base_url)
    assert run_main("demo") == 0
    out = tmp_path / "gevraagd"
    assert run_main("poster", "--out", str(out), "--organisation", "1") == 0
    [png] = out.glob("*.png")
    assert read_qr(png.read_bytes()) == f"https://t.me/{BOT}?start=org_1"
    assert TEST_TOKEN not in capsys.readouterr().out
