"""The one SQLite connection, its migrations, and transactions that never interleave; and
read-only connections for heavy reads (figures, exports) that never wait for it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import sys
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import aiosqlite

from bot.clock import from_utc_text, utc_text

log = logging.getLogger(__name__)

# Heavy reads at the same time, each on its own read-only connection; more wait for one.
SNAPSHOT_READERS = 3

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


# Moments are stored as UTC text (one format with the drafts that flows keep): see bot.clock.
to_db = utc_text
from_db = from_utc_text


# A statement with ``async with conn.execute() as cur`` and ``await cur.fetchone()`` is three trips
# to aiosqlite's thread (execute, fetch, close), each a wake-up of the event loop; these are one.
async def fetch_all(
    conn: aiosqlite.Connection, sql: str, args: Sequence[object] | Mapping[str, object] = ()
) -> list[aiosqlite.Row]:
    """Every row of a query, in one trip to the database thread."""
    return list(await conn.execute_fetchall(sql, args))


async def fetch_one(
    conn: aiosqlite.Connection, sql: str, args: Sequence[object] | Mapping[str, object] = ()
) -> aiosqlite.Row | None:
    """The first row of a query that finds at most a few (by key, a count, LIMIT 1), or None."""
    rows = await fetch_all(conn, sql, args)
    return rows[0] if rows else None


def and_in(column: str, ids: Sequence[int] | None) -> tuple[str, list[object]]:
    """`` AND column IN (...)`` and its arguments, to narrow a query to some organisations
    (or other ids); None: no narrowing, all of them."""
    if ids is None:
        return "", []
    return f" AND {column} IN ({','.join('?' * len(ids)) or 'NULL'})", list(ids)


class Database:
    """One aiosqlite connection shared by the whole bot (and read-only ones for heavy reads).

    aiosqlite runs every statement on one thread, but two coroutines could still interleave their
    statements inside one transaction. ``transaction()`` and ``read()`` therefore take a lock, so
    each unit of work sees and writes a consistent state; ``BEGIN IMMEDIATE`` makes a count that
    guards a write (capacity) safe even against another process.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        # Read-only connections for snapshot(): opened when first needed, kept for the next one.
        self._readers: list[aiosqlite.Connection] = []  # every one opened
        self._idle_readers: list[aiosqlite.Connection] = []
        self._reader_slots = asyncio.Semaphore(SNAPSHOT_READERS)
        self._checkpointer: aiosqlite.Connection | None = None

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    async def open(self) -> None:
        if isinstance(self.path, Path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves.
        self._conn = await aiosqlite.connect(str(self.path), isolation_level=None)
        self._conn.row_factory = aiosqlite.Row
        await self._conn.execute("PRAGMA journal_mode=WAL")
        await self._conn.execute("PRAGMA foreign_keys=ON")
        await self._conn.execute("PRAGMA synchronous=NORMAL")
        await self._conn.execute("PRAGMA busy_timeout=5000")
        # No checkpoint at a commit: on a large file it held the writer for 300 ms (every
        # thousand pages, during a broadcast's planning or a re-plan). checkpoint() does it
        # from a connection of its own, which holds up neither writers nor readers.
        await self._conn.execute("PRAGMA wal_autocheckpoint=0")
        await self.migrate()

    async def ensure_open(self) -> None:
        """Open on first use: PTB reads persistence before ``post_init`` runs."""
        if self._conn is None:
            await self.open()

    async def close(self) -> None:
        readers, self._readers, self._idle_readers = self._readers, [], []
        for reader in readers:
            await reader.close()
        if self._checkpointer is not None:
            await self._checkpointer.close()
            self._checkpointer = None
        if self._conn is not None:
            # The last one: what is in the write-ahead log goes into the file, the log is emptied.
            await self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            await self._conn.close()
            self._conn = None

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: committed when the block ends, rolled back on any error."""
        async with self._lock:
            conn = self.conn
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            else:
                await conn.execute("COMMIT")

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """Reads that must not see another coroutine's half-done transaction."""
        async with self._lock:
            yield self.conn

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[aiosqlite.Connection]:
        """Heavy reads (figures, exports) on a read-only connection of their own.

        Takes no lock: in WAL mode a reader neither waits for the writer nor holds it up, so
        residents' screens go on while a coordinator's figures are counted. Every query in the
        block sees one consistent state of the database (one read transaction). A database in
        memory has no second connection; there this is :meth:`read`.
        """
        if not isinstance(self.path, Path):
            async with self.read() as conn:
                yield conn
            return
        async with self._reader_slots:
            conn = self._idle_readers.pop() if self._idle_readers else await self._open_reader()
            reusable = False
            try:
                await conn.execute("BEGIN")  # deferred: the snapshot is taken at the first read
                try:
                    yield conn
                finally:
                    await conn.execute("COMMIT")  # read only: there is nothing to write
                    reusable = True
            finally:
                if reusable and conn in self._readers:
                    self._idle_readers.append(conn)
                elif conn in self._readers:  # not closed by close() meanwhile: do so now
                    self._readers.remove(conn)
                    await conn.close()

    async def checkpoint(self) -> tuple[int, int]:
        """Copy the write-ahead log into the database file, from a connection of its own
        (PASSIVE: it waits for nobody and nobody waits for it); (log pages, pages copied).
        The wiring runs it every few seconds; with autocheckpoint off, nothing else does."""
        if not isinstance(self.path, Path) or self._conn is None:
            return 0, 0
        if self._checkpointer is None:
            self._checkpointer = await aiosqlite.connect(str(self.path), isolation_level=None)
            await self._checkpointer.execute("PRAGMA busy_timeout=5000")
        async with self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)") as cursor:
            row = await cursor.fetchone()
        return (int(row[1]), int(row[2])) if row else (0, 0)

    async def _open_reader(self) -> aiosqlite.Connection:
        assert isinstance(self.path, Path)
        if self._conn is None:
            raise RuntimeError("database is not open")
        uri = f"{self.path.absolute().as_uri()}?mode=ro"
        conn = await aiosqlite.connect(uri, uri=True, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        # Its thread yields the processor to people's screens when both want it (Linux keeps
        # a nice value per thread; elsewhere this changes nothing). aiosqlite has no public way
        # to run a call in its connection's thread; _execute is that way.
        await conn._execute(_yield_to_people)
        await conn.execute("PRAGMA query_only=ON")
        await conn.execute("PRAGMA busy_timeout=5000")
        self._readers.append(conn)
        return conn

    async def migrate(self) -> None:
        """Apply the numbered ``migrations/NNNN_name.sql`` files that have not run yet, in order."""
        conn = self.conn
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        async with conn.execute("SELECT version FROM schema_migrations") as cur:
            done = {row[0] for row in await cur.fetchall()}
        for version, name, sql in _migrations():
            if version in done:
                continue
            log.info("applying migration %04d %s", version, name)
            async with self.transaction() as tx:
                # executescript would COMMIT on its own; run statement by statement instead.
                for statement in _statements(sql):
                    await tx.execute(statement)
                await tx.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, to_db(datetime.now(UTC))),
                )


READER_NICENESS = 5  # heavy reads (figures, exports) come after people's screens


def _yield_to_people() -> None:
    """In a reader connection's own thread: a lower priority for that thread alone."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, 0, READER_NICENESS)


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    folder = resources.files("bot.store") / "migrations"
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    versions = [v for v, _, _ in found]
    if len(versions) != len(set(versions)):
        raise RuntimeError("two migrations share a number")
    return sorted(found)


def _statements(sql: str) -> list[str]:
    """Split a migration on ';' at line ends (migrations hold no triggers or ';' in strings)."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";\n") if s.strip().rstrip(";")]
