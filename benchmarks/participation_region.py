"""What the region of ``benchmarks/region.py`` lacks for the participation figures and the
quarterly report (issue #12), added in proportion to its residents: see
``benchmarks/participation.py``, which times them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.region import ADMIN_ID, PAST
from benchmarks.resident_journey import CATEGORIES, ORGANISATIONS
from bot.services.themes import KEYS as THEMES
from bot.store import from_db, to_db

NEIGHBOURHOODS = 40
ROLES = 2 * ORGANISATIONS


def add_participation(path: Path, n: int, now: datetime) -> dict[str, int]:
    """Neighbourhoods, themes, roles and leads, series and "every time", ideas, polls, people
    without a phone and erased people's sign-ups, in proportion to ``n`` residents."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN")
    first_resident, residents = con.execute("SELECT MIN(id), COUNT(*) FROM residents").fetchone()
    opportunities = con.execute("SELECT MAX(id) FROM opportunities").fetchone()[0]
    past_shifts = con.execute(
        "SELECT id, starts_at FROM shifts WHERE starts_at < ? ORDER BY starts_at", (to_db(now),)
    ).fetchall()

    def moment(i: int, count: int, span: timedelta = PAST) -> str:
        """The i-th of ``count`` moments evenly over ``span`` up to now."""
        return to_db(now - span + span * (i + 0.5) / count)

    def later(moment: str, delta: timedelta) -> str:
        """``delta`` after ``moment``, but not after now."""
        return to_db(min(from_db(moment) + delta, now))

    def resident(i: int) -> int:
        return first_resident + (i * 7919) % residents

    con.executemany(
        "INSERT INTO neighbourhoods (id, name, created_at) VALUES (?, ?, ?)",
        [(k + 1, f"Wijk {k + 1:02d}", to_db(now - PAST)) for k in range(NEIGHBOURHOODS)],
    )
    # 60 % live in one; the first neighbourhoods are bigger (x*x spreads them unevenly).
    con.execute(
        f"UPDATE residents SET neighbourhood_id = 1 + ((id * 31) % 1000) * ((id * 31) % 1000)"
        f" * {NEIGHBOURHOODS} / 1000000, neighbourhood_asked_at = consented_at WHERE id % 5 < 3"
    )
    con.executemany(
        "INSERT INTO opportunity_themes (opportunity_id, theme) VALUES (?, ?)",
        [
            (o, THEMES[(o + j) % len(THEMES)])
            for o in range(1, opportunities + 1)
            if o % 7
            for j in range(1 + (o % 3 == 0))
        ],
    )
    roles = range(opportunities + 1, opportunities + ROLES + 1)
    con.executemany(
        "INSERT INTO opportunities (id, organisation_id, category_id, title, description, kind,"
        " status, created_at) VALUES (?, ?, ?, ?, 'Een vaste taak.', 'ongoing', ?, ?)",
        [
            (
                o,
                k % ORGANISATIONS + 1,
                k % len(CATEGORIES) + 1,
                f"Vaste taak {k}",
                "closed" if k % 10 == 9 else "open",
                to_db(now - PAST),
            )
            for k, o in enumerate(roles)
        ],
    )
    con.executemany(
        "INSERT INTO opportunity_themes (opportunity_id, theme) VALUES (?, ?)",
        [(o, THEMES[o % len(THEMES)]) for o in roles],
    )
    leads, started = n // 100, 3 * n // 2000
    statuses = ("new", "contacted", "not_now")
    con.executemany(
        "INSERT INTO role_interests (opportunity_id, resident_id, created_at, status, changed_at,"
        " changed_by) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                roles[i % ROLES],
                resident(i),
                moment(i, leads),
                "started" if i % (leads // started) == 0 else statuses[i % 3],
                later(moment(i, leads), timedelta(days=9)),
                ADMIN_ID,
            )
            for i in range(leads)
        ],
    )
    series, standing = max(1, n // 4000), n // 200
    con.executemany(
        "INSERT INTO series (id, opportunity_id, every_weeks, first_day, until_day, starts, ends,"
        " capacity, created_at) VALUES (?, ?, 1, ?, ?, '14:00', '16:00', 12, ?)",
        [
            (
                k + 1,
                k % opportunities + 1,
                moment(k, series)[:10],
                (now + timedelta(days=300)).date().isoformat(),
                moment(k, series),
            )
            for k in range(series)
        ],
    )
    con.executemany(
        "INSERT OR IGNORE INTO standing_signups (series_id, resident_id, created_at)"
        " VALUES (?, ?, ?)",
        [(i % series + 1, resident(3 * i + 1), moment(i, standing)) for i in range(standing)],
    )
    ideas = n // 200
    con.executemany(
        "INSERT INTO ideas (resident_id, text, theme, status, created_at, opportunity_id,"
        " taken_up_at) VALUES (?, 'Een idee voor de bibliotheek.', ?, ?, ?, ?, ?)",
        [
            (
                resident(5 * i + 2),
                (*THEMES, None)[i % (len(THEMES) + 1)],
                "planned" if i % 5 == 0 else ("new", "considering", "not_now")[i % 3],
                moment(i, ideas),
                i % opportunities + 1 if i % 5 == 0 else None,
                later(moment(i, ideas), timedelta(days=30)) if i % 5 == 0 else None,
            )
            for i in range(ideas)
        ],
    )
    polls, reached = max(1, n // 5000), n // 100
    for p in range(polls):
        created = from_db(moment(p, polls))
        kind = ("choice", "scale", "text", "questionnaire")[p % 4]
        poll_id = con.execute(
            "INSERT INTO polls (created_by, organisation_id, kind, question, audience_kind,"
            " created_at, total, queuing, delivered, unreachable) VALUES (?, ?, ?, 'Hoe ging het?',"
            " 'everyone', ?, ?, 0, ?, ?)",
            (
                ADMIN_ID,
                p % ORGANISATIONS + 1 if p % 3 else None,
                kind,
                to_db(created),
                reached,
                reached - reached // 50,
                reached // 50,
            ),
        ).lastrowid
        rows = [
            (
                poll_id,
                step,
                resident(p * reached + r),
                (r + step) % 5 + 1 if kind != "text" else None,
                "Goed." if kind in ("text", "questionnaire") else None,
                int(step == 3 and r % 4 == 0),
                to_db(created + timedelta(hours=1 + r % 200)),
            )
            for r in range(0, reached, 3)
            for step in range(5 if kind == "questionnaire" else 1)
        ]
        con.executemany(
            "INSERT OR IGNORE INTO poll_answers (poll_id, step, person_id, choice, text, skipped,"
            " answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    guests = max(1, n // 1000)
    con.executemany(
        "INSERT INTO guests (id, organisation_id, first_name, added_by, added_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (g + 1, g % ORGANISATIONS + 1, f"Gast {g}", ADMIN_ID, to_db(now - PAST))
            for g in range(guests)
        ],
    )

    def extra_signups() -> Iterator[tuple[Any, ...]]:
        """(shift, guest, attendance, its moment) of people without a phone (3 shifts each,
        they came) and of people who erased their data (hours without a person)."""
        for g in range(3 * guests):
            shift, starts = past_shifts[(g * 6007) % len(past_shifts)]
            yield shift, g % guests + 1, "came", starts
        for e in range(n // 200):
            shift, starts = past_shifts[(e * 4001) % len(past_shifts)]
            yield shift, None, "came" if e % 4 else "no_show", starts

    con.executemany(
        "INSERT OR IGNORE INTO signups (shift_id, guest_id, status, attendance, created_at,"
        " updated_at, attendance_at) VALUES (?1, ?2, 'confirmed', ?3, ?4, ?4, ?4)",
        extra_signups(),
    )
    con.execute("COMMIT")
    counts = {
        table: con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in (
            "residents",
            "shifts",
            "signups",
            "neighbourhoods",
            "opportunity_themes",
            "role_interests",
            "standing_signups",
            "ideas",
            "polls",
            "poll_answers",
            "guests",
        )
    }
    counts["residents in a neighbourhood"] = con.execute(
        "SELECT COUNT(*) FROM residents WHERE neighbourhood_id IS NOT NULL"
    ).fetchone()[0]
    counts["leads started"] = con.execute(
        "SELECT COUNT(*) FROM role_interests WHERE status = 'started'"
    ).fetchone()[0]
    con.close()
    return counts
