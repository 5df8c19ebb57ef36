"""Callback actions: one definition each, short and versioned; buttons already sent still work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conversations import actions

MESSAGES = Path(__file__).resolve().parents[2] / "bot" / "outbox" / "messages"


def test_no_two_actions_share_a_code() -> None:
    codes = [action.code for action in actions.every().values()]
    assert len(codes) == len(set(codes))


def test_each_button_matches_its_own_action_and_no_other() -> None:
    for name, action in actions.every().items():
        values = [7 if p.kind is int else "x" for p in action.params]
        data = action.data(*values)
        assert 1 <= len(data.encode()) <= 64, name
        matching = [n for n, a in actions.every().items() if re.match(a.pattern, data)]
        assert matching == [name], (name, data, matching)


def test_buttons_sent_before_the_names_keep_their_meaning() -> None:
    """The wire format did not change: data in messages people have now still matches."""
    sent = {
        "1:sc:42": actions.SIGN_UP,
        "1:kecy:7": actions.CANCEL_SHIFT,
        "1:keoy:7": actions.CANCEL_OPPORTUNITY,
        "1:rm:12:nc": actions.REMINDER_REPLY,
        "1:set:rem:0": actions.SETTINGS,
        "1:set": actions.SETTINGS,
        "1:ok:nl:0": actions.CONSENT,
        "1:cal:5": actions.CALENDAR_FILE,
    }
    for data, action in sent.items():
        assert re.match(action.pattern, data), data


def test_wrong_arguments_are_refused_when_a_button_is_made() -> None:
    with pytest.raises((TypeError, ValueError)):
        actions.SIGN_UP.data("x")
    with pytest.raises((TypeError, ValueError)):
        actions.SIGN_UP.data()


def test_every_action_an_outbox_message_names_exists() -> None:
    named = set()
    for path in MESSAGES.glob("*.py"):
        named |= set(re.findall(r'tap\(\s*[^,]+,\s*"([A-Z_]+)"', path.read_text()))
    assert named, "the messages name no actions: the pattern above is out of date"
    for name in named:
        assert actions.named(name) is not None
