"""The handler table is the one place that registers handlers and schedules jobs."""

from __future__ import annotations

from pathlib import Path

from bot.wiring import handlers

ROOT = Path(__file__).resolve().parents[2]


def test_no_flow_registers_itself_or_schedules_jobs() -> None:
    for path in (ROOT / "conversations").rglob("*.py"):
        text = path.read_text()
        for word in ("add_handler(", "run_repeating(", "def register("):
            assert word not in text, f"{path.relative_to(ROOT)} has {word}"


def test_the_table_lists_each_group_in_its_documented_order() -> None:
    groups = [slot.group for slot in handlers.table()]
    assert groups == sorted(groups)
    documented = [-100, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0]
    assert sorted(set(groups)) == documented
    assert all(f"| {group} |" in (handlers.__doc__ or "") for group in documented)
