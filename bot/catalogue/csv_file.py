"""Opportunities written out as an import file (``python -m bot demo --csv FILE``).

The file :func:`bot.catalogue.reading.parse_catalogue` reads back: one row per shift, local
times, semicolons and CRLF as Dutch Excel writes them; the themes last, by their Dutch names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.catalogue import theme_column
from bot.catalogue.reading import COLUMNS, OpportunityRow


def to_csv(opportunities: Sequence[OpportunityRow], zone: ZoneInfo, separator: str = ";") -> str:
    """Opportunities as an import file, one row per shift (what Dutch Excel opens as is)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(COLUMNS + theme_column.COLUMNS)

    def local(moment: datetime) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    for item in opportunities:
        details = [item.organisation, item.title, item.description, item.category, item.location]
        themes = theme_column.cell(item.themes)
        if not item.shifts:
            writer.writerow([*details, "", "", "", themes])
        for shift in item.shifts:
            when = [local(shift.starts_at), local(shift.ends_at), str(shift.capacity)]
            writer.writerow([*details, *when, themes])
    return out.getvalue()
