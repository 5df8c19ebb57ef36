"""Every word a person reads comes from the catalogues, in both languages, with the same slots."""

from __future__ import annotations

from bot.i18n_tools import code_messages, problems


def test_code_has_messages() -> None:
    assert len(code_messages()) > 20


def test_every_message_translated_with_same_placeholders() -> None:
    found = list(problems())
    assert not found, "\n".join(found[:40])
