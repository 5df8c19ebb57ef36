"""Reading what the bot hands people as files, as a person's phone or printer would: the text
of a PDF (pypdf) and the link in a QR code (zxing-cpp, as a phone's camera reads it); and the
poster a coordinator gets from the chat."""

from __future__ import annotations

import io
from typing import Any

import zxingcpp
from PIL import Image
from pypdf import PdfReader

from bot.sandbox.harness import Person, visible
from tests.support.chat import tap


def read_qr(png: bytes) -> str:
    """The text of the one QR code in a PNG."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return str(code.text)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF's pages, each line as it prints; runs of spaces read as one."""
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def poster_files(person: Person, before: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two files a poster came as, after the first ``before`` documents: PDF, then PNG."""
    documents = person.documents()[before:]
    assert len(documents) == 2, [visible(m) for m in person.messages()[-3:]]
    pdf, png = documents
    assert pdf["document"]["file_name"].endswith(".pdf")
    assert png["document"]["file_name"].endswith(".png")
    return pdf, png


async def poster_from_edit(
    coordinator: Person, title: str
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """/edit, the opportunity, "🖨 Poster" (a Dutch coordinator): the tap's answer, then the
    PDF and the PNG it brought."""
    before = len(coordinator.documents())
    await coordinator.send("/edit")
    await coordinator.click(title)
    answer = await tap(coordinator, "🖨 Poster")
    return answer, *poster_files(coordinator, before)
