"""Opportunities written out as an import file (``python -m bot demo --csv FILE``).

The file :func:`bot.catalogue.reading.parse_catalogue` reads back: one row per shift, local
times, semicolons and CRLF as Dutch Excel writes them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.catalogue.reading import COLUMNS, OpportunityRow
from bot.catalogue.translation_columns import column_name, columns_for


def to_csv(opportunities: Sequence[OpportunityRow], zone: ZoneInfo, separator: str = ";") -> str:
    """Opportunities as an import file, one row per shift (what Dutch Excel opens as is), with a
    column for each translation any of them has (``title_en``, ...)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    translated = columns_for(item.translations for item in opportunities)
    writer.writerow([*COLUMNS, *(column_name(*key) for key in translated)])

    def local(moment: datetime) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    for item in opportunities:
        details = [item.organisation, item.title, item.description, item.category, item.location]
        texts = [item.translations.get(key, "") for key in translated]
        if not item.shifts:
            writer.writerow([*details, "", "", "", *texts])
        for shift in item.shifts:
            when = [local(shift.starts_at), local(shift.ends_at), str(shift.capacity)]
            writer.writerow([*details, *when, *texts])
    return out.getvalue()
