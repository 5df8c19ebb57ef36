"""The command line: settings errors, import, demo, and the bot running as a real process."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp import web

from bot.catalogue.reading import COLUMNS
from bot.sandbox.fake_api import Call, FakeBotApi
from bot.sandbox.harness import TEST_TOKEN, visible
from tests.support.cli import clean_env, run_main, write_csv


def meedoen(
    tmp_path: Path, *args: str, stdin: str = "", **settings: str
) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS`` in a folder without a .env file."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=clean_env(**settings),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "settings", "name"),
    [
        ((), {}, "BOT_TOKEN"),
        (("run",), {"BOT_TOKEN": " "}, "BOT_TOKEN"),
        (("run",), {"BOT_TOKEN": TEST_TOKEN, "TIMEZONE": "Mars/Olympus_Mons"}, "TIMEZONE"),
        (("import", "x.csv"), {"COORDINATOR_IDS": "12,abc"}, "COORDINATOR_IDS"),
        (("demo",), {"DEFAULT_LOCALE": "fr"}, "DEFAULT_LOCALE"),
        (("sandbox",), {"TELEGRAM_API_URL": "api.telegram.org"}, "TELEGRAM_API_URL"),
        (("demo",), {"DATABASE_PATH": "a-file/meedoen.sqlite3"}, "DATABASE_PATH"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], settings: dict[str, str], name: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    done = meedoen(tmp_path, *args, **settings)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"Setting error: {name}: ")
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_help_lists_the_commands(tmp_path: Path) -> None:
    done = meedoen(tmp_path, "--help")
    assert done.returncode == 0
    for command in ("run", "import", "demo", "sandbox"):
        assert command in done.stdout


# -- import and demo, as an operator runs them ----------------------------------------------------


def table_counts(db: Path) -> tuple[int, ...]:
    with sqlite3.connect(db) as conn:
        return tuple(
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("organisations", "opportunities", "shifts")
        )


BIEB = "Bibliotheek Rivierenland"
ROWS = [
    f"{BIEB};Voorlezen;Lees voor;Voorlezen;Hal;2030-12-04 14:00;2030-12-04 16:00;3",
    f"{BIEB};Voorlezen;;;;2030-12-11 14:00;2030-12-11 16:00;3",
    "Welzijn Samen;Taalmaatje;Elke week een uur;Taal;;;;",
]


def test_import_prints_what_it_added_and_nothing_twice(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write_csv(tmp_path / "aanbod.csv", *ROWS)
    assert run_main("import", str(file)) == 0
    assert capsys.readouterr().out == (
        f"{file}: Added 2 organisations, 2 categories, 2 opportunities, 2 shifts.\n"
    )
    assert table_counts(operator) == (2, 2, 2)
    assert run_main("import", str(file)) == 0
    assert "Nothing new" in capsys.readouterr().out
    assert table_counts(operator) == (2, 2, 2)


def test_a_bad_row_is_named_and_nothing_of_the_file_is_written(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main("import", str(write_csv(tmp_path / "eerst.csv", ROWS[0]))) == 0
    before = table_counts(operator)
    bad = ROWS[0].replace("2030-12-04 14:00", "2030-12-11 14.00")
    file = write_csv(tmp_path / "fout.csv", ROWS[2], "Nieuw;Nieuw;x;Nieuw;;;;", bad)
    capsys.readouterr()
    assert run_main("import", str(file)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{file}: line 4, column starts_at: '2030-12-11 14.00' is not")
    assert err[-1] == f"{file}: nothing was imported; correct the file and try again."
    assert table_counts(operator) == before


def test_import_of_a_missing_file_says_so(
    operator: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main("import", "weg.csv") == 1
    assert "weg.csv: cannot read the file" in capsys.readouterr().err


def test_shifts_in_the_past_are_imported_with_a_note(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    past = ROWS[0].replace("2030", "2020")
    assert run_main("import", str(write_csv(tmp_path / "oud.csv", past))) == 0
    assert "1 shift has already started and are not offered (lines 2)" in (capsys.readouterr().out)


def test_demo_loads_once_and_writes_an_example_file(
    operator: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main("demo") == 0
    first = capsys.readouterr().out
    assert first.startswith(f"Demo catalogue in {operator}: Added 3 organisations, 8 categories")
    counts = table_counts(operator)
    assert counts[1] >= 12
    assert run_main("demo") == 0
    assert "Nothing new" in capsys.readouterr().out
    assert table_counts(operator) == counts
    # The example file is the same catalogue in the import format: importing it adds nothing.
    example = tmp_path / "voorbeeld.csv"
    assert run_main("demo", "--csv", str(example)) == 0
    assert example.read_bytes().startswith(b"\xef\xbb\xbf" + ";".join(COLUMNS).encode())
    capsys.readouterr()
    assert run_main("import", str(example)) == 0
    assert "Nothing new" in capsys.readouterr().out


# -- the bot as a process ------------------------------------------------------------------------


async def test_the_bot_process_answers_start_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    api = FakeBotApi()
    await api.start()
    answered = asyncio.Event()

    def watch(call: Call) -> None:
        if call.method == "sendMessage" and str(call.params.get("chat_id")) == "501":
            answered.set()

    api.on_call.append(watch)
    log = (tmp_path / "bot.log").open("w+")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=clean_env(
            BOT_TOKEN=TEST_TOKEN,
            TELEGRAM_API_URL=api.base_url,
            DATABASE_PATH=str(tmp_path / "db" / "meedoen.sqlite3"),
        ),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
    )
    try:
        api.add_user(501, "Anna", "nl")
        api.user_message(501, "/start")
        await asyncio.wait_for(answered.wait(), 60)
        [welcome] = api.bot_messages(501)
        assert "Welkom bij Meedoen" in visible(welcome)
        assert {"nl", "en"} <= set(api.commands)
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await api.stop()
    log.seek(0)
    output = log.read()
    log.close()
    assert "Traceback" not in output and "ERROR" not in output
    assert TEST_TOKEN.split(":")[1] not in output, "the token must not be logged"
    assert (tmp_path / "db" / "meedoen.sqlite3").exists()
    assert not api.errors


@pytest.mark.parametrize("reachable", [True, False])
async def test_a_refused_token_or_an_unreachable_api_is_one_line(
    tmp_path: Path, reachable: bool
) -> None:
    async def refuse(request: web.Request) -> web.Response:
        body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
        return web.json_response(body, status=401)

    app = web.Application()
    app.router.add_route("*", "/{path:.*}", refuse)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    if not reachable:
        await runner.cleanup()
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=tmp_path,
            env=clean_env(
                BOT_TOKEN="123:not-accepted",
                TELEGRAM_API_URL=f"http://127.0.0.1:{port}/bot",
                DATABASE_PATH=str(tmp_path / "meedoen.sqlite3"),
            ),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        _, err = await asyncio.wait_for(process.communicate(), 60)
    finally:
        await runner.cleanup()
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1, lines
    if reachable:
        assert process.returncode == 2
        assert lines[0].startswith("Setting error: BOT_TOKEN: the Bot API does not accept")
    else:
        assert process.returncode == 1
        assert lines[0].startswith(
            f"Cannot reach the Bot API at TELEGRAM_API_URL=http://127.0.0.1:{port}/bot"
        )
    assert "not-accepted" not in err.decode()
