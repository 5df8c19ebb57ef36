"""A QR code as a PNG, to print or to show on a phone (the check-in code at the door).

segno writes the QR code (ISO/IEC 18004) itself: error correction level M, so a code printed on
paper that got a crease still scans, and a quiet zone of four modules as the standard asks.
"""

from __future__ import annotations

import io

import segno

SCALE = 10  # pixels per module: a link of about 60 characters gives some 450 x 450 pixels


def png(text: str) -> bytes:
    """``text`` (a link) as a black-on-white QR code in a PNG."""
    code = segno.make(text, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=SCALE, border=4)
    return buffer.getvalue()
