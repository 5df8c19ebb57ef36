"""The bot's HTTP client to the Bot API (aiohttp under PTB): what PTB expects of a transport.

Every other test already goes through it (texts, edits, the .ics upload, the /stats chart);
these cover what those never meet: an API that does not answer, one that drops the connection,
uploads read back byte for byte, and closing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import BodyPartReader, web
from telegram import Bot, InputFile
from telegram.error import NetworkError, TimedOut

from bot.sandbox.harness import TEST_TOKEN
from bot.wiring.http_client import AiohttpRequest, _proxy_for_origin

ME = {"id": 1, "is_bot": True, "first_name": "Meedoen", "username": "meedoen_bot"}


class Api:
    """A tiny Bot API on 127.0.0.1 whose behaviour each test sets."""

    def __init__(self) -> None:
        self.mode = "answer"
        self.release = asyncio.Event()
        self.uploads: list[dict[str, object]] = []

    async def handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if self.mode == "hang":  # an API that never answers, until the test ends
            await self.release.wait()
        if self.mode == "drop":  # the connection ends without an answer
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        if method == "getMe":
            return web.json_response({"ok": True, "result": ME})
        fields: dict[str, object] = {}
        reader = await request.multipart()
        async for part in reader:
            assert isinstance(part, BodyPartReader)
            if part.filename:
                fields[part.name or ""] = {
                    "filename": part.filename,
                    "type": part.headers.get("Content-Type"),
                    "content": (await part.read()).decode(),
                }
            else:
                fields[part.name or ""] = await part.text()
        self.uploads.append(fields)
        message = {"message_id": 7, "date": 0, "chat": {"id": 42, "type": "private"}}
        return web.json_response({"ok": True, "result": message})


@pytest.fixture
async def api() -> AsyncIterator[tuple[Api, str]]:
    api = Api()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield api, f"http://127.0.0.1:{port}/bot"
    api.release.set()
    await runner.cleanup()


async def test_a_file_arrives_with_its_name_type_and_caption(api: tuple[Api, str]) -> None:
    server, url = api
    bot = Bot(TEST_TOKEN, base_url=url, request=AiohttpRequest())
    async with bot:
        content = "BEGIN:VCALENDAR\r\nSUMMARY:Voorlezen & <knutselen> 📚\r\nEND:VCALENDAR\r\n"
        await bot.send_document(
            42,
            InputFile(content.encode(), filename="dienst.ics"),
            caption="Tot <b>zaterdag</b> & 🎉",
            parse_mode="HTML",
        )
    (upload,) = server.uploads
    assert upload["chat_id"] == "42"
    assert upload["caption"] == "Tot <b>zaterdag</b> & 🎉"
    assert upload["document"] == {
        "filename": "dienst.ics",
        "type": "text/calendar",
        "content": content,
    }


async def test_an_api_that_does_not_answer_is_a_timeout_within_the_read_timeout(
    api: tuple[Api, str],
) -> None:
    server, url = api
    server.mode = "hang"
    request = AiohttpRequest(read_timeout=0.2, write_timeout=0.1)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await asyncio.wait_for(
                request.post(f"{url}{TEST_TOKEN}/getMe"),
                timeout=5,  # bounded: the client's own timeout must fire well before
            )
    finally:
        await request.shutdown()


async def test_a_dropped_connection_is_a_network_error(api: tuple[Api, str]) -> None:
    server, url = api
    server.mode = "drop"
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as raised:
            await asyncio.wait_for(request.post(f"{url}{TEST_TOKEN}/getMe"), timeout=5)
        assert not isinstance(raised.value, TimedOut)
    finally:
        await request.shutdown()


async def test_nothing_is_sent_before_initialize_or_after_shutdown(api: tuple[Api, str]) -> None:
    _, url = api
    request = AiohttpRequest()
    with pytest.raises(NetworkError, match="not initialized"):
        await request.post(f"{url}{TEST_TOKEN}/getMe")
    await request.initialize()
    answer = await request.post(f"{url}{TEST_TOKEN}/getMe")
    assert answer == ME
    await request.shutdown()
    await request.shutdown()  # twice: nothing happens
    with pytest.raises(NetworkError, match="not initialized"):
        await request.post(f"{url}{TEST_TOKEN}/getMe")


async def test_a_proxy_from_the_environment_is_used_unless_no_proxy_names_the_host(
    api: tuple[Api, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As with httpx before: HTTP(S)_PROXY and NO_PROXY, read once per host."""
    _, url = api
    proxy = url.removesuffix("/bot")  # the tiny API stands in for the proxy too
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.setenv("NO_PROXY", "localhost")
    _proxy_for_origin.cache_clear()
    request = AiohttpRequest()
    await request.initialize()
    try:
        # api.telegram.invalid resolves nowhere: only through the proxy can this be answered
        where = f"http://api.telegram.invalid/bot{TEST_TOKEN}/getMe"
        answer = await asyncio.wait_for(request.post(where), timeout=10)
        assert answer == ME
        monkeypatch.setenv("NO_PROXY", "api.telegram.invalid")
        _proxy_for_origin.cache_clear()
        with pytest.raises(NetworkError):
            await asyncio.wait_for(request.post(where), timeout=10)
    finally:
        await request.shutdown()
        _proxy_for_origin.cache_clear()
