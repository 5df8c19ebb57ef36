"""python-telegram-bot's persistence on the bot's own SQLite database.

Only conversation states and ``user_data`` (what someone typed so far in a flow) are kept;
chat_data, bot_data and callback_data are not used by Meedoen.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import ConversationDict, ConversationKey

from bot.store import Database
from bot.store import conversation_state as store


class SqlitePersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(self, db: Database, update_interval: float = 1.0) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self.db = db

    async def get_conversations(self, name: str) -> ConversationDict:
        await self.db.ensure_open()
        async with self.db.read() as conn:
            rows = await store.conversations(name, conn=conn)
        return {tuple(json.loads(key)): json.loads(state) for key, state in rows}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        async with self.db.transaction() as conn:
            if new_state is None:
                await store.drop_conversation(name, json.dumps(list(key)), conn=conn)
            else:
                await store.save_conversation(
                    name, json.dumps(list(key)), json.dumps(new_state), conn=conn
                )

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        await self.db.ensure_open()
        async with self.db.read() as conn:
            rows = await store.all_user_data(conn=conn)
        return {user_id: json.loads(data) for user_id, data in rows}

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        async with self.db.transaction() as conn:
            if data:
                await store.save_user_data(user_id, json.dumps(data), conn=conn)
            else:
                await store.drop_user_data(user_id, conn=conn)

    async def drop_user_data(self, user_id: int) -> None:
        async with self.db.transaction() as conn:
            await store.drop_user_data(user_id, conn=conn)
            await store.drop_conversations_of(user_id, conn=conn)

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
