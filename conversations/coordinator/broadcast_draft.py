"""A broadcast while it is being written: the draft in the coordinator's ``user_data``."""

from __future__ import annotations

from conversations.ui.drafts import UserDraft

DRAFT = UserDraft("broadcast")
current = DRAFT.current
forget = DRAFT.forget
