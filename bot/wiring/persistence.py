"""python-telegram-bot's persistence on the bot's own SQLite database.

Only conversation states and ``user_data`` (what someone typed so far in a flow) are kept;
chat_data, bot_data and callback_data are not used by Meedoen.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import ConversationDict, ConversationKey

from bot.clock import Clock
from bot.store import Database
from bot.store import conversation_state as store

log = logging.getLogger(__name__)


class SqlitePersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(self, db: Database, clock: Clock, update_interval: float = 1.0) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self.db = db
        self.clock = clock
        # A flow's timeout in seconds, by conversation name (None: no timeout). Set by the wiring
        # once the flows are registered; PTB does not persist timeouts, so a state older than its
        # flow's timeout is dropped at start instead of waiting for a timeout that never comes.
        self.max_age: Callable[[str], float | None] = lambda name: None
        # What is in the database now. PTB hands over every active person's data each interval,
        # changed or not; writing only what changed keeps the database lock free for sign-ups.
        self._stored_user_data: dict[int, str] = {}
        self._stored_states: dict[tuple[str, str], str] = {}

    async def get_conversations(self, name: str) -> ConversationDict:
        await self.db.ensure_open()
        async with self.db.read() as conn:
            rows = await store.conversations(name, conn=conn)
        max_age, now = self.max_age(name), self.clock.now()
        lapsed = {
            key
            for key, _, written in rows
            if max_age is not None
            and written is not None
            and (now - written).total_seconds() > max_age
        }
        if lapsed:
            async with self.db.transaction() as conn:
                for key in lapsed:
                    await store.drop_conversation(name, key, conn=conn)
            log.info("%s: %s conversation(s) lapsed while the bot was down", name, len(lapsed))
        kept = [(key, state) for key, state, _ in rows if key not in lapsed]
        self._stored_states.update({(name, key): state for key, state in kept})
        return {tuple(json.loads(key)): json.loads(state) for key, state in kept}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        row_key = json.dumps(list(key))
        state = None if new_state is None else json.dumps(new_state)
        if self._stored_states.get((name, row_key)) == state:
            return
        async with self.db.transaction() as conn:
            if state is None:
                await store.drop_conversation(name, row_key, conn=conn)
            else:
                await store.save_conversation(name, row_key, state, self.clock.now(), conn=conn)
        if state is None:
            self._stored_states.pop((name, row_key), None)
        else:
            self._stored_states[(name, row_key)] = state

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        await self.db.ensure_open()
        async with self.db.read() as conn:
            rows = await store.all_user_data(conn=conn)
        self._stored_user_data = dict(rows)
        return {user_id: json.loads(data) for user_id, data in rows}

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        stored = json.dumps(data) if data else None
        if self._stored_user_data.get(user_id) == stored:
            return
        async with self.db.transaction() as conn:
            if stored is not None:
                await store.save_user_data(user_id, stored, conn=conn)
            else:
                await store.drop_user_data(user_id, conn=conn)
        if stored is None:
            self._stored_user_data.pop(user_id, None)
        else:
            self._stored_user_data[user_id] = stored

    async def drop_user_data(self, user_id: int) -> None:
        async with self.db.transaction() as conn:
            await store.drop_user_data(user_id, conn=conn)
            await store.drop_conversations_of(user_id, conn=conn)
        self._stored_user_data.pop(user_id, None)
        suffix = f", {user_id}]"
        for stored_key in [k for k in self._stored_states if k[1].endswith(suffix)]:
            del self._stored_states[stored_key]

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        pass

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        pass

    async def drop_chat_data(self, chat_id: int) -> None:
        pass

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        pass

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        pass

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        pass

    async def get_callback_data(self) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        pass

    async def flush(self) -> None:
        pass
