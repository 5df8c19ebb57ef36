"""PTB's requests to the Bot API over aiohttp instead of httpx.

Every screen a resident sees costs one or more Bot API calls, and with httpx each call cost the
bot process more CPU than all of Meedoen's own work for the update (see benchmarks/README.md).
aiohttp, whose HTTP parser is compiled and whose connection pool does not scan its idle
connections on every request, does the same work for about a third of that. It is already a
dependency: the stand-in Bot API is built on it.

The behaviour PTB relies on is kept: the same timeouts (with a longer write timeout for uploads),
form-encoded parameters, multipart for files, and PTB's own errors (``TimedOut``,
``NetworkError``) for whatever goes wrong on the way.
"""

from __future__ import annotations

import functools
import urllib.parse
import urllib.request
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """A :class:`telegram.request.BaseRequest` on one ``aiohttp.ClientSession``."""

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_pool_size",
        "_pool_timeout",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                # Telegram's answers are JSON that PTB parses itself; no cookies to keep.
                cookie_jar=aiohttp.DummyCookieJar(),
                # Not trust_env: it also looks up ~/.netrc on a worker thread for every request
                # (7 s of CPU in 9,000 updates). Proxies from the environment: _proxy_for.
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | DefaultValue[Any] | None = BaseRequest.DEFAULT_NONE,
        write_timeout: float | DefaultValue[Any] | None = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | DefaultValue[Any] | None = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | DefaultValue[Any] | None = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        if isinstance(write_timeout, DefaultValue):
            write_timeout = self._media_write_timeout if files else self._write_timeout
        # aiohttp has no separate write timeout: sending the request and reading the answer
        # share sock_read's clock only once the request is sent, so the write time is added.
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=None if read is None else read + (write_timeout or 0.0),
        )
        body: Any = None
        if request_data is not None:
            fields = request_data.json_parameters
            body = _form(fields, files) if files else fields
        try:
            async with self._session.request(
                method, url, data=body, timeout=timeout, proxy=_proxy_for(url)
            ) as answer:
                return answer.status, await answer.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err


@functools.lru_cache(maxsize=16)
def _proxy_for_origin(scheme: str, host: str) -> str | None:
    if urllib.request.proxy_bypass(host):
        return None
    return urllib.request.getproxies().get(scheme)


def _proxy_for(url: str) -> str | None:
    """HTTPS_PROXY / HTTP_PROXY unless NO_PROXY names the host, as httpx honoured them."""
    parts = urllib.parse.urlsplit(url)
    return _proxy_for_origin(parts.scheme, parts.hostname or "")


def _form(fields: dict[str, str], files: dict[str, Any]) -> aiohttp.FormData:
    """Parameters and files as multipart/form-data, the way Telegram takes uploads."""
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, upload in files.items():
        # PTB hands a file as (file name, content, mime type), as httpx would take it.
        file_name, content, mime_type = upload
        form.add_field(name, content, filename=file_name, content_type=mime_type)
    return form
