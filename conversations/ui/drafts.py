"""What a person is writing in a flow, kept in their ``user_data`` (persisted: a restart keeps
it), under one key per flow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conversations.ui.context import Context


@dataclass(frozen=True)
class UserDraft:
    key: str

    def current(self, context: Context) -> dict[str, Any]:
        """The draft (made empty the first time)."""
        assert context.user_data is not None
        found = context.user_data.setdefault(self.key, {})
        assert isinstance(found, dict)
        return found

    def forget(self, context: Context) -> None:
        if context.user_data is not None:
            context.user_data.pop(self.key, None)
